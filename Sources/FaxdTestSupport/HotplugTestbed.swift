// HotplugTestbed: faxd under umockdev with the test's exchange behind its mocked modems. A Python
// testbed (faxd-testbed.py, run preloaded by umockdev-wrapper) owns the mocked USB devices, starts
// faxd as its child, and bridges each mocked node's pty to a virtual modem of the exchange; the
// test plugs and unplugs devices by writing commands to it. umockdev and python3-gi come from
// scripts/install-deps.sh; a missing tool fails the test.

import FaxClient
import FaxTestSupport
import Foundation
import T30
import VirtualExchange

public final class HotplugTestbed: @unchecked Sendable {
    public let dir: ScratchDirectory
    public let exchange: VirtualExchange
    public let socketPath: String
    public let logPath: String
    private let process = Process()
    private let commands = Pipe()
    private let replies = Pipe()
    private var buffer: [UInt8] = []

    static let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    public static func device(_ name: String) -> String {
        here.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Tests/ModemDiscoveryTests/Devices/\(name).umockdev").path
    }

    /// `modems`: exchange numbers of the virtual modems the mocked devices will be bridged to
    /// (their ptys are `dir.file("exchange-<number>")`).
    public init(_ label: String, modems: [String], speed: Double = 1, extraYAML: String = "",
         lines: (VirtualExchange, ScratchDirectory) throws -> Void) throws {
        dir = ScratchDirectory(label)
        exchange = VirtualExchange(options: ExchangeOptions(speed: speed, ringInterval: 2, noAnswerTimeout: 12, failureDelay: 1))
        for number in modems { _ = try exchange.addModem(number: number, path: dir.file("exchange-\(number)")) }
        try lines(exchange, dir)
        exchange.start()
        socketPath = dir.file("run/faxd.sock")
        logPath = dir.file("faxd.log")
        let yaml = """
        spool: \(dir.file("spool"))
        lock_directory: ""
        allow_root: true
        defaults: { header: "hot-plug test", identity: "+1 555 0100" }
        destinations: { private_prefixes: ["+1555"] }
        api: { socket: \(socketPath) }
        discovery: { enabled: true, accept: auto }
        \(extraYAML)
        modems: []
        """
        try yaml.write(toFile: dir.file("faxd.yaml"), atomically: true, encoding: .utf8)
        process.executableURL = URL(fileURLWithPath: "/usr/bin/umockdev-wrapper")
        process.arguments = ["/usr/bin/python3", Self.here.appendingPathComponent("faxd-testbed.py").path, "--log", logPath, "--",
                             FaxdProcess.executable, "--config", dir.file("faxd.yaml")]
        process.standardInput = commands
        process.standardOutput = replies
        process.standardError = FileHandle.standardError
        try process.run()
        _ = try reply(timeout: 30)  // "started PID"
        guard eventually(timeout: 30, { FaxdProcess.healthAnswers(socketPath) }) else {
            throw FaxdTestError("faxd did not start under umockdev:\n\(log())")
        }
    }

    public var client: FaxClient { FaxClient(socketPath: socketPath) }

    /// Plugs in a device described by `file` (Devices/NAME.umockdev) as /dev/`node`, bridged to
    /// the exchange's modem `number` (nil: to nothing).
    public func plug(_ file: String, as node: String, bridgedTo number: String?) throws {
        try command("plug \(Self.device(file)) \(node) \(number.map { dir.file("exchange-\($0)") } ?? "-")")
    }

    /// Plugs in a device nothing answers on (its mocked node's pty is left unread: silent to AT).
    public func plugSilent(_ file: String, as node: String) throws {
        try plug(file, as: node, bridgedTo: nil)
    }

    public func unplug(_ node: String) throws { try command("unplug \(node)") }

    public func log() -> String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    public func stop() {
        try? commands.fileHandleForWriting.write(contentsOf: Data("quit\n".utf8))
        _ = try? reply(timeout: 40)
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        exchange.stop()
    }

    private func command(_ line: String) throws {
        try commands.fileHandleForWriting.write(contentsOf: Data((line + "\n").utf8))
        let answer = try reply(timeout: 30)
        guard !answer.isEmpty else { throw FaxdTestError("the testbed did not answer \(line)") }
    }

    /// The testbed's next line on stdout.
    private func reply(timeout: Double) throws -> String {
        let fd = replies.fileHandleForReading.fileDescriptor
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let newline = buffer.firstIndex(of: 0x0A) {
                let line = String(decoding: buffer[..<newline], as: UTF8.self)
                buffer.removeSubrange(...newline)
                return line
            }
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 100) > 0 else { continue }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let n = read(fd, &chunk, chunk.count)
            guard n > 0 else { break }
            buffer += chunk[0..<n]
        }
        throw FaxdTestError("no answer from the testbed in \(timeout) s\n\(log())")
    }
}
