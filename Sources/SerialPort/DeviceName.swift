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
    public init(resolving path: String) throws(SerialPortError) {
        guard let resolved = realpath(path, nil) else {
            throw .openFailed(path: path, errno: errno)
        }
        defer { free(resolved) }
        self.init(canonicalPath: String(cString: resolved))
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
