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

    /// Runs to completion or until the timeout. stderr goes to `logPath` (its last 64 KiB returned);
    /// stdout goes there too, unless `readOutput` is given: it then gets stdout's descriptor and a
    /// function that kills the process, and is called on this thread while the process runs.
    func run(logPath: String, readOutput: ((Int32, @escaping @Sendable () -> Void) -> Void)? = nil) throws -> Outcome {
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
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        guard let logHandle = FileHandle(forWritingAtPath: logPath) else {
            throw DocumentError.outputFailed(path: logPath, reason: "cannot create a log file")
        }
        defer { try? logHandle.close() }
        let output = readOutput == nil ? nil : Pipe()
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output ?? logHandle
        process.standardError = logHandle
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        do {
            try process.run()
        } catch {
            throw DocumentError.outputFailed(path: executable, reason: "cannot start \(executable): \(error)")
        }
        let pid = process.processIdentifier
        let overran = Flag()
        let watchdog = DispatchWorkItem {
            overran.set()
            kill(pid, SIGKILL)
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeoutSeconds, execute: watchdog)
        if let output, let readOutput {
            try? output.fileHandleForWriting.close()
            readOutput(output.fileHandleForReading.fileDescriptor) { kill(pid, SIGKILL) }
            if process.isRunning { kill(pid, SIGKILL) }
            try? output.fileHandleForReading.close()
        }
        finished.wait()
        watchdog.cancel()
        let data = (try? Data(contentsOf: URL(fileURLWithPath: logPath))) ?? Data()
        let tail = String(decoding: data.suffix(65536), as: UTF8.self)
        return Outcome(status: process.terminationStatus, timedOut: overran.value, log: tail)
    }
}

/// A flag set from one thread and read from another.
private final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var isSet = false
    func set() { lock.withLock { isSet = true } }
    var value: Bool { lock.withLock { isSet } }
}
