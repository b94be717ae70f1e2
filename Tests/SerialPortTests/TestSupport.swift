// TestSupport: temporary lock directories and a pty opened through SerialPort, for the tests.

import Foundation
import SerialPort
import XCTest

/// A fresh directory under /tmp, removed by `remove()`.
struct TemporaryDirectory {
    let path: String

    init() throws {
        var template = Array("/tmp/swiftfax-serial-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        guard made != nil else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    var entries: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// A pty whose slave side is open as a SerialPort locked in a temporary directory.
final class PortFixture {
    let pty: PseudoTerminal
    let port: SerialPort
    let lockDirectory: TemporaryDirectory

    init(configuration: SerialPortConfiguration = .init()) throws {
        lockDirectory = try TemporaryDirectory()
        pty = try PseudoTerminal()
        var configuration = configuration
        configuration.lockDirectory = lockDirectory.path
        port = try SerialPort(path: pty.slavePath, configuration: configuration)
    }

    func tearDown() {
        port.close()
        pty.close()
        lockDirectory.remove()
    }
}

/// Reads from the pty master until `count` bytes arrived or two seconds passed.
func readFromMaster(_ pty: PseudoTerminal, count: Int) throws -> [UInt8] {
    let deadline = Deadline.after(.seconds(2))
    var bytes: [UInt8] = []
    while bytes.count < count {
        bytes += try pty.read(maxCount: count - bytes.count, deadline: deadline)
    }
    return bytes
}

/// Runs `body` and returns how long it took.
func timed(_ body: () throws -> Void) rethrows -> Duration {
    let start = ContinuousClock.now
    try body()
    return ContinuousClock.now - start
}

/// A PID that no process has right now.
func unusedPID() -> Int32 {
    var pid: Int32 = 999_999
    while kill(pid, 0) == 0 || errno != ESRCH { pid -= 1 }
    return pid
}
