// SpawnedProcess: a daemon (cupsd) started with a clean signal state in a process group of its
// own (FaxTestSupport's spawnClean), output to /dev/null; stopped and reaped.

import FaxTestSupport
import Foundation

public final class SpawnedProcess: @unchecked Sendable {
    public let pid: pid_t
    private var exited = false

    public init(_ path: String, _ arguments: [String]) throws {
        do { pid = try spawnClean(path, arguments) } catch { throw FaxdTestError("\(error)") }
    }

    public var isRunning: Bool {
        guard !exited else { return false }
        var status: Int32 = 0
        if waitpid(pid, &status, WNOHANG) == pid { exited = true }
        return !exited
    }

    /// Sends `signal` and waits for the process to end (SIGKILL after `grace` seconds).
    public func end(with signal: Int32, grace: Double = 15) {
        guard !exited else { return }
        kill(pid, signal)
        let deadline = Date().addingTimeInterval(grace)
        while isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        guard isRunning else { return }
        kill(pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1, errno == EINTR {}
        exited = true
    }
}
