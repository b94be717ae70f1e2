// DeviceName: resolves a serial device path through symlinks to the kernel device name
// that the UUCP lock file is named after (/dev/modem → /dev/ttyS0 → "ttyS0").

#if canImport(Glibc)
import Glibc
#endif

/// A device path resolved to the kernel's node.
public struct DeviceName: Sendable, Hashable {
    /// The canonical path of the device node, e.g. `/dev/ttyUSB0`.
    public let path: String
    /// The node's name below `/dev`, e.g. `ttyUSB0` or `pts/3`.
    public let kernelName: String

    /// Resolves `path` through any symlinks (udev's `/dev/serial/by-id/...`, `/dev/modem`).
    ///
    /// The links are followed one by one (lstat, readlink) rather than with realpath(3): under an
    /// LD_PRELOAD wrapper that fakes /dev (umockdev 0.17, which the hot-plug tests run faxd
    /// under) realpath writes past the caller's buffer.
    public init(resolving path: String) throws(SerialPortError) {
        var current = path
        for _ in 0..<32 {
            var status = stat()
            guard lstat(current, &status) == 0 else { throw .openFailed(path: path, errno: errno) }
            guard status.st_mode & S_IFMT == S_IFLNK else {
                self.init(canonicalPath: Self.normalised(current))
                return
            }
            var buffer = [UInt8](repeating: 0, count: Int(PATH_MAX))
            let count = buffer.withUnsafeMutableBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { readlink(current, $0.baseAddress!, $0.count) }
            }
            guard count > 0 else { throw .openFailed(path: path, errno: errno) }
            let target = String(decoding: buffer[0..<count], as: UTF8.self)
            current = target.hasPrefix("/") ? target : Self.directory(of: current) + "/" + target
        }
        throw .openFailed(path: path, errno: ELOOP)
    }

    private static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "" : String(path[..<slash])
    }

    /// `.` and `..` taken out, as text (the links are already followed).
    private static func normalised(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            switch part {
            case ".": continue
            case "..": if !parts.isEmpty { parts.removeLast() }
            default: parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }

    init(canonicalPath: String) {
        path = canonicalPath
        if canonicalPath.hasPrefix("/dev/") {
            kernelName = String(canonicalPath.dropFirst("/dev/".count))
        } else {
            kernelName = String(canonicalPath.split(separator: "/").last ?? Substring(canonicalPath))
        }
    }

    /// The UUCP lock file name: `LCK..` plus the kernel name, with `/` (as in `pts/3`) written
    /// as `_`, the way HylaFAX names devices in subdirectories.
    public var lockFileName: String {
        "LCK.." + kernelName.replacingSlashes()
    }
}

extension String {
    fileprivate func replacingSlashes() -> String {
        String(map { $0 == "/" ? "_" : $0 })
    }
}
