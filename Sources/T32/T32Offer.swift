// T32Offer: what the host offers a Class 2 / 2.0 modem, from the session's FaxSessionOptions —
// the capabilities (+FCC / +FDCC, set before the call) and the session parameters for one
// document (+FIS / +FDIS, set before the first +FDT). The modem negotiates within them on the
// line and reports the outcome with +FCS.
//
// The options map onto the T.32 parameters (§8.5.1) as follows:
//   modems        V.17 → BR 5 (14400), else V.29 → BR 3 (9600), else V.27ter → BR 1 (4800)
//   compressions  T.6 (with ECM only: T.30 allows MMR only under ECM) → DF 3, else T.4 2-D → DF 1,
//                 else DF 0 (MH)
//   ECM           EC 1 in Class 2.0 (T.30 Annex A); EC 2 in Class 2 (SP-2388: 256-octet frames)
//   resolutions   VR 1 (fine) if fine is allowed, else 0; a document at standard asks for VR 0
// WD is A4 (1728), LN unlimited, no binary file transfer, scan time 0.

import T30
import T4

public enum T32Offer {
    /// +FCC / +FDCC: everything the options allow.
    public static func capabilities(_ options: FaxSessionOptions, dialect: T32Dialect) -> T32SessionParameters {
        T32SessionParameters(verticalResolution: options.resolutions.contains(.fine) ? 1 : 0, bitRate: bitRate(options.modems),
                             pageWidth: 0, pageLength: 2, dataFormat: dataFormat(options),
                             errorCorrection: errorCorrection(options, dialect: dialect))
    }

    /// +FIS / +FDIS for a document at `resolution`: the capabilities, at the document's resolution.
    public static func session(_ options: FaxSessionOptions, dialect: T32Dialect, resolution: FaxResolution) -> T32SessionParameters {
        var parameters = capabilities(options, dialect: dialect)
        parameters.verticalResolution = resolution == .standard ? 0 : 1
        return parameters
    }

    /// The highest BR the modems reach.
    static func bitRate(_ modems: FaxModems) -> Int {
        modems.contains(.v17) ? 5 : modems.contains(.v29) ? 3 : 1
    }

    /// The best DF the compressions allow (MMR only where ECM is allowed too).
    static func dataFormat(_ options: FaxSessionOptions) -> Int {
        if options.compressions.contains(.t6) && options.errorCorrection { return 3 }
        return options.compressions.contains(.t4TwoDimensional) ? 1 : 0
    }

    static func errorCorrection(_ options: FaxSessionOptions, dialect: T32Dialect) -> Int {
        guard options.errorCorrection else { return 0 }
        return dialect == .class2 ? 2 : 1
    }
}
