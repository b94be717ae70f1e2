// T32SessionParameters: the T.30 session parameters a Class 2 DCE reports and accepts
// (T.32 §8.5.1: +FCC/+FIS/+FCS, and the Class 2 +FDCC/+FDIS/+FDCS): vertical resolution, bit rate,
// page width, page length, data format, error correction, file transfer, scan time (and, in
// T.32, JPEG). Each is a small code; what they mean is T.30's DIS/DCS, which is where the driver
// turns them into a FaxSessionResult's rate, ECM and compression.

public struct T32SessionParameters: Sendable, Hashable {
    /// VR: 0 normal (98 lpi), 1 fine (196 lpi); T.32 widens it to a bit field (superfine, 300, …).
    public var verticalResolution: Int
    /// BR: 0 2400, 1 4800, 2 7200, 3 9600, 4 12000, 5 14400 bit/s (higher codes: V.34 in 2.1).
    public var bitRate: Int
    /// WD: 0 1728 pixels (A4), 1 2048 (B4), 2 2432 (A3).
    public var pageWidth: Int
    /// LN: 0 A4, 1 B4, 2 unlimited.
    public var pageLength: Int
    /// DF: 0 MH (1-D), 1 MR (2-D), 2 uncompressed, 3 MMR (T.6).
    public var dataFormat: Int
    /// EC: 0 none; 1, 2 (64- or 256-octet frames in Class 2) or 1 in T.32: ECM.
    public var errorCorrection: Int
    /// BF: binary file transfer.
    public var fileTransfer: Int
    /// ST: minimum scan time code.
    public var scanTime: Int
    /// Parameters after ST (T.32's JP and later), kept as given.
    public var extra: [Int]

    public init(verticalResolution: Int = 1, bitRate: Int = 5, pageWidth: Int = 0, pageLength: Int = 2, dataFormat: Int = 0,
                errorCorrection: Int = 0, fileTransfer: Int = 0, scanTime: Int = 0, extra: [Int] = []) {
        self.verticalResolution = verticalResolution
        self.bitRate = bitRate
        self.pageWidth = pageWidth
        self.pageLength = pageLength
        self.dataFormat = dataFormat
        self.errorCorrection = errorCorrection
        self.fileTransfer = fileTransfer
        self.scanTime = scanTime
        self.extra = extra
    }

    /// Reads "1,5,0,2,0,0,0,0" (spaces allowed; a parameter left empty keeps its default). At
    /// least the first two must be there; each value is one or two hex digits (T.32 writes bit
    /// fields in hex; Class 2's decimal values are the same digits). Nil for anything else.
    public init?(_ text: some StringProtocol) {
        let fields = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: " ") }
        guard fields.count >= 2, fields.count <= 16 else { return nil }
        var values: [Int?] = []
        for field in fields {
            if field.isEmpty {
                values.append(nil)
                continue
            }
            guard field.utf8.count <= 2, field.isDigits(radix: 16), let value = Int(field, radix: 16) else { return nil }
            values.append(value)
        }
        guard let vr = values[0], let br = values[1] else { return nil }
        var parameters = T32SessionParameters(verticalResolution: vr, bitRate: br)
        func value(_ index: Int, _ fallback: Int) -> Int { index < values.count ? values[index] ?? fallback : fallback }
        parameters.pageWidth = value(2, parameters.pageWidth)
        parameters.pageLength = value(3, parameters.pageLength)
        parameters.dataFormat = value(4, parameters.dataFormat)
        parameters.errorCorrection = value(5, parameters.errorCorrection)
        parameters.fileTransfer = value(6, parameters.fileTransfer)
        parameters.scanTime = value(7, parameters.scanTime)
        parameters.extra = values.count > 8 ? values[8...].map { $0 ?? 0 } : []
        self = parameters
    }

    /// As a command's value: "1,5,0,2,0,0,0,0" (hex digits, as T.32 writes them).
    public var text: String {
        ([verticalResolution, bitRate, pageWidth, pageLength, dataFormat, errorCorrection, fileTransfer, scanTime] + extra)
            .map { String($0, radix: 16, uppercase: true) }.joined(separator: ",")
    }

    /// The bit rate in bit/s (0 for a code this table does not know).
    public var bitsPerSecond: Int {
        let rates = [2400, 4800, 7200, 9600, 12000, 14400]
        return bitRate >= 0 && bitRate < rates.count ? rates[bitRate] : 0
    }

    /// The coding, named as FaxSessionResult names it ("T.4 1-D", "T.4 2-D", "T.6"); "" if unknown.
    public var compressionName: String {
        switch dataFormat {
        case 0: "T.4 1-D"
        case 1: "T.4 2-D"
        case 3: "T.6"
        default: ""
        }
    }
}

extension StringProtocol {
    fileprivate func trimmingCharacters(in set: Character) -> String {
        String(drop { $0 == set }.reversed().drop { $0 == set }.reversed())
    }
}
