// DescriptorIO: poll(2)-based reads and writes on a blocking descriptor, bounded by a deadline.

#if canImport(Glibc)
import Glibc
#endif

/// Deadline-bounded I/O shared by `SerialPort` and `PseudoTerminal`.
enum DescriptorIO {
    /// Waits for input and reads what is there (at least one byte, at most `buffer.count`).
    static func read(
        _ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, deadline: Deadline
    ) throws(SerialPortError) -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        while true {
            let events = try waitFor(Int16(POLLIN), on: fd, deadline: deadline)
            if events & Int16(POLLIN) == 0 {
                // POLLHUP or POLLERR without data: nothing more will come.
                throw events & Int16(POLLHUP) != 0 ? .hungUp : .deviceGone
            }
            let count = Glibc.read(fd, base, buffer.count)
            if count > 0 { return count }
            if count == 0 { throw .deviceGone }  // EOF: the tty was hung up (vhangup, unplug)
            switch errno {
            case EINTR, EAGAIN, EWOULDBLOCK: continue
            case let code: throw mapIOError(code, operation: "read")
            }
        }
    }

    /// Writes all of `bytes`, resuming after partial writes, until done or the deadline passes.
    /// The descriptor is switched to non-blocking for the duration, so a stalled flow-control
    /// line can never block past the deadline.
    static func write(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, deadline: Deadline) throws(SerialPortError) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        let flags = fcntl(fd, F_GETFL)
        guard flags >= 0 else { throw mapIOError(errno, operation: "fcntl(F_GETFL)") }
        if flags & O_NONBLOCK == 0 { _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK) }
        defer { if flags & O_NONBLOCK == 0 { _ = fcntl(fd, F_SETFL, flags) } }

        var offset = 0
        while offset < bytes.count {
            let count = Glibc.write(fd, base + offset, bytes.count - offset)
            if count > 0 {
                offset += count
                continue
            }
            let code = count < 0 ? errno : EAGAIN
            switch code {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK:
                // In slices: a pty does not always wake a writer when its buffer drains.
                let events = try waitFor(Int16(POLLOUT), on: fd, deadline: min(deadline, .after(.milliseconds(20))), orUntil: deadline)
                if events == 0 { continue }  // the slice ended: try the write again
                if events & Int16(POLLOUT) == 0 {
                    throw events & Int16(POLLHUP) != 0 ? .hungUp : .deviceGone
                }
            default: throw mapIOError(code, operation: "write")
            }
        }
    }

    /// Polls for `events` until they (or a hang-up or error) arrive; `.timeout` at the deadline.
    /// Returns the revents.
    static func waitFor(_ events: Int16, on fd: Int32, deadline: Deadline) throws(SerialPortError) -> Int16 {
        try waitFor(events, on: fd, deadline: deadline, orUntil: deadline)
    }

    /// Polls until `slice` ends (then returns 0 events, to let the caller try again) or the events
    /// arrive; `.timeout` only at `deadline`.
    static func waitFor(_ events: Int16, on fd: Int32, deadline slice: Deadline, orUntil deadline: Deadline) throws(SerialPortError) -> Int16 {
        while true {
            var pfd = pollfd(fd: fd, events: events, revents: 0)
            let ready = poll(&pfd, 1, slice.pollTimeoutMilliseconds)
            if ready < 0 {
                if errno == EINTR { continue }
                throw mapIOError(errno, operation: "poll")
            }
            if ready == 0 {
                if deadline.hasPassed { throw .timeout }
                if slice.hasPassed { return 0 }
                continue
            }
            if pfd.revents & Int16(POLLNVAL) != 0 { throw .closed }
            return pfd.revents
        }
    }

    static func mapIOError(_ code: Int32, operation: String) -> SerialPortError {
        switch code {
        case EIO: .hungUp
        case ENXIO, ENODEV: .deviceGone
        case EBADF: .closed
        default: .ioFailed(operation: operation, errno: code)
        }
    }
}
