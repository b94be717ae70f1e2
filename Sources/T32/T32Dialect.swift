// T32Dialect: the two spellings of the Class 2 service-class interface. ITU-T T.32 ("Class 2.0",
// AT+FCLASS=2.0; 2.1 adds V.34 and extended capabilities) and the older "Class 2" of the
// Rockwell / EIA SP-2388 draft (AT+FCLASS=2) that many modems still speak. Same ideas, different
// names, number bases and start-of-data characters — kept here, as data, not as scattered `if`s.

public enum T32Dialect: String, Sendable, Hashable, CaseIterable {
    /// AT+FCLASS=2: +FDCC, +FDIS, +FDCS, +FTSI, +FCSI, +FPTS, +FHNG; decimal hang-up codes;
    /// DC2 starts receive data.
    case class2 = "2"
    /// AT+FCLASS=2.0 (and 2.1): +FCC, +FIS, +FCS, +FTI, +FCI, +FPS, +FHS; hexadecimal hang-up
    /// codes; XON (DC1) starts receive data.
    case class20 = "2.0"

    /// The response names this dialect uses, by meaning.
    public var names: T32ResponseNames {
        switch self {
        case .class2:
            T32ResponseNames(connected: "+FCON", remoteCapabilities: "+FDIS", sessionParameters: "+FDCS",
                             transmitterID: "+FTSI", calledID: "+FCSI", pollingID: "+FCIG", pageStatus: "+FPTS",
                             postPage: "+FET", hangUp: "+FHNG", polling: "+FPOLL")
        case .class20:
            T32ResponseNames(connected: "+FCON", remoteCapabilities: "+FIS", sessionParameters: "+FCS",
                             transmitterID: "+FTI", calledID: "+FCI", pollingID: "+FPI", pageStatus: "+FPS",
                             postPage: "+FET", hangUp: "+FHS", polling: "+FPO")
        }
    }

    /// The character the host sends after CONNECT to start the flow of received page data.
    public var startOfReceiveData: UInt8 {
        switch self {
        case .class2: 0x12  // DC2
        case .class20: 0x11  // DC1 (XON)
        }
    }

    /// Whether received page data arrives MSB first at +FBO(R)=0. SP-2388 Class 2 modems (the
    /// Rockwell family efax and mgetty were written for) deliver it so, whatever "direct order"
    /// promises; T.32 modems deliver what +FBO says. A quirks row may say otherwise for a family.
    public var receivedDataReversed: Bool { self == .class2 }

    /// Command names whose spelling differs: capabilities (+FDCC / +FCC) and session (+FDIS / +FIS).
    public var capabilitiesCommand: String { self == .class2 ? "+FDCC" : "+FCC" }
    public var sessionCommand: String { self == .class2 ? "+FDIS" : "+FIS" }
}

/// The prefixes of the responses a Class 2 DCE sends, in one dialect.
public struct T32ResponseNames: Sendable, Hashable {
    public var connected: String
    public var remoteCapabilities: String
    public var sessionParameters: String
    public var transmitterID: String
    public var calledID: String
    public var pollingID: String
    public var pageStatus: String
    public var postPage: String
    public var hangUp: String
    public var polling: String
}
