// PseudoTerminal: the pty a virtual modem sits behind, with an optional symlink at a path the user
// chooses (e.g. /var/run/swiftfax/ttyFAX0).
//
// The exchange holds the slave side open itself, so a client closing and reopening the device
// never tears the pty down (the master would otherwise read EIO until the next open).

import CPOSIXShims
import Glibc

public enum PseudoTerminalError: Error, CustomStringConvertible {
    case cannotOpen(errno: Int32)
    case cannotLink(path: String, errno: Int32)

    public var description: String {
        switch self {
        case .cannotOpen(let e): "cannot open a pseudo-terminal: \(String(cString: strerror(e)))"
        case .cannotLink(let path, let e): "cannot create the device link \(path): \(String(cString: strerror(e)))"
        }
    }
}

final class PseudoTerminal {
    let masterFD: Int32
    let slavePath: String
    let linkPath: String?
    private let heldSlaveFD: Int32

    init(linkPath: String?) throws(PseudoTerminalError) {
        var name = [CChar](repeating: 0, count: 128)
        let master = swiftfax_pty_open(&name, name.count)
        guard master >= 0 else { throw .cannotOpen(errno: errno) }
        let slave = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let held = open(slave, O_RDWR | O_NOCTTY | O_NONBLOCK)
        guard held >= 0 else {
            let e = errno
            close(master)
            throw .cannotOpen(errno: e)
        }
        // Raw from the start: a client that never sets its own modes must not see its commands echoed.
        var modes = termios()
        tcgetattr(held, &modes)
        cfmakeraw(&modes)
        tcsetattr(held, TCSANOW, &modes)
        _ = fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK)
        // Like a real modem's device node (root:dialout 0660): a fax daemon running as an
        // unprivileged user in group dialout can open it.
        if let dialout = getgrnam("dialout") {
            _ = fchown(held, uid_t.max, dialout.pointee.gr_gid)
            _ = fchmod(held, 0o660)
        }
        if let linkPath {
            var st = stat()
            if lstat(linkPath, &st) == 0, (st.st_mode & S_IFMT) == S_IFLNK {
                unlink(linkPath)  // a stale link from an earlier run
            }
            guard symlink(slave, linkPath) == 0 else {
                let e = errno
                close(held)
                close(master)
                throw .cannotLink(path: linkPath, errno: e)
            }
        }
        masterFD = master
        heldSlaveFD = held
        slavePath = slave
        self.linkPath = linkPath
    }

    /// True when the client set IXON on the tty: it expects XON/XOFF flow control from the modem.
    var clientUsesSoftwareFlowControl: Bool {
        var modes = termios()
        guard tcgetattr(heldSlaveFD, &modes) == 0 else { return false }
        return modes.c_iflag & tcflag_t(IXON) != 0
    }

    /// Removes the device symlink (if it still points at this pty).
    func removeLink() {
        guard let linkPath else { return }
        var target = [CChar](repeating: 0, count: 256)
        let n = readlink(linkPath, &target, target.count - 1)
        if n > 0, String(decoding: target[..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self) == slavePath {
            unlink(linkPath)
        }
    }

    deinit {
        removeLink()
        close(heldSlaveFD)
        close(masterFD)
    }
}
