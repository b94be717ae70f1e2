// FaxClass: the modem service classes of `AT+FCLASS` (V.250 data, T.31 Class 1, T.32 Class 2,
// V.253 voice) and parsing of the `AT+FCLASS=?` answer.

/// A value of `+FCLASS`.
public struct FaxClass: RawRepresentable, Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The value as the modem writes it: `0`, `1`, `1.0`, `2`, `2.0`, `2.1`, `8`.
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    /// 0: data modem (V.250).
    public static let data = FaxClass(rawValue: "0")
    /// 1: Class 1 fax (EIA-578).
    public static let class1 = FaxClass(rawValue: "1")
    /// 1.0: Class 1 fax (ITU-T T.31).
    public static let class1_0 = FaxClass(rawValue: "1.0")
    /// 2: Class 2 fax (EIA-592 draft, as shipped by Rockwell).
    public static let class2 = FaxClass(rawValue: "2")
    /// 2.0: Class 2.0 fax (ITU-T T.32).
    public static let class2_0 = FaxClass(rawValue: "2.0")
    /// 2.1: Class 2.1 fax (T.32 with V.34 fax).
    public static let class2_1 = FaxClass(rawValue: "2.1")
    /// 8: voice (V.253).
    public static let voice = FaxClass(rawValue: "8")

    /// Whether this is one of the Class 1 variants this stack drives.
    public var isClass1: Bool { self == .class1 || self == .class1_0 }

    /// Parses the answer to `AT+FCLASS=?`: `0,1,1.0,2,2.0,2.1,8`, `(0-2)`, `+FCLASS: 0,1,8`.
    /// Integer values are normalised (`01` → `1`); decimal values are kept as written.
    public static func parseSupported(_ answer: String) throws(V250ParseError) -> Set<FaxClass> {
        var classes = Set<FaxClass>()
        for value in try V250ValueList.values(answer) {
            classes.insert(FaxClass(rawValue: Int(value).map(String.init) ?? value))
        }
        return classes
    }

    /// Parses a multi-line answer (the info lines of `ATResult.ok(info:)`).
    public static func parseSupported(_ lines: [String]) throws(V250ParseError) -> Set<FaxClass> {
        try parseSupported(lines.filter { !$0.isEmpty }.joined(separator: ","))
    }

    public static func < (lhs: FaxClass, rhs: FaxClass) -> Bool {
        (Double(lhs.rawValue) ?? 0, lhs.rawValue) < (Double(rhs.rawValue) ?? 0, rhs.rawValue)
    }

    public var description: String { rawValue }
}
