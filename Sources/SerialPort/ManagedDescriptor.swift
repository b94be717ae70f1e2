// ManagedDescriptor: a file descriptor that can be closed from any thread without racing
// against I/O in flight on another thread (the close waits until that I/O returns).

import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Owns one file descriptor. I/O borrows it through `withDescriptor`; `close()` marks it
/// closed at once and closes it as soon as no borrow is in flight, so the number can never
/// be reused under a running read.
final class ManagedDescriptor: Sendable {
    private struct State {
        var fd: Int32
        var borrows = 0
        var closeRequested = false
    }

    private let state: Mutex<State>
    private let afterClose: @Sendable () -> Void

    /// - Parameter afterClose: runs once, right after close(2) (e.g. to remove a lock file).
    init(_ fd: Int32, afterClose: @escaping @Sendable () -> Void = {}) {
        state = Mutex(State(fd: fd))
        self.afterClose = afterClose
    }

    var isOpen: Bool { state.withLock { !$0.closeRequested } }

    /// Runs `body` with the descriptor; throws `.closed` if it has been closed.
    func withDescriptor<T>(_ body: (Int32) throws(SerialPortError) -> T) throws(SerialPortError) -> T {
        let fd = try state.withLock { (state: inout State) throws(SerialPortError) -> Int32 in
            guard !state.closeRequested else { throw .closed }
            state.borrows += 1
            return state.fd
        }
        defer { endBorrow() }
        return try body(fd)
    }

    /// Closes now, or when the last borrow in flight ends. Idempotent.
    func close() {
        let fd: Int32? = state.withLock { state in
            guard !state.closeRequested else { return nil }
            state.closeRequested = true
            return state.borrows == 0 ? state.fd : nil
        }
        if let fd { finish(fd) }
    }

    private func endBorrow() {
        let fd: Int32? = state.withLock { state in
            state.borrows -= 1
            return state.closeRequested && state.borrows == 0 ? state.fd : nil
        }
        if let fd { finish(fd) }
    }

    private func finish(_ fd: Int32) {
        _ = Glibc.close(fd)
        afterClose()
    }

    deinit {
        close()
    }
}
