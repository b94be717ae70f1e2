// BoundedProcess: runs a helper program (Ghostscript, pdfinfo, tiff2pdf) with a wall-clock timeout
// and resource limits; on overrun the process is killed, never left running.
//
// What a helper prints cannot fill the disk or faxd's memory: stderr (and stdout unless the caller
// reads it) goes through a pipe, of which only the last `logTailBytes` are kept, and a helper that
// prints more than `maxLogBytes` in all is killed (a PostScript `{(x) print} loop` writes ~100 MB
// a second). Files the helper itself writes are capped by `prlimit --fsize`.

import Foundation
import Synchronization

struct BoundedProcess {
    struct Outcome {
        var status: Int32
        /// `status` is the signal that ended the process (it crashed or was killed), not an exit code.
        var signalled: Bool = false
        var timedOut: Bool
        /// The helper printed more than `maxLogBytes` and was killed for it.
        var logOverflowed: Bool
        /// The last `logTailBytes` of what it printed.
        var log: String
    }

    var executable: String
    var arguments: [String]
    var timeoutSeconds: Double
    /// Address-space and CPU limits are applied through util-linux `prlimit`, which execs the program.
    var memoryBytes: Int?
    /// Largest file the helper may write (RLIMIT_FSIZE: it gets SIGXFSZ beyond); pipes are not files.
    var fileBytes: Int?
    var environment: [String: String] = [:]
    /// Most bytes of messages (stderr, and stdout when not read by the caller) before the helper is killed.
    var maxLogBytes = 1 << 20
    /// How much of the end of the messages is kept for the outcome.
    var logTailBytes = 64 << 10

    /// Runs to completion or until the timeout. Messages are read through a pipe (see above). With
    /// `readOutput`, stdout is a pipe of its own: `readOutput` gets its descriptor and a function
    /// that kills the process, and is called on this thread while the process runs; whatever it
    /// keeps of the output is its own business, and it must bound it.
    func run(readOutput: ((Int32, @escaping @Sendable () -> Void) -> Void)? = nil) throws -> Outcome {
        let process = Process()
        var argv = arguments
        let prlimit = "/usr/bin/prlimit"
        if memoryBytes != nil || fileBytes != nil, FileManager.default.isExecutableFile(atPath: prlimit) {
            var limits: [String] = []
            if let memoryBytes {
                limits += ["--as=\(memoryBytes)", "--cpu=\(Int(timeoutSeconds.rounded(.up)) + 1)"]
            }
            if let fileBytes { limits.append("--fsize=\(fileBytes)") }
            argv = limits + ["--core=0", "--", executable] + argv
            process.executableURL = URL(fileURLWithPath: prlimit)
        } else {
            process.executableURL = URL(fileURLWithPath: executable)
        }
        process.arguments = argv
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { _, new in new }
        process.environment = env
        let messages = Pipe()
        let output = readOutput == nil ? nil : Pipe()
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output ?? messages
        process.standardError = messages
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        do {
            try process.run()
        } catch {
            throw DocumentError.outputFailed(path: executable, reason: "cannot start \(executable): \(error)")
        }
        // Our copies of the write ends go, so EOF comes when the helper exits.
        try? messages.fileHandleForWriting.close()
        try? output?.fileHandleForWriting.close()
        let pid = process.processIdentifier
        let overran = Flag()
        let watchdog = DispatchWorkItem {
            overran.set()
            kill(pid, SIGKILL)
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeoutSeconds, execute: watchdog)

        let log = LogTail(capacity: logTailBytes)
        let logDone = DispatchSemaphore(value: 0)
        let exited = Flag()
        let logFD = messages.fileHandleForReading.fileDescriptor
        let maxLogBytes = maxLogBytes
        Thread.detachNewThread {
            log.drain(logFD, limit: maxLogBytes, exited: exited) { kill(pid, SIGKILL) }
            logDone.signal()
        }
        if let output, let readOutput {
            readOutput(output.fileHandleForReading.fileDescriptor) { kill(pid, SIGKILL) }
            if process.isRunning { kill(pid, SIGKILL) }
            try? output.fileHandleForReading.close()
        }
        finished.wait()
        watchdog.cancel()
        exited.set()
        logDone.wait()
        try? messages.fileHandleForReading.close()
        return Outcome(status: process.terminationStatus, signalled: process.terminationReason == .uncaughtSignal, timedOut: overran.value,
                       logOverflowed: log.overflowed, log: log.text)
    }
}

/// The last bytes a helper printed, and whether it printed more than allowed.
private final class LogTail: Sendable {
    private struct State {
        var tail: [UInt8] = []
        var total = 0
        var over = false
    }
    private let state = Mutex(State())
    private let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    /// Reads `fd` until EOF, or until the helper has exited and the pipe stays quiet for half a
    /// second or is still written two seconds later (a grandchild could hold it open), keeping the
    /// tail. Past `limit` bytes in all, calls `stop` once and goes on draining (so the helper never
    /// blocks on a full pipe) without keeping more.
    func drain(_ fd: Int32, limit: Int, exited: Flag, stop: () -> Void) {
        var buffer = [UInt8](repeating: 0, count: 16 << 10)
        var exitSeen: DispatchTime?
        var lastData = DispatchTime.now()
        while true {
            if exitSeen == nil, exited.value { exitSeen = .now() }
            if let exitSeen {
                let now = DispatchTime.now().uptimeNanoseconds
                if now - max(exitSeen.uptimeNanoseconds, lastData.uptimeNanoseconds) > 500_000_000
                    || now - exitSeen.uptimeNanoseconds > 2_000_000_000 { return }
            }
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, 100)
            if ready < 0 {
                if errno == EINTR { continue }
                return
            }
            if ready == 0 { continue }
            let n = read(fd, &buffer, buffer.count)
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return }
            lastData = .now()
            let capacity = self.capacity
            let stopNow: Bool = state.withLock { state in
                state.total += n
                if state.over { return false }
                if state.total > limit {
                    state.over = true
                    return true
                }
                state.tail.append(contentsOf: buffer[0..<n])
                if state.tail.count > capacity { state.tail.removeFirst(state.tail.count - capacity) }
                return false
            }
            if stopNow { stop() }
        }
    }

    var overflowed: Bool { state.withLock { $0.over } }
    var text: String { state.withLock { String(decoding: $0.tail, as: UTF8.self) } }
}

/// A flag set from one thread and read from another.
private final class Flag: Sendable {
    private let isSet = Mutex(false)
    func set() { isSet.withLock { $0 = true } }
    var value: Bool { isSet.withLock { $0 } }
}
