// FlowControl: how the modem and the computer pause each other's output.

/// DTE–DCE flow control. Class 1 fax wants hardware flow control (`AT+IFC=2,2`);
/// XON/XOFF is for modems without RTS/CTS wiring and must be off while receiving binary data.
public enum FlowControl: Sendable, Hashable, CustomStringConvertible {
    /// Hardware flow control on the RTS and CTS lines (termios CRTSCTS).
    case rtsCts
    /// Software flow control with DC1/DC3 (termios IXON|IXOFF).
    case xonXoff
    /// No flow control. (Not `.none`, which reads as `Optional.none` in optional contexts.)
    case disabled

    public var description: String {
        switch self {
        case .rtsCts: "RTS/CTS"
        case .xonXoff: "XON/XOFF"
        case .disabled: "none"
        }
    }
}
