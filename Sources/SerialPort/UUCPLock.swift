// UUCPLock: the UUCP-style device lock file shared by mgetty, efax, HylaFAX, cu and minicom:
// `/var/lock/LCK..ttyS0` holding the owner's PID as "%10d\n".

#if canImport(Glibc)
import Glibc
#endif

/// A held UUCP lock file. Create it with `acquire`, give it back with `release`.
public struct UUCPLock: Sendable, Hashable {
    /// Full path of the lock file.
    public let path: String
    /// The PID written into it.
    public let pid: Int32

    /// The lock file content for `pid`: ten characters right-aligned, then a newline.
    public static func content(for pid: Int32) -> [UInt8] {
        let digits = String(pid)
        let padding = String(repeating: " ", count: max(0, 10 - digits.count))
        return Array((padding + digits + "\n").utf8)
    }

    /// Creates the lock file for `device` in `directory` atomically: the content is written to
    /// `LTMP.<pid>` and then hard-linked to the final name. A lock left by a dead process is
    /// removed and the link retried once; a lock of a live process throws `.locked(byPID:)`.
    public static func acquire(
        device: DeviceName, directory: String, pid: Int32 = getpid()
    ) throws(SerialPortError) -> UUCPLock {
        let path = directory + "/" + device.lockFileName
        let temporary = directory + "/LTMP.\(pid)"
        try writeFile(temporary, content(for: pid))
        defer { unlink(temporary) }

        for _ in 0..<2 {
            if link(temporary, path) == 0 { return UUCPLock(path: path, pid: pid) }
            guard errno == EEXIST else { throw .lockFailed(path: path, errno: errno) }
            if let owner = readOwner(path), processExists(owner) {
                throw .locked(byPID: owner)
            }
            // Stale: the owner is gone (or the file is unreadable garbage). Remove and retry.
            if unlink(path) != 0 && errno != ENOENT { throw .lockFailed(path: path, errno: errno) }
        }
        throw .lockFailed(path: path, errno: EEXIST)
    }

    /// Removes the lock file if it still names this lock's PID.
    public func release() {
        if Self.readOwner(path) == pid { unlink(path) }
    }

    /// The PID in a lock file: ASCII (any width) or, from old binary-lock programs, a raw
    /// 4-byte int. Nil if the file is missing or holds no PID.
    public static func readOwner(_ path: String) -> Int32? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
        guard count > 0 else { return nil }
        let bytes = buffer.prefix(count)
        if count == 4, !bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || ($0 >= 0x30 && $0 <= 0x39) }) {
            let binary = bytes.withUnsafeBytes { $0.loadUnaligned(as: Int32.self) }
            return binary > 0 ? binary : nil
        }
        let text = String(decoding: bytes, as: UTF8.self).trimmingWhitespace()
        guard let value = Int32(text), value > 0 else { return nil }
        return value
    }

    /// Whether a process with this PID exists (kill(pid, 0): success or EPERM means alive).
    public static func processExists(_ pid: Int32) -> Bool {
        guard pid > 0 else { return false }
        return kill(pid, 0) == 0 || errno == EPERM
    }

    private static func writeFile(_ path: String, _ bytes: [UInt8]) throws(SerialPortError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .lockFailed(path: path, errno: errno) }
        _ = fchmod(fd, 0o644)  // regardless of umask, so other users' tools can read it
        let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        let code = errno
        close(fd)
        if written != bytes.count {
            unlink(path)
            throw .lockFailed(path: path, errno: written < 0 ? code : EIO)
        }
    }
}

extension String {
    func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }),
              let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
