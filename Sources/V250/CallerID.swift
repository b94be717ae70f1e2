// CallerID: the caller-ID lines modems print between rings (`DATE=0321`, `NMBR = 5551234`, ...)
// and the caller ID gathered from them.

/// One caller-ID line. Both `KEY=value` and `KEY = value` forms are accepted.
public enum CallerIDField: Sendable, Hashable {
    case date(String)
    case time(String)
    case number(String)
    case name(String)
    /// `DDN_NMBR`: the dialled number (DID/MSN), reported by ISDN and some voice modems.
    case dialedNumber(String)
    /// `MESG`: an undecoded caller-ID message block.
    case message(String)

    /// Recognises a caller-ID line, or returns nil.
    public init?(line: String) {
        guard let equals = line.firstIndex(of: "=") else { return nil }
        let value = line[line.index(after: equals)...].trimmingSpaces()
        switch line[..<equals].trimmingSpaces().uppercased() {
        case "DATE": self = .date(value)
        case "TIME": self = .time(value)
        case "NMBR": self = .number(value)
        case "NAME": self = .name(value)
        case "DDN_NMBR": self = .dialedNumber(value)
        case "MESG": self = .message(value)
        default: return nil
        }
    }
}

/// Caller ID of one incoming call.
public struct CallerID: Sendable, Hashable {
    public var date: String?
    public var time: String?
    public var number: String?
    public var name: String?
    public var dialedNumber: String?

    public init(date: String? = nil, time: String? = nil, number: String? = nil, name: String? = nil, dialedNumber: String? = nil) {
        self.date = date
        self.time = time
        self.number = number
        self.name = name
        self.dialedNumber = dialedNumber
    }

    /// Whether no field has been received.
    public var isEmpty: Bool { self == CallerID() }

    /// Records a field; a later value replaces an earlier one.
    public mutating func record(_ field: CallerIDField) {
        switch field {
        case .date(let value): date = value
        case .time(let value): time = value
        case .number(let value): number = value
        case .name(let value): name = value
        case .dialedNumber(let value): dialedNumber = value
        case .message: break
        }
    }
}
