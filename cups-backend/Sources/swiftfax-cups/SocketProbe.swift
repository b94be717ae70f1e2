// SocketProbe: can this process connect to faxd's Unix socket right now? One connect(2), so a
// missing faxd (ENOENT, ECONNREFUSED) or a socket lp may not use (EACCES) is told at once and by
// name — the HTTP client would keep retrying the connection until its request deadline.

import Foundation

enum SocketProbe {
    /// nil when a connection is accepted, else why not.
    static func problem(connecting path: String) -> String? {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return "socket: \(String(cString: strerror(errno)))" }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { return "socket path too long" }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        return connected == 0 ? nil : String(cString: strerror(errno))
    }
}
