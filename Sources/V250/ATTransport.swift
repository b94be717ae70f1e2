// ATTransport: the byte pipe an ATChannel talks over — a SerialPort, or a stand-in in tests.

import SerialPort

/// Blocking, deadline-bounded byte I/O to a modem.
public protocol ATTransport {
    /// Writes all bytes, or throws (`.timeout` at the deadline).
    func write(_ bytes: [UInt8], deadline: Deadline) throws(SerialPortError)
    /// Returns at least one byte, at most `maxCount`, or throws (`.timeout` at the deadline).
    func read(maxCount: Int, deadline: Deadline) throws(SerialPortError) -> [UInt8]
}

extension SerialPort: ATTransport {}
