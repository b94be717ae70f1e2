// T32Settings: the virtual Class 2 / 2.0 modem's service-class parameters and how it answers the
// parameter commands of T.32 (Class 2.0: +FCC, +FIS, +FLI, +FBO, +FPS, …) and of the older
// SP-2388 "Class 2" dialect (+FDCC, +FDIS, +FLID, +FBOR, +FPTS, …): set, read (?) and test (=?).
// Commands that act (+FDT, +FDR, +FET, +FK/+FKS) are handed back to the modem.

/// The fax service class a command belongs to.
public enum T32ModemDialect: String, Sendable {
    /// SP-2388 / Rockwell "Class 2" (+FCLASS=2).
    case class2 = "2"
    /// ITU-T T.32 "Class 2.0" (+FCLASS=2.0).
    case class20 = "2.0"
}

public struct T32Settings: Sendable {
    public enum Outcome: Sendable, Hashable {
        /// OK, after these information lines.
        case ok([String])
        case error
        /// A command the modem carries out itself (canonical Class 2.0 name).
        case action(String, ExtendedForm)
    }

    public let supportedClasses: [String]
    public var fclass = "0"
    /// +FCC / +FDCC: what the modem offers.
    public var capabilities = T32Parameters()
    /// +FIS / +FDIS: the current session parameters.
    public var session = T32Parameters()
    /// +FCS / +FDCS: what the last DCS settled.
    public var negotiated = T32Parameters()
    /// +FLI / +FLID and the other strings (+FPI/+FCIG, +FNS, +FPA, +FSA, +FPW).
    public var strings: [String: String] = [:]
    public var numbers: [String: [Int]] = [:]
    /// +FHS / +FHNG: the last call's hang-up status.
    public var hangupStatus = 0

    public var dialect: T32ModemDialect? { T32ModemDialect(rawValue: fclass) }
    public var localIdentity: String { strings["FLI"] ?? "" }
    /// The phase C bit order (+FBO/+FBOR): bit 0 set = reversed.
    public var bitOrder: Int { numbers["FBO"]?.first ?? 0 }

    public init(supportedClasses: [String]) {
        self.supportedClasses = supportedClasses
        reset()
    }

    /// +FIP / ATZ: the factory settings.
    public mutating func reset() {
        capabilities = T32Parameters()
        session = capabilities
        strings = [:]
        numbers = Self.numeric.mapValues(\.defaults)
    }

    // MARK: the command tables

    /// Class 2 names and the Class 2.0 name each one is.
    static let class2Names: [String: String] = [
        "FDCC": "FCC", "FDIS": "FIS", "FDCS": "FCS", "FLID": "FLI", "FCIG": "FPI", "FBOR": "FBO", "FPTS": "FPS",
        "FK": "FKS", "FMFR": "FMI", "FMDL": "FMM", "FREV": "FMR", "FSPL": "FSP", "FLPL": "FLP", "FMINSP": "FMS",
        "FHNG": "FHS", "FET": "FET", "FDT": "FDT", "FDR": "FDR", "FCR": "FCR", "FAA": "FAA", "FCQ": "FCQ",
        "FBUG": "FBUG", "FTBC": "FTBC", "FRBC": "FRBC", "FPHCTO": "FCT", "FECM": "FECM", "FREL": "FREL",
        "FBUF": "FBUF", "FLO": "FLO", "FCLASS": "FCLASS",
    ]
    static let class20Names: Set<String> = [
        "FCC", "FIS", "FCS", "FLI", "FPI", "FBO", "FPS", "FKS", "FMI", "FMM", "FMR", "FSP", "FLP", "FMS", "FHS",
        "FET", "FDT", "FDR", "FCR", "FAA", "FCQ", "FIP", "FNR", "FLO", "FIE", "FPP", "FBU", "FCT", "FNS", "FPA",
        "FSA", "FPW", "FAP", "FRQ", "FIT", "FEA", "FFC", "FCLASS",
    ]
    /// Commands a modem answers in any class.
    static let anyClass: Set<String> = ["FCLASS", "FMI", "FMM", "FMR", "FMFR", "FMDL", "FREV"]

    struct NumericSpec {
        var ranges: [ClosedRange<Int>]
        var defaults: [Int]
    }

    static let numeric: [String: NumericSpec] = [
        "FCR": NumericSpec(ranges: [0...1], defaults: [1]),
        "FBO": NumericSpec(ranges: [0...3], defaults: [0]),
        "FNR": NumericSpec(ranges: Array(repeating: 0...1, count: 4), defaults: [0, 0, 0, 0]),
        "FLO": NumericSpec(ranges: [0...2], defaults: [1]),
        "FIE": NumericSpec(ranges: [0...1], defaults: [0]),
        "FPP": NumericSpec(ranges: [0...1], defaults: [0]),
        "FBU": NumericSpec(ranges: [0...1], defaults: [0]),
        "FBUG": NumericSpec(ranges: [0...1], defaults: [0]),
        "FCT": NumericSpec(ranges: [0...255], defaults: [30]),
        "FAA": NumericSpec(ranges: [0...1], defaults: [0]),
        "FAP": NumericSpec(ranges: Array(repeating: 0...1, count: 3), defaults: [0, 0, 0]),
        "FCQ": NumericSpec(ranges: [0...2, 0...2], defaults: [0, 0]),
        "FMS": NumericSpec(ranges: [0...5], defaults: [0]),
        "FSP": NumericSpec(ranges: [0...1], defaults: [0]),
        "FLP": NumericSpec(ranges: [0...1], defaults: [0]),
        "FPS": NumericSpec(ranges: [0...5], defaults: [1]),
        "FTBC": NumericSpec(ranges: [0...0], defaults: [0]),
        "FRBC": NumericSpec(ranges: [0...0], defaults: [0]),
        "FECM": NumericSpec(ranges: [0...0], defaults: [0]),
        "FREL": NumericSpec(ranges: [0...1], defaults: [0]),
        "FBUF": NumericSpec(ranges: [0...0], defaults: [0]),
        "FRQ": NumericSpec(ranges: [0...0, 0...0], defaults: [0, 0]),
        "FIT": NumericSpec(ranges: [0...255, 0...1], defaults: [0, 0]),
        "FEA": NumericSpec(ranges: [0...1], defaults: [0]),
        "FFC": NumericSpec(ranges: Array(repeating: 0...0, count: 4), defaults: [0, 0, 0, 0]),
    ]
    static let stringNames: Set<String> = ["FLI", "FPI", "FNS", "FPA", "FSA", "FPW"]
    static let actions: Set<String> = ["FDT", "FDR", "FKS", "FET"]

    static let manufacturer = "SwiftFax"
    static let model = "Virtual fax modem (T.32 Class 2/2.0 on spandsp)"
    static let revision = "1.0"

    // MARK: answering

    /// Carries out (or hands back) one extended command.
    public mutating func execute(_ rawName: String, _ form: ExtendedForm) -> Outcome {
        guard let name = canonicalName(rawName) else { return .error }
        switch name {
        case "FCLASS":
            switch form {
            case .set(let value):
                let wanted = value == "20" ? "2.0" : value
                guard supportedClasses.contains(wanted) else { return .error }
                fclass = wanted
                return .ok([])
            case .read: return .ok([fclass])
            case .test: return .ok([supportedClasses.joined(separator: ",")])
            case .action: return .error
            }
        case "FMI", "FMFR": return identification(Self.manufacturer, form)
        case "FMM", "FMDL": return identification(Self.model, form)
        case "FMR", "FREV": return identification(Self.revision, form)
        case "FCC", "FIS":
            switch form {
            case .set(let text):
                let base = name == "FCC" ? capabilities : session
                guard let updated = base.updated(with: text, class2: dialect == .class2) else { return .error }
                if name == "FCC" {
                    capabilities = updated
                    session = updated  // T.32: setting +FCC also sets the session parameters
                } else {
                    session = updated
                }
                return .ok([])
            case .read: return .ok([(name == "FCC" ? capabilities : session).description])
            case .test: return .ok([dialect == .class2 ? T32Parameters.class2Ranges : T32Parameters.ranges])
            case .action: return .error
            }
        case "FCS":
            return form == .read ? .ok([negotiated.description]) : .error
        case "FHS":
            return form == .read ? .ok([hangupString]) : .error
        case "FIP":
            guard form == .action || form == .set("0") else { return .error }
            reset()
            return .ok([])
        default:
            break
        }
        if Self.actions.contains(name) { return .action(name, form) }
        if Self.stringNames.contains(name) { return stringCommand(name, form) }
        if let spec = Self.numeric[name] { return numericCommand(name, spec, form) }
        return .error
    }

    /// The hang-up status as it is reported (+FHS:00 / +FHNG:0 style: two digits).
    public var hangupString: String { hangupStatus < 10 ? "0\(hangupStatus)" : "\(hangupStatus)" }

    /// The canonical (Class 2.0) name of a command valid in the current class, else nil.
    func canonicalName(_ name: String) -> String? {
        switch dialect {
        case .class2:
            return Self.class2Names[name]
        case .class20:
            return Self.class20Names.contains(name) ? name : nil
        case nil:
            return Self.anyClass.contains(name) ? name : nil
        }
    }

    private func identification(_ text: String, _ form: ExtendedForm) -> Outcome {
        form == .read || form == .action ? .ok([text]) : .error
    }

    private mutating func stringCommand(_ name: String, _ form: ExtendedForm) -> Outcome {
        switch form {
        case .set(var value):
            if value.hasPrefix("\"") {
                guard value.count >= 2, value.hasSuffix("\"") else { return .error }
                value = String(value.dropFirst().dropLast())
            }
            guard value.count <= 20, value.unicodeScalars.allSatisfy({ $0.value >= 32 && $0.value < 127 }) else { return .error }
            strings[name] = value
            return .ok([])
        case .read: return .ok(["\"\(strings[name] ?? "")\""])
        case .test: return .ok(["(20),(32-127)"])
        case .action: return .error
        }
    }

    private mutating func numericCommand(_ name: String, _ spec: NumericSpec, _ form: ExtendedForm) -> Outcome {
        switch form {
        case .set(let text):
            let fields = text.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmingSpaces }
            guard !fields.isEmpty, fields.count <= spec.ranges.count else { return .error }
            var values = numbers[name] ?? spec.defaults
            for (index, field) in fields.enumerated() where !field.isEmpty {
                guard let value = Int(field), spec.ranges[index].contains(value) else { return .error }
                values[index] = value
            }
            numbers[name] = values
            return .ok([])
        case .read:
            return .ok([(numbers[name] ?? spec.defaults).map(String.init).joined(separator: ",")])
        case .test:
            return .ok([spec.ranges.map { $0.lowerBound == $0.upperBound ? "(\($0.lowerBound))" : "(\($0.lowerBound)-\($0.upperBound))" }.joined(separator: ",")])
        case .action:
            return .error
        }
    }
}
