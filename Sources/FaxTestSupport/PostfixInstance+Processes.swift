// PostfixInstance+Processes: running Postfix's commands with a clean signal state, and finding every
// process an instance started, so stop() leaves none behind.
//
// The master inherits the signal mask of whoever ran `postfix start` (it never resets it), and a
// Foundation Process started from a thread of the cooperative pool hands its child that thread's
// mask, in which almost every signal is blocked: such a master would never see SIGTERM (stop) or
// SIGCHLD (reap its daemons). So the commands are started with posix_spawn, nothing blocked, default
// dispositions. Their output goes to a file, not a pipe: the daemonized master keeps what it
// inherited, and reading a pipe to its end would wait for the master to exit.
//
// The master calls setsid(): the daemons it starts share its session. pipe(8) runs each command in a
// session of its own, so a command still running when the instance stops is found as a descendant of
// the master (by parent pid), remembered before the stop.

import Foundation

extension PostfixInstance {
    /// A process, told apart from a later one that reuses its pid by its start time.
    struct ProcessIdentity: Hashable {
        let pid: pid_t
        let startTime: UInt64
    }

    /// One line of /proc/PID/stat: parent, session, state, start time.
    struct ProcessStat {
        let pid: pid_t, parent: pid_t, session: pid_t, state: Character, startTime: UInt64
    }

    static func stat(_ pid: pid_t) -> ProcessStat? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return nil }
        // After "pid (comm) ": state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime
        // cutime cstime priority nice threads itrealvalue starttime …
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 19, let state = fields[0].first, let parent = pid_t(fields[1]), let session = pid_t(fields[3]),
              let start = UInt64(fields[19]) else { return nil }
        return ProcessStat(pid: pid, parent: parent, session: session, state: state, startTime: start)
    }

    static func allProcesses() -> [ProcessStat] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap { pid_t($0) }.compactMap { stat($0) }
    }

    /// Running, not a zombie waiting to be reaped.
    static func isAlive(_ pid: pid_t) -> Bool {
        guard let stat = stat(pid) else { return false }
        return stat.state != "Z" && stat.state != "X"
    }

    /// A live Postfix master at `pid` (not some later process that got the pid of a master long gone).
    static func isMaster(_ pid: pid_t) -> Bool {
        guard isAlive(pid), let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/exe") else { return false }
        return exe.hasSuffix("/postfix/sbin/master")
    }

    static func isAlive(_ process: ProcessIdentity) -> Bool {
        guard let stat = stat(process.pid), stat.startTime == process.startTime else { return false }
        return stat.state != "Z" && stat.state != "X"
    }

    /// The master, every process in its session, and every descendant of any of them.
    static func family(of master: pid_t) -> Set<ProcessIdentity> {
        let table = allProcesses()
        var members = Set(table.filter { $0.pid == master || $0.session == master }.map(\.pid))
        var grew = true
        while grew {
            let children = table.filter { members.contains($0.parent) && !members.contains($0.pid) }.map(\.pid)
            grew = !children.isEmpty
            members.formUnion(children)
        }
        return Set(table.filter { members.contains($0.pid) && $0.state != "Z" }.map { ProcessIdentity(pid: $0.pid, startTime: $0.startTime) })
    }

    /// The live processes of the instance whose master is `master` (master, daemons, pipe commands).
    public static func processes(of master: pid_t) -> [pid_t] { family(of: master).map(\.pid).sorted() }

    /// Runs a Postfix command as this process's user with a clean signal state, stdin from `input`
    /// (or /dev/null); returns its exit status (nil when killed at `timeout`) and its output.
    func runCommand(_ path: String, _ arguments: [String], input: URL? = nil, environment: [String: String] = [:],
                    timeout: Double = 60) throws -> (status: Int32?, output: String) {
        let outputFile = directory.appendingPathComponent(".command-\(UUID().uuidString.prefix(8)).out").path
        defer { try? FileManager.default.removeItem(atPath: outputFile) }

        let merged = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let pid: pid_t
        do { pid = try spawnClean(path, arguments, input: input?.path ?? "/dev/null", output: outputFile, environment: merged) } catch {
            throw PostfixError("\(error)")
        }

        var status: Int32 = 0
        var ended = false
        let deadline = Date().addingTimeInterval(timeout)
        while !ended {
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid { ended = true; break }
            if result == -1, errno != EINTR { break }
            if Date() >= deadline {
                kill(-pid, SIGKILL)
                while waitpid(pid, &status, 0) == -1, errno == EINTR {}
                break
            }
            Thread.sleep(forTimeInterval: 0.005)
        }
        let output = (try? String(contentsOfFile: outputFile, encoding: .utf8)) ?? ""
        // WIFEXITED / WEXITSTATUS, which Swift does not import.
        let exited = ended && (status & 0x7f) == 0
        return (exited ? (status >> 8) & 0xff : nil, output)
    }
}
