// ATResultCode: the V.250 final result codes (and T.31's +FCERROR) in verbose (ATV1) and
// numeric (ATV0) form. RING is unsolicited, so it is an ATUnsolicitedCode instead.

/// Whether the modem sends result codes as words (ATV1) or digits (ATV0).
public enum ATResultFormat: Sendable, Hashable {
    /// `OK`, `CONNECT 9600`, ... (ATV1, the usual setting).
    case verbose
    /// `0`, `1`, ... (ATV0). In this mode a one-digit information line is
    /// indistinguishable from a result code, so prefer ATV1.
    case numeric
}

/// A final result code: the modem has finished with the command line (or data stream).
public enum ATResultCode: Sendable, Hashable, CustomStringConvertible {
    /// `OK` (0).
    case ok
    /// `CONNECT` (1) with optional text such as `9600`. The modem is now in data mode.
    case connect(String?)
    /// `NO CARRIER` (3).
    case noCarrier
    /// `ERROR` (4).
    case error
    /// `NO DIALTONE` (6), also spelled `NO DIAL TONE`.
    case noDialtone
    /// `BUSY` (7).
    case busy
    /// `NO ANSWER` (8).
    case noAnswer
    /// `+FCERROR` (`+F4`): T.31 — the expected carrier was not there.
    case fcError
    /// `VCON` (V.253): a voice connection is made — the far end answered a voice-mode dial, or
    /// ATA took a call in voice mode.
    case voiceConnect

    /// Recognises a verbose result code line (already trimmed).
    public init?(verbose line: String) {
        let upper = line.uppercased()
        switch upper {
        case "OK": self = .ok
        case "CONNECT": self = .connect(nil)
        case "NO CARRIER": self = .noCarrier
        case "ERROR": self = .error
        case "NO DIALTONE", "NO DIAL TONE": self = .noDialtone
        case "BUSY": self = .busy
        case "NO ANSWER": self = .noAnswer
        case "+FCERROR": self = .fcError
        case "VCON": self = .voiceConnect
        default:
            guard upper.hasPrefix("CONNECT ") else { return nil }
            let text = line.dropFirst("CONNECT ".count).trimmingSpaces()
            self = .connect(text.isEmpty ? nil : text)
        }
    }

    /// Recognises a numeric (ATV0) result code. `2` (RING) is not a final code.
    public init?(numeric line: String) {
        switch line {
        case "0": self = .ok
        case "1": self = .connect(nil)
        case "3": self = .noCarrier
        case "4": self = .error
        case "5": self = .connect("1200")  // Hayes legacy
        case "6": self = .noDialtone
        case "7": self = .busy
        case "8": self = .noAnswer
        case "+F4": self = .fcError
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case .ok: "OK"
        case .connect(let text?): "CONNECT \(text)"
        case .connect(nil): "CONNECT"
        case .voiceConnect: "VCON"
        case .noCarrier: "NO CARRIER"
        case .error: "ERROR"
        case .noDialtone: "NO DIALTONE"
        case .busy: "BUSY"
        case .noAnswer: "NO ANSWER"
        case .fcError: "+FCERROR"
        }
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    func trimmingSpaces() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isSpace($0) }),
              let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
