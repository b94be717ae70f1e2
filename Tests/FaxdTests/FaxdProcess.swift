// FaxdProcess: a real faxd, started from the build directory with a configuration written for
// the test, its log kept in a file; stopped with SIGTERM or killed with SIGKILL.

import FaxTestSupport
import Foundation

final class FaxdProcess: @unchecked Sendable {
    /// faxd is built next to the test bundle.
    static let executable = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        .appendingPathComponent("faxd").path

    let configPath: String
    let socketPath: String
    let logPath: String
    private var process: Process?

    /// The directory faxd is started in (the test's own when nil).
    let workingDirectory: String?

    init(configPath: String, socketPath: String, logPath: String, workingDirectory: String? = nil) {
        self.configPath = configPath
        self.socketPath = socketPath
        self.logPath = logPath
        self.workingDirectory = workingDirectory
    }

    var pid: Int32? { process?.processIdentifier }

    /// Starts faxd and waits for its API socket.
    func start() throws {
        let process = Process()
        // Through the shell so faxd's output is appended to the log file by the kernel, as a
        // service manager would, and `exec` so the pid is faxd's own.
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "cd \"$3\" && exec \"$0\" --config \"$1\" >> \"$2\" 2>&1 < /dev/null",
                             Self.executable, configPath, logPath, workingDirectory ?? FileManager.default.currentDirectoryPath]
        try process.run()
        self.process = process
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            var st = stat()
            if stat(socketPath, &st) == 0, (st.st_mode & S_IFMT) == S_IFSOCK, log(tail: 1000).contains("API listening") { return }
            guard process.isRunning else { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        let config = (try? String(contentsOfFile: configPath, encoding: .utf8)) ?? ""
        throw FaxdTestError("faxd (\(Self.executable)) did not start (running: \(process.isRunning)):\n\(config)\n" + log(tail: 40))
    }

    /// SIGKILL: no shutdown of any kind, as a crash or an OOM kill.
    func kill9() {
        guard let process else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        self.process = nil
    }

    /// SIGTERM and wait: the graceful shutdown.
    @discardableResult
    func stop() -> Int32? {
        guard let process else { return nil }
        process.terminate()
        process.waitUntilExit()
        self.process = nil
        return process.terminationStatus
    }

    func log(tail lines: Int = 200) -> String {
        let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        return text.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines).joined(separator: "\n")
    }

    deinit { kill9() }
}

struct FaxdTestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
