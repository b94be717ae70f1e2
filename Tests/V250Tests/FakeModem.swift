// FakeModem: a scripted modem on the master side of a real pty, run on its own thread.
// It reads command lines (and DLE data streams) and answers from a script.

import Foundation
import SerialPort
import Synchronization
import V250

/// One step of a fake modem's script.
enum FakeModemStep: Sendable {
    /// Wait for a command line ending in CR; it must equal `command`; then reply.
    case command(String, reply: [UInt8])
    /// Wait for a DLE-framed data stream up to <DLE><ETX>; record its unstuffed data; then reply.
    case dataStream(reply: [UInt8])
    /// Wait for this exact byte (e.g. CAN); then reply.
    case byte(UInt8, reply: [UInt8])
    /// Send bytes unprompted.
    case send([UInt8])
    /// Do nothing for a while.
    case pause(Duration)
    /// Close the pty master: the line hangs up.
    case hangUp

    static func command(_ command: String, reply: String) -> FakeModemStep {
        .command(command, reply: Array(reply.utf8))
    }
}

/// A modem simulator on a pty master. After its script it reads and discards input until stopped.
final class FakeModem: Sendable {
    let pty: PseudoTerminal
    private let echo: Bool
    private let script: [FakeModemStep]
    private let state = Mutex<(commands: [String], data: [[UInt8]], problems: [String], stop: Bool)>(([], [], [], false))
    private let finished = DispatchSemaphore(value: 0)

    init(pty: PseudoTerminal, echo: Bool = false, script: [FakeModemStep]) {
        self.pty = pty
        self.echo = echo
        self.script = script
        let thread = Thread { [self] in
            self.run()
            self.finished.signal()
        }
        thread.start()
    }

    /// Command lines received so far.
    var commands: [String] { state.withLock { $0.commands } }
    /// Unstuffed data streams received so far.
    var dataStreams: [[UInt8]] { state.withLock { $0.data } }
    /// Script mismatches; a correct run has none.
    var problems: [String] { state.withLock { $0.problems } }

    /// Stops the modem thread and waits (bounded) for it to end.
    func stop() {
        state.withLock { $0.stop = true }
        _ = finished.wait(timeout: .now() + 3)
    }

    private var stopRequested: Bool { state.withLock { $0.stop } }

    private func note(_ problem: String) {
        state.withLock { $0.problems.append(problem) }
    }

    private func run() {
        var pending: [UInt8] = []
        do {
            for step in script {
                if stopRequested { return }
                try perform(step, pending: &pending)
            }
            while !stopRequested && pty.isOpen {
                _ = try? pty.read(maxCount: 4096, deadline: .after(.milliseconds(20)))
            }
        } catch {
            if !stopRequested, !pty.isOpen { return }
            if !stopRequested { note("fake modem stopped: \(error)") }
        }
    }

    private func perform(_ step: FakeModemStep, pending: inout [UInt8]) throws {
        switch step {
        case .command(let expected, let reply):
            let line = try readUntil(V250Control.cr, pending: &pending)
            let text = String(decoding: line.filter { $0 != V250Control.lf }, as: UTF8.self)
            state.withLock { $0.commands.append(text) }
            if text != expected { note("expected \(expected.debugDescription), got \(text.debugDescription)") }
            if echo { try write(Array(text.utf8) + [V250Control.cr]) }
            try write(reply)
        case .dataStream(let reply):
            var decoder = DLEDecoder()
            var data: [UInt8] = []
            var output = decoder.decode(pending)
            data += output.data
            while !output.endOfData {
                output = decoder.decode(try readSome())
                data += output.data
            }
            pending = output.remainder
            state.withLock { $0.data.append(data) }
            try write(reply)
        case .byte(let expected, let reply):
            _ = try readUntil(expected, pending: &pending)
            try write(reply)
        case .send(let bytes):
            try write(bytes)
        case .pause(let duration):
            Thread.sleep(forTimeInterval: Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18)
        case .hangUp:
            pty.close()
        }
    }

    /// Reads until `terminator`; returns the bytes before it and keeps the rest in `pending`.
    private func readUntil(_ terminator: UInt8, pending: inout [UInt8]) throws -> [UInt8] {
        while true {
            if let end = pending.firstIndex(of: terminator) {
                let line = Array(pending[..<end])
                pending.removeFirst(end + 1)
                return line
            }
            pending += try readSome()
        }
    }

    /// Reads what is there, polling so that `stop()` is noticed; gives up after five seconds.
    private func readSome() throws -> [UInt8] {
        let giveUp = Deadline.after(.seconds(5))
        while true {
            if stopRequested { throw SerialPortError.closed }
            do {
                return try pty.read(maxCount: 4096, deadline: .after(.milliseconds(20)))
            } catch {
                // (Not `catch .timeout`: that pattern crashes the 6.3.1 compiler in an untyped-throws function.)
                guard error == .timeout, !giveUp.hasPassed else { throw error }
            }
        }
    }

    private func write(_ bytes: [UInt8]) throws {
        try pty.write(bytes, deadline: .after(.seconds(2)))
    }
}

/// An ATChannel on the slave side of a pty, with a FakeModem on the master side.
final class ModemFixture {
    let modem: FakeModem
    let port: SerialPort
    let channel: ATChannel
    let trace = ATTraceLog()

    init(echo: Bool = false, resultFormat: ATResultFormat = .verbose, script: [FakeModemStep]) throws {
        let pty = try PseudoTerminal()
        // Open the slave before the modem thread starts reading the master.
        port = try SerialPort(path: pty.slavePath, configuration: .init(lockDirectory: nil))
        modem = FakeModem(pty: pty, echo: echo, script: script)
        channel = ATChannel(transport: port, resultFormat: resultFormat, traceHandler: trace.record)
    }

    func tearDown() {
        modem.stop()
        port.close()
        modem.pty.close()
    }
}

/// The bytes of a modem response: `\r\n<line>\r\n` for each line.
func response(_ lines: String...) -> [UInt8] {
    lines.flatMap { Array("\r\n\($0)\r\n".utf8) }
}

/// Runs `body` and returns how long it took.
func timed(_ body: () throws -> Void) rethrows -> Duration {
    let start = ContinuousClock.now
    try body()
    return ContinuousClock.now - start
}
