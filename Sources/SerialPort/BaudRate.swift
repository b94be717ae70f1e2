// BaudRate: the DTE–DCE line speeds a fax modem is driven at, mapped to termios speed_t.

#if canImport(Glibc)
import Glibc
#endif

/// Serial line speed between the computer (DTE) and the modem (DCE).
/// Class 1 fax needs at least 19200 bit/s for V.17 14400 with DLE overhead.
public enum BaudRate: Int, Sendable, CaseIterable, CustomStringConvertible {
    case b1200 = 1200
    case b2400 = 2400
    case b4800 = 4800
    case b9600 = 9600
    case b19200 = 19200
    case b38400 = 38400
    case b57600 = 57600
    case b115200 = 115200
    case b230400 = 230400

    /// The termios constant (B19200, ...).
    var speed: speed_t {
        switch self {
        case .b1200: speed_t(B1200)
        case .b2400: speed_t(B2400)
        case .b4800: speed_t(B4800)
        case .b9600: speed_t(B9600)
        case .b19200: speed_t(B19200)
        case .b38400: speed_t(B38400)
        case .b57600: speed_t(B57600)
        case .b115200: speed_t(B115200)
        case .b230400: speed_t(B230400)
        }
    }

    public var description: String { "\(rawValue) bit/s" }
}
