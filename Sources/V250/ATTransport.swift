// ATTransport: the byte pipe an ATChannel talks over — a SerialPort, or a stand-in in tests.

import SerialPort

/// Blocking, deadline-bounded byte I/O to a modem.
public protocol ATTransport {
    /// Writes all bytes, or throws (`.timeout` at the deadline).
    func write(_ bytes: [UInt8], deadline: Deadline) throws(SerialPortError)
    /// Returns at least one byte, at most `maxCount`, or throws (`.timeout` at the deadline).
    func read(maxCount: Int, deadline: Deadline) throws(SerialPortError) -> [UInt8]
    /// Bytes written but not yet sent by the driver (TIOCOUTQ); 0 where it cannot tell (a pty).
    func outputQueued() throws(SerialPortError) -> Int
    /// Discards bytes written but not yet sent (tcflush TCOFLUSH).
    func discardOutput() throws(SerialPortError)
}

extension ATTransport {
    public func outputQueued() throws(SerialPortError) -> Int { 0 }
    public func discardOutput() throws(SerialPortError) {}
}

extension SerialPort: ATTransport {
    public func discardOutput() throws(SerialPortError) { try flush(.output) }
}
