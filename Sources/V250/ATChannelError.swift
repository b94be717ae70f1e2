// ATChannelError: how talking to the modem can fail.

import SerialPort

/// Errors thrown by `ATChannel`.
public enum ATChannelError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No final result code before the deadline: the modem is not responding.
    /// `command` is the command line, or `<data>`/`<CAN>` for data-mode calls.
    case timeout(command: String)
    /// The command line cannot be sent (control characters, non-ASCII, too long).
    case invalidCommand(String)
    /// A data-mode call was made while the modem is not in data mode (no `CONNECT`).
    case notInDataMode
    /// A command-mode call was made while the modem is in data mode; finish or abort first.
    case inDataMode
    /// The serial line failed (hung up, device gone, closed).
    case transport(SerialPortError)

    public var description: String {
        switch self {
        case .timeout(let command): "modem not responding to \(command)"
        case .invalidCommand(let command): "invalid AT command line \(command.debugDescription)"
        case .notInDataMode: "the modem is not in data mode"
        case .inDataMode: "the modem is in data mode"
        case .transport(let error): "serial line: \(error)"
        }
    }
}
