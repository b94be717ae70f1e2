// Class1Error: how driving a T.31 Class 1 modem can fail, as one typed error.

import SerialPort
import V250

public enum Class1Error: Error, Sendable, Hashable, CustomStringConvertible {
    /// No (or no timely) answer: the modem is not responding.
    case notResponding(command: String)
    /// The serial line failed (hung up, device gone, closed).
    case transport(SerialPortError)
    /// The modem answered with a result this step cannot use.
    case unexpectedResult(command: String, result: ATResult)
    /// The modem does not offer Class 1 (`AT+FCLASS=?` lacks 1 / 1.0).
    case notClass1(classes: [String])
    /// The modem's answer could not be understood.
    case invalidResponse(command: String, text: String)
    /// The command cannot be sent (bad characters in a number, too long).
    case invalidCommand(String)
    /// The host stopped the call (a cancelled job); not a modem failure.
    case cancelled

    public init(_ error: ATChannelError) {
        switch error {
        case .timeout(let command): self = .notResponding(command: command)
        case .transport(let e): self = .transport(e)
        case .invalidCommand(let c): self = .invalidCommand(c)
        case .notInDataMode: self = .invalidCommand("data outside data mode")
        case .inDataMode: self = .invalidCommand("command while in data mode")
        }
    }

    /// Whether the failure means the modem itself is gone, silent or talking nonsense.
    public var isModemFailure: Bool {
        switch self {
        case .notResponding, .transport, .invalidResponse: true
        default: false
        }
    }

    public var description: String {
        switch self {
        case .notResponding(let c): "modem not responding to \(c)"
        case .transport(let e): "serial line: \(e)"
        case .unexpectedResult(let c, let r): "unexpected \(r) to \(c)"
        case .notClass1(let classes): "modem does not support Class 1 (it offers \(classes.joined(separator: ",")))"
        case .invalidResponse(let c, let t): "cannot parse the answer to \(c): \(t.debugDescription)"
        case .invalidCommand(let c): "invalid command \(c.debugDescription)"
        case .cancelled: "cancelled by the host"
        }
    }
}
