// TerminalAttributes: the termios setup of a modem line: raw 8N1, receiver on, modem-control
// status ignored for open (CLOCAL), DTR dropped on last close (HUPCL), chosen speed and flow control.

#if canImport(Glibc)
import Glibc
#endif

enum TerminalAttributes {
    /// Puts the line in raw mode with the given speed and flow control.
    static func apply(_ fd: Int32, speed: BaudRate, flowControl: FlowControl) throws(SerialPortError) {
        var attributes = termios()
        guard tcgetattr(fd, &attributes) == 0 else {
            throw .configurationFailed(operation: "tcgetattr", errno: errno)
        }
        cfmakeraw(&attributes)
        attributes.c_cflag &= ~tcflag_t(CSIZE | PARENB | CSTOPB)
        attributes.c_cflag &= ~tcflag_t(CRTSCTS)
        attributes.c_cflag |= tcflag_t(CS8 | CREAD | CLOCAL | HUPCL)
        attributes.c_iflag &= ~tcflag_t(IXON | IXOFF | IXANY)
        switch flowControl {
        case .rtsCts:
            attributes.c_cflag |= tcflag_t(CRTSCTS)
        case .xonXoff:
            attributes.c_iflag |= tcflag_t(IXON | IXOFF)
            setControlCharacter(&attributes, VSTART, 0x11)  // DC1
            setControlCharacter(&attributes, VSTOP, 0x13)  // DC3
        case .disabled:
            break
        }
        setControlCharacter(&attributes, VMIN, 1)
        setControlCharacter(&attributes, VTIME, 0)
        guard cfsetispeed(&attributes, speed.speed) == 0, cfsetospeed(&attributes, speed.speed) == 0 else {
            throw .configurationFailed(operation: "cfsetspeed(\(speed.rawValue))", errno: errno)
        }
        guard tcsetattr(fd, TCSANOW, &attributes) == 0 else {
            throw .configurationFailed(operation: "tcsetattr", errno: errno)
        }
    }

    private static func setControlCharacter(_ attributes: inout termios, _ index: Int32, _ value: cc_t) {
        withUnsafeMutableBytes(of: &attributes.c_cc) { $0[Int(index)] = value }
    }
}
