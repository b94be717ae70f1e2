// ATResult: the outcome of one AT command line (or data stream): its final result code,
// with the information text that came before an OK.

/// The outcome of `ATChannel.send` and of the data-mode calls.
public enum ATResult: Sendable, Hashable, CustomStringConvertible {
    /// `OK`, with the information lines that preceded it.
    case ok(info: [String])
    /// `CONNECT` (with its text): the modem is in data mode.
    case connect(String?)
    case noCarrier
    case error
    case noDialtone
    case busy
    case noAnswer
    /// `+FCERROR` (T.31).
    case fcError
    /// `VCON` (V.253).
    case voiceConnect

    public init(_ code: ATResultCode, info: [String] = []) {
        switch code {
        case .ok: self = .ok(info: info)
        case .connect(let text): self = .connect(text)
        case .noCarrier: self = .noCarrier
        case .error: self = .error
        case .noDialtone: self = .noDialtone
        case .busy: self = .busy
        case .noAnswer: self = .noAnswer
        case .fcError: self = .fcError
        case .voiceConnect: self = .voiceConnect
        }
    }

    /// The final result code.
    public var code: ATResultCode {
        switch self {
        case .ok: .ok
        case .connect(let text): .connect(text)
        case .noCarrier: .noCarrier
        case .error: .error
        case .noDialtone: .noDialtone
        case .busy: .busy
        case .noAnswer: .noAnswer
        case .voiceConnect: .voiceConnect
        case .fcError: .fcError
        }
    }

    /// Whether the result is `OK`.
    public var isOK: Bool { code == .ok }

    /// The information lines of an `OK` result (empty otherwise).
    public var info: [String] {
        if case .ok(let info) = self { return info }
        return []
    }

    public var description: String {
        if case .ok(let info) = self, !info.isEmpty { return "OK \(info)" }
        return code.description
    }
}
