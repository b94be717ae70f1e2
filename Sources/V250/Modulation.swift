// Modulation: the T.31 modulation codes of +FTM/+FRM/+FTH/+FRH (T.31 Table 2) and parsing of
// the `AT+FTM=?`/`AT+FRM=?` answers.

/// A fax modulation and its T.31 code. "Long"/"short" is the V.17 training sequence.
public enum Modulation: Int, Sendable, Hashable, CaseIterable, Comparable, CustomStringConvertible {
    /// V.21 channel 2, 300 bit/s: HDLC control frames (+FTH/+FRH=3).
    case v21 = 3
    case v27ter2400 = 24
    case v27ter4800 = 48
    case v29_7200 = 72
    case v17_7200Long = 73
    case v17_7200Short = 74
    case v29_9600 = 96
    case v17_9600Long = 97
    case v17_9600Short = 98
    case v17_12000Long = 121
    case v17_12000Short = 122
    case v17_14400Long = 145
    case v17_14400Short = 146

    /// The ITU-T recommendation.
    public var recommendation: String {
        switch self {
        case .v21: "V.21"
        case .v27ter2400, .v27ter4800: "V.27ter"
        case .v29_7200, .v29_9600: "V.29"
        default: "V.17"
        }
    }

    /// Signalling rate in bit/s.
    public var bitRate: Int {
        switch self {
        case .v21: 300
        case .v27ter2400: 2400
        case .v27ter4800: 4800
        case .v29_7200, .v17_7200Long, .v17_7200Short: 7200
        case .v29_9600, .v17_9600Long, .v17_9600Short: 9600
        case .v17_12000Long, .v17_12000Short: 12000
        case .v17_14400Long, .v17_14400Short: 14400
        }
    }

    /// Whether this is a V.17 code with the short training sequence.
    public var usesShortTraining: Bool {
        [.v17_7200Short, .v17_9600Short, .v17_12000Short, .v17_14400Short].contains(self)
    }

    /// Parses the answer to `AT+FTM=?`/`AT+FRM=?` (`24,48,72,73,74,96,97,98,121,122,145,146`,
    /// possibly parenthesised or with ranges). Codes this stack does not know (e.g. V.34's)
    /// are left out.
    public static func parseSupported(_ answer: String) throws(V250ParseError) -> Set<Modulation> {
        Set(try V250ValueList.integers(answer).compactMap(Modulation.init(rawValue:)))
    }

    /// Parses a multi-line answer (the info lines of `ATResult.ok(info:)`).
    public static func parseSupported(_ lines: [String]) throws(V250ParseError) -> Set<Modulation> {
        try parseSupported(lines.filter { !$0.isEmpty }.joined(separator: ","))
    }

    public static func < (lhs: Modulation, rhs: Modulation) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String {
        switch self {
        case .v21: "V.21 ch2 300"
        default: "\(recommendation) \(bitRate)\(usesShortTraining ? " short" : "")"
        }
    }
}
