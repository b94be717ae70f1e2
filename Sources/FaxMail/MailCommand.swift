// MailCommand: runs the program that hands a message to the MTA (sendmail, or curl for an SMTP
// relay) with the message file as its standard input, a wall-clock limit (killed past it, never
// left running) and a bounded record of what it printed — the text a failed hand-over is logged with.

import Foundation
import Synchronization

struct MailCommand {
    struct Outcome {
        var status: Int32
        var timedOut: Bool
        /// The last 4 KiB of what it printed (stdout and stderr).
        var output: String
    }

    var argv: [String]
    var timeoutSeconds: Double
    var environment: [String: String] = [:]

    /// Runs with `input` (a file) as stdin. Blocking: call it off the cooperative pool.
    func run(input: String) throws -> Outcome {
        guard let program = argv.first else { throw MailCommandError("no program to run") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = Array(argv.dropFirst())
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { _, new in new }
        process.environment = env
        guard let stdin = FileHandle(forReadingAtPath: input) else { throw MailCommandError("cannot read \(input)") }
        defer { try? stdin.close() }
        let output = Pipe()
        process.standardInput = stdin
        process.standardOutput = output
        process.standardError = output
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        do { try process.run() } catch { throw MailCommandError("cannot start \(program): \(error)") }
        try? output.fileHandleForWriting.close()
        let pid = process.processIdentifier
        let overran = Atomic<Bool>(false)
        let watchdog = DispatchWorkItem {
            overran.store(true, ordering: .relaxed)
            kill(pid, SIGKILL)
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeoutSeconds, execute: watchdog)
        // Read to EOF, keeping the tail only.
        var tail: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        let fd = output.fileHandleForReading.fileDescriptor
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, 4096) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            tail += buffer[0..<n]
            if tail.count > 4096 { tail.removeFirst(tail.count - 4096) }
        }
        finished.wait()
        watchdog.cancel()
        let text = String(decoding: tail, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return Outcome(status: process.terminationStatus, timedOut: overran.load(ordering: .relaxed), output: text)
    }
}

struct MailCommandError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
