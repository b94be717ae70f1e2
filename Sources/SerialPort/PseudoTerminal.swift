// PseudoTerminal: the master side of a pty, standing in for a modem in tests and for the
// virtual exchange's modems. Open its `slavePath` with `SerialPort`.

import CPOSIXShims

#if canImport(Glibc)
import Glibc
#endif

/// A pseudo-terminal master. The slave (`slavePath`) behaves like a serial port without
/// modem-control lines.
public final class PseudoTerminal: Sendable {
    /// Path of the slave side, e.g. `/dev/pts/7`.
    public let slavePath: String
    private let master: ManagedDescriptor

    /// Opens a new pty master (posix_openpt, grantpt, unlockpt).
    public init() throws(SerialPortError) {
        var name = [CChar](repeating: 0, count: 128)
        let fd = swiftfax_pty_open(&name, name.count)
        guard fd >= 0 else { throw .openFailed(path: "/dev/ptmx", errno: errno) }
        let flags = fcntl(fd, F_GETFD)
        _ = fcntl(fd, F_SETFD, flags | FD_CLOEXEC)
        slavePath = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        master = ManagedDescriptor(fd)
    }

    /// Whether the master is still open.
    public var isOpen: Bool { master.isOpen }

    /// Reads what the slave side wrote (at least one byte), or throws `.timeout`.
    /// Throws `.hungUp` once the slave has been closed.
    public func read(maxCount: Int, deadline: Deadline) throws(SerialPortError) -> [UInt8] {
        guard maxCount > 0 else { return [] }
        var bytes = [UInt8](repeating: 0, count: maxCount)
        let count = try master.withDescriptor { (fd) throws(SerialPortError) in
            try bytes.withMutableBytes { (buffer) throws(SerialPortError) in
                try DescriptorIO.read(fd, into: buffer, deadline: deadline)
            }
        }
        bytes.removeLast(maxCount - count)
        return bytes
    }

    /// Writes bytes for the slave side to read.
    public func write(_ bytes: [UInt8], deadline: Deadline) throws(SerialPortError) {
        try master.withDescriptor { (fd) throws(SerialPortError) in
            try bytes.withBytes { (buffer) throws(SerialPortError) in
                try DescriptorIO.write(fd, buffer, deadline: deadline)
            }
        }
    }

    /// Closes the master: the slave side sees a hang-up. Idempotent.
    public func close() {
        master.close()
    }

    deinit {
        master.close()
    }
}
