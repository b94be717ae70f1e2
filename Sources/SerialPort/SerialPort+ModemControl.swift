// SerialPort+ModemControl: hang-up by dropping DTR, and reading DCD/CTS/RI/DSR.
// Ptys, umockdev and some USB adapters have no modem-control lines (ioctl → ENOTTY):
// that is reported as "no lines", not as an error.

import CPOSIXShims

#if canImport(Glibc)
import Glibc
#endif

extension SerialPort {
    /// Hangs up by dropping DTR for `holdLow` (at least 75 ms for V.250 `&D2` modems to notice),
    /// then raising it again. Returns false, without error, if the line has no modem-control
    /// lines (the caller should hang up with `ATH0` instead).
    @discardableResult
    public func hangUpByDTR(holdLow: Duration = .milliseconds(100)) throws(SerialPortError) -> Bool {
        try descriptor.withDescriptor { (fd) throws(SerialPortError) -> Bool in
            if swiftfax_tiocm_clear_bits(fd, swiftfax_TIOCM_DTR) != 0 {
                if Self.meansNoModemControl(errno) { return false }
                throw DescriptorIO.mapIOError(errno, operation: "ioctl(TIOCMBIC DTR)")
            }
            Self.sleep(holdLow)
            if swiftfax_tiocm_set_bits(fd, swiftfax_TIOCM_DTR) != 0 {
                throw DescriptorIO.mapIOError(errno, operation: "ioctl(TIOCMBIS DTR)")
            }
            return true
        }
    }

    /// The current state of the control lines, or nil if the line has none.
    public func modemControlLines() throws(SerialPortError) -> ModemControlLines? {
        try descriptor.withDescriptor { (fd) throws(SerialPortError) -> ModemControlLines? in
            var bits: Int32 = 0
            if swiftfax_tiocm_get(fd, &bits) != 0 {
                if Self.meansNoModemControl(errno) { return nil }
                throw DescriptorIO.mapIOError(errno, operation: "ioctl(TIOCMGET)")
            }
            return ModemControlLines(rawValue: bits)
        }
    }

    static func meansNoModemControl(_ code: Int32) -> Bool {
        code == ENOTTY || code == EINVAL
    }

    static func sleep(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        var request = timespec(tv_sec: Int(seconds), tv_nsec: Int(attoseconds / 1_000_000_000))
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0 && errno == EINTR {
            request = remaining
        }
    }
}
