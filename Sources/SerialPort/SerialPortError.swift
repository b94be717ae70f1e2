// SerialPortError: every way opening or using a serial port can fail, as one typed error.

#if canImport(Glibc)
import Glibc
#endif

/// Errors thrown by `SerialPort`, `UUCPLock` and `PseudoTerminal`.
public enum SerialPortError: Error, Hashable, Sendable, CustomStringConvertible {
    /// open(2) or realpath(3) of the device failed.
    case openFailed(path: String, errno: Int32)
    /// The path does not name a terminal device.
    case notATerminal(path: String)
    /// A termios or fcntl call failed while configuring the port.
    case configurationFailed(operation: String, errno: Int32)
    /// A live process holds the UUCP lock file for this device.
    case locked(byPID: Int32)
    /// The UUCP lock file could not be created, read or removed.
    case lockFailed(path: String, errno: Int32)
    /// Another open file description holds an flock(2) on the device.
    case inUse(path: String)
    /// The deadline passed before the operation could complete.
    case timeout
    /// The other end hung up (EIO or POLLHUP, e.g. a pty master was closed).
    case hungUp
    /// The device disappeared (EOF on a hung-up tty, ENXIO, ENODEV, e.g. a USB modem unplugged).
    case deviceGone
    /// The port has been closed.
    case closed
    /// A read, write, poll or ioctl failed for another reason.
    case ioFailed(operation: String, errno: Int32)

    public var description: String {
        switch self {
        case .openFailed(let path, let code): "cannot open \(path): \(Self.describe(code))"
        case .notATerminal(let path): "\(path) is not a terminal device"
        case .configurationFailed(let operation, let code): "\(operation) failed: \(Self.describe(code))"
        case .locked(let pid): "device is locked by process \(pid)"
        case .lockFailed(let path, let code): "lock file \(path): \(Self.describe(code))"
        case .inUse(let path): "\(path) is in use (flock held elsewhere)"
        case .timeout: "timed out"
        case .hungUp: "the line hung up"
        case .deviceGone: "the device has gone away"
        case .closed: "the port is closed"
        case .ioFailed(let operation, let code): "\(operation) failed: \(Self.describe(code))"
        }
    }

    static func describe(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "errno \(code)" }
        return "\(String(cString: text)) (errno \(code))"
    }
}
