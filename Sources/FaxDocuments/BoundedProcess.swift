// BoundedProcess: runs a helper program (Ghostscript, tiff2pdf) with a wall-clock timeout and
// resource limits; on overrun the process is killed, never left running.

import Foundation

struct BoundedProcess {
    struct Outcome {
        var status: Int32
        var timedOut: Bool
        var log: String
    }

    var executable: String
    var arguments: [String]
    var timeoutSeconds: Double
    /// Address-space and CPU limits are applied through util-linux `prlimit`, which execs the program.
    var memoryBytes: Int?
    var environment: [String: String] = [:]

    /// Runs to completion or until the timeout; stdout and stderr go to `logPath` (its last 64 KiB returned).
    func run(logPath stderrPath: String) throws -> Outcome {
        let process = Process()
        var argv = arguments
        if let memoryBytes, FileManager.default.isExecutableFile(atPath: "/usr/bin/prlimit") {
            let cpu = Int(timeoutSeconds.rounded(.up)) + 1
            argv = ["--as=\(memoryBytes)", "--cpu=\(cpu)", "--core=0", "--", executable] + argv
            process.executableURL = URL(fileURLWithPath: "/usr/bin/prlimit")
        } else {
            process.executableURL = URL(fileURLWithPath: executable)
        }
        process.arguments = argv
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { _, new in new }
        process.environment = env
        _ = FileManager.default.createFile(atPath: stderrPath, contents: nil)
        guard let errHandle = FileHandle(forWritingAtPath: stderrPath) else {
            throw DocumentError.outputFailed(path: stderrPath, reason: "cannot create a log file")
        }
        defer { try? errHandle.close() }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = errHandle
        process.standardError = errHandle
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        do {
            try process.run()
        } catch {
            throw DocumentError.outputFailed(path: executable, reason: "cannot start \(executable): \(error)")
        }
        var timedOut = false
        if finished.wait(timeout: .now() + timeoutSeconds) == .timedOut {
            timedOut = true
            kill(process.processIdentifier, SIGKILL)
            finished.wait()
        }
        let data = (try? Data(contentsOf: URL(fileURLWithPath: stderrPath))) ?? Data()
        let tail = String(decoding: data.suffix(65536), as: UTF8.self)
        return Outcome(status: process.terminationStatus, timedOut: timedOut, log: tail)
    }
}
