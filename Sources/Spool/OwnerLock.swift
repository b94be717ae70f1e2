// OwnerLock: only one process may own a spool — run crash recovery and drive the modems. Two
// owners would each "recover" the other's calls and send faxes twice. The owner holds an exclusive
// flock on `<database>.lock` for as long as its Spool lives; the kernel drops it if the process dies.

import Glibc

final class OwnerLock: Sendable {
    private let descriptor: Int32

    init(path: String) throws(SpoolError) {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .storage("cannot open \(path): \(String(cString: strerror(errno)))") }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            close(fd)
            if code == EWOULDBLOCK { throw .alreadyOwned(path) }
            throw .storage("cannot lock \(path): \(String(cString: strerror(code)))")
        }
        descriptor = fd
    }

    deinit {
        close(descriptor)  // releases the lock
    }
}
