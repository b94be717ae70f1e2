// FaxdProcess: a real faxd, started from the build directory with a configuration written for
// the test, its log kept in a file; stopped with SIGTERM or killed with SIGKILL, and started again.
//
// Ready means ready now: a started (or restarted) faxd is ready when its log has said "API
// listening" after the point where this start began (not a line from the previous run) and
// GET /v1/health answers 200 on the socket (a socket file a killed faxd left behind refuses
// connections), while the process just started is still running.

import FaxTestSupport
import Foundation
import Synchronization

public final class FaxdProcess: @unchecked Sendable {
    /// faxd is built next to the test bundle.
    public static let executable = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        .appendingPathComponent("faxd").path

    public let configPath: String
    public let socketPath: String
    public let logPath: String
    private var process: Process?
    /// The log's size when the current run started: its own lines come after.
    public private(set) var logOffset: UInt64 = 0

    /// The directory faxd is started in (the test's own when nil).
    public let workingDirectory: String?
    /// The faxd program started (the build's unless a test copied it elsewhere).
    public let executable: String

    public init(configPath: String, socketPath: String, logPath: String, workingDirectory: String? = nil,
         executable: String = FaxdProcess.executable) {
        self.executable = executable
        self.configPath = configPath
        self.socketPath = socketPath
        self.logPath = logPath
        self.workingDirectory = workingDirectory
    }

    public var pid: Int32? { process?.processIdentifier }
    public var isRunning: Bool { process?.isRunning ?? false }

    /// Starts faxd (with `environment` added to the test's) and waits until this run is ready.
    public func start(environment: [String: String] = [:]) throws {
        precondition(process == nil || process?.isRunning == false, "faxd is already running")
        logOffset = Self.size(of: logPath)
        let process = Process()
        // Through the shell so faxd's output is appended to the log file by the kernel, as a
        // service manager would, and `exec` so the pid is faxd's own.
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "cd \"$3\" && exec \"$0\" --config \"$1\" >> \"$2\" 2>&1 < /dev/null",
                             executable, configPath, logPath, workingDirectory ?? FileManager.default.currentDirectoryPath]
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        }
        try process.run()
        self.process = process
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline, process.isRunning {
            if logSinceStart().contains("API listening"), Self.healthAnswers(socketPath) { return }
            Thread.sleep(forTimeInterval: 0.05)
        }
        let config = (try? String(contentsOfFile: configPath, encoding: .utf8)) ?? ""
        throw FaxdTestError("faxd (\(executable)) did not start (running: \(process.isRunning)):\n\(config)\n" + log(tail: 40))
    }

    /// SIGKILL: no shutdown of any kind, as a crash or an OOM kill.
    public func kill9() {
        guard let process else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        self.process = nil
    }

    /// Waits until faxd has exited on its own (e.g. killed itself at a test failpoint); false
    /// when it still runs after `timeout` seconds.
    /// (Async, sleeping between looks: a test thread blocked for minutes starves every other test.)
    public func waitForExit(timeout: Double) async -> Bool {
        guard let process else { return true }
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning, Date() < deadline { try? await Task.sleep(for: .milliseconds(50)) }
        guard !process.isRunning else { return false }
        process.waitUntilExit()
        self.process = nil
        return true
    }

    /// Arms a SIGKILL for `delay` seconds after this run logs a line containing `text`, watched
    /// from a thread of its own from now on — so the kill lands at that moment of the call even
    /// when the test's own tasks wait minutes for a busy cooperative pool. Arm it before the
    /// action that leads to the line; `await` the result (false: not logged within `timeout`).
    public func armKill(whenLogged text: String, after delay: Double, timeout: Double) -> KillWatch {
        let watch = KillWatch()
        guard let pid else {
            watch.finish(false)
            return watch
        }
        let thread = Thread { [self] in
            let deadline = Date().addingTimeInterval(timeout)
            while Date() < deadline, !logSinceStart().contains(text) { Thread.sleep(forTimeInterval: 0.02) }
            guard logSinceStart().contains(text) else { return watch.finish(false) }
            Thread.sleep(forTimeInterval: delay)
            watch.finish(kill(pid, SIGKILL) == 0)
        }
        thread.start()
        return watch
    }

    /// Waits for an armed kill; when it happened, faxd has exited.
    public func wait(for watch: KillWatch) async -> Bool {
        let killed = await watch.value
        if killed, let process {
            process.waitUntilExit()
            self.process = nil
        }
        return killed
    }

    /// SIGTERM and wait: the graceful shutdown.
    @discardableResult
    public func stop() -> Int32? {
        guard let process else { return nil }
        process.terminate()
        process.waitUntilExit()
        self.process = nil
        return process.terminationStatus
    }

    public func log(tail lines: Int = 200) -> String {
        let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        return text.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines).joined(separator: "\n")
    }

    /// What this run has logged so far (nothing from earlier runs).
    public func logSinceStart() -> String {
        guard let handle = FileHandle(forReadingAtPath: logPath) else { return "" }
        defer { try? handle.close() }
        guard (try? handle.seek(toOffset: logOffset)) != nil, let data = try? handle.readToEnd() else { return "" }
        return String(decoding: data, as: UTF8.self)
    }

    public static func size(of path: String) -> UInt64 {
        var st = stat()
        return stat(path, &st) == 0 ? UInt64(st.st_size) : 0
    }

    /// GET /v1/health over the Unix socket answers 200: a faxd is listening there right now.
    public static func healthAnswers(_ socketPath: String) -> Bool {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(socketPath.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { return false }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard connected == 0 else { return false }
        let request = Array("GET /v1/health HTTP/1.1\r\nHost: faxd\r\nConnection: close\r\n\r\n".utf8)
        guard request.withUnsafeBytes({ send(fd, $0.baseAddress, $0.count, 0) }) == request.count else { return false }
        var response: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 512)
        while response.count < 4096 {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { break }
            response += buffer[0..<n]
            if response.count >= 12 { break }
        }
        return String(decoding: response, as: UTF8.self).hasPrefix("HTTP/1.1 200")
    }

    deinit { kill9() }
}

/// The outcome of an armed kill, set once by the watching thread.
public final class KillWatch: Sendable {
    private struct State {
        var outcome: Bool?
        var waiter: CheckedContinuation<Bool, Never>?
    }
    private let state = Mutex(State())

    public init() {}

    public func finish(_ killed: Bool) {
        let waiting = state.withLock { state in
            state.outcome = killed
            defer { state.waiter = nil }
            return state.waiter
        }
        waiting?.resume(returning: killed)
    }

    public var value: Bool {
        get async {
            await withCheckedContinuation { continuation in
                let outcome = state.withLock { state in
                    if state.outcome == nil { state.waiter = continuation }
                    return state.outcome
                }
                if let outcome { continuation.resume(returning: outcome) }
            }
        }
    }
}

public struct FaxdTestError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
