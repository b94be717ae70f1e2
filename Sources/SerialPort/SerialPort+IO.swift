// SerialPort+IO: deadline-bounded reads and writes, drain and flush.

import CPOSIXShims

#if canImport(Glibc)
import Glibc
#endif

/// Which kernel queue `flush` discards.
public enum FlushQueue: Sendable {
    /// Received but unread bytes.
    case input
    /// Written but unsent bytes.
    case output
    /// Both.
    case both
}

extension SerialPort {
    /// Waits until input arrives or the deadline passes, then reads what is there
    /// (at least one byte). Throws `.timeout`, `.hungUp`, `.deviceGone` or `.closed`.
    public func read(into buffer: UnsafeMutableRawBufferPointer, deadline: Deadline) throws(SerialPortError) -> Int {
        try descriptor.withDescriptor { (fd) throws(SerialPortError) in
            try DescriptorIO.read(fd, into: buffer, deadline: deadline)
        }
    }

    /// Reads up to `maxCount` bytes: what has arrived, as soon as anything has.
    public func read(maxCount: Int, deadline: Deadline) throws(SerialPortError) -> [UInt8] {
        guard maxCount > 0 else { return [] }
        var bytes = [UInt8](repeating: 0, count: maxCount)
        let count = try bytes.withMutableBytes { (buffer) throws(SerialPortError) in
            try read(into: buffer, deadline: deadline)
        }
        bytes.removeLast(maxCount - count)
        return bytes
    }

    /// Reads exactly one byte.
    public func readByte(deadline: Deadline) throws(SerialPortError) -> UInt8 {
        var byte: UInt8 = 0
        _ = try withUnsafeMutableBytes(of: &byte) { (buffer) throws(SerialPortError) in
            try read(into: buffer, deadline: deadline)
        }
        return byte
    }

    /// Writes all of `bytes`, resuming after partial writes and flow-control stalls.
    /// Throws `.timeout` if the line does not take them all before the deadline.
    public func write(_ bytes: [UInt8], deadline: Deadline) throws(SerialPortError) {
        try descriptor.withDescriptor { (fd) throws(SerialPortError) in
            try bytes.withBytes { (buffer) throws(SerialPortError) in
                try DescriptorIO.write(fd, buffer, deadline: deadline)
            }
        }
    }

    /// Bytes received and waiting to be read (FIONREAD).
    public func inputWaiting() throws(SerialPortError) -> Int {
        try descriptor.withDescriptor { (fd) throws(SerialPortError) in
            var waiting: Int32 = 0
            if swiftfax_fionread(fd, &waiting) != 0 {
                throw DescriptorIO.mapIOError(errno, operation: "ioctl(FIONREAD)")
            }
            return Int(waiting)
        }
    }

    /// Bytes written but not yet sent by the driver (TIOCOUTQ). A pty always says 0: what it
    /// holds is in the other side's input queue, out of this side's sight.
    public func outputQueued() throws(SerialPortError) -> Int {
        try descriptor.withDescriptor { (fd) throws(SerialPortError) in
            var pending: Int32 = 0
            if swiftfax_tiocoutq(fd, &pending) != 0 {
                throw DescriptorIO.mapIOError(errno, operation: "ioctl(TIOCOUTQ)")
            }
            return Int(pending)
        }
    }

    /// Waits until everything written has left the driver's queue (tcdrain), or throws
    /// `.timeout` — a modem holding CTS low can therefore not hang the caller.
    public func drain(deadline: Deadline) throws(SerialPortError) {
        try descriptor.withDescriptor { (fd) throws(SerialPortError) in
            var pending: Int32 = 0
            while true {
                if swiftfax_tiocoutq(fd, &pending) != 0 {
                    throw DescriptorIO.mapIOError(errno, operation: "ioctl(TIOCOUTQ)")
                }
                if pending == 0 { break }
                if deadline.hasPassed { throw .timeout }
                usleep(2_000)
            }
            // The driver's queue is empty; tcdrain now only waits for the UART's FIFO.
            while tcdrain(fd) != 0 {
                if errno != EINTR { throw DescriptorIO.mapIOError(errno, operation: "tcdrain") }
            }
        }
    }

    /// Discards queued input, output or both (tcflush).
    public func flush(_ queue: FlushQueue) throws(SerialPortError) {
        try descriptor.withDescriptor { (fd) throws(SerialPortError) in
            let selector = switch queue {
            case .input: TCIFLUSH
            case .output: TCOFLUSH
            case .both: TCIOFLUSH
            }
            if tcflush(fd, selector) != 0 {
                throw DescriptorIO.mapIOError(errno, operation: "tcflush")
            }
        }
    }
}
