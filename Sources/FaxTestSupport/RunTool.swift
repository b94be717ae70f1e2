// runTool: runs a program to completion (or a time limit) and returns its exit status and combined
// output, for tests that drive faxctl, faxd or efax, or make inputs with real tools.

import Foundation

public func runTool(_ path: String, _ arguments: [String], environment: [String: String]? = nil,
                    directory: String? = nil) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    if let environment { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return (process.terminationStatus, output)
}

/// Runs a program for at most `timeout` seconds; returns its exit status (nil when it had to be
/// stopped at the time limit) and combined output. The output is read while the program runs,
/// so a talkative program never blocks on a full pipe.
public func runTool(_ path: String, _ arguments: [String], timeout: Double) throws -> (status: Int32?, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    let ended = DispatchSemaphore(value: 0)
    process.terminationHandler = { _ in ended.signal() }
    try process.run()
    let collected = OutputCollector(pipe.fileHandleForReading)
    let timedOut = ended.wait(timeout: .now() + timeout) == .timedOut
    if timedOut {
        process.terminate()
        process.waitUntilExit()
    }
    return (timedOut ? nil : process.terminationStatus, String(decoding: collected.wait(), as: UTF8.self))
}

/// Reads a file handle to its end on a thread of its own.
private final class OutputCollector: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var data = Data()

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }
    }

    func wait() -> Data {
        done.wait()
        return data
    }
}
