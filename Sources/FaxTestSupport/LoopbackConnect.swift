// LoopbackConnect: a TCP connect to 127.0.0.1:port on a socket the caller made — for tests that
// speak raw bytes to faxd's API or check that a daemon's port is (or is no longer) listening.

import Foundation

/// connect(2) to 127.0.0.1:`port`; 0 when connected, else -1 with errno set.
public func connectLoopback(_ fd: Int32, port: Int) -> Int32 {
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    return withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
}
