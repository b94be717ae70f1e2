// V253Modem: a voice modem (ITU-T V.253, "Class 8") as an audio line for faxing in software — the
// AT side: open and reset, identity and quirks row, voice class and the sample format, dial and
// answer in voice mode, and the full-duplex audio state (+VTR) the soft modem streams through.
// V253AudioLine carries the audio.

import Foundation
import SerialPort
import V250

public final class V253Modem {
    public let channel: ATChannel
    public let port: SerialPort?
    public private(set) var identity = ModemIdentity()
    public private(set) var quirks = V253Quirks(name: "default")
    /// The sample format chosen from +VSM=? at reset.
    public private(set) var format = V253SampleFormat(method: 0, name: "", coding: .linear16)
    public var commandTimeout: Duration = .seconds(3)
    /// Sample codings to take first when offered (else the best for fax: V253SampleFormat.best).
    public var preferredCodings: [V253SampleFormat.Coding] = []

    public init(channel: ATChannel, port: SerialPort? = nil) {
        self.channel = channel
        self.port = port
    }

    /// Opens a serial device as a modem port (RTS/CTS where the port has the lines, else XON/XOFF).
    public static func open(path: String, lockDirectory: String? = "/var/lock") throws(V253Error) -> V253Modem {
        do {
            let port = try SerialPort.openModem(path: path, lockDirectory: lockDirectory)
            return V253Modem(channel: ATChannel(transport: port), port: port)
        } catch {
            throw .transport("\(error)")
        }
    }

    public func close() { port?.close() }

    @discardableResult
    public func command(_ line: String, timeout: Duration? = nil) throws(V253Error) -> ATResult {
        do {
            return try channel.send(line, timeout: timeout ?? commandTimeout)
        } catch {
            throw V253Error(error)
        }
    }

    @discardableResult
    public func require(_ line: String, timeout: Duration? = nil) throws(V253Error) -> [String] {
        let result = try command(line, timeout: timeout)
        guard result.isOK else { throw .unexpectedResult(command: line, result: result.description) }
        return result.info
    }

    /// Echo off, verbose results, on hook, no auto-answer; identity and quirks; voice class 8, the
    /// best sample format at 8000 Hz, caller ID reports, and the quirks row's commands.
    public func reset() throws(V253Error) {
        guard channel.wake() else { throw .notResponding(command: "ATE0") }
        try require("ATH0", timeout: .seconds(5))
        try require("ATV1")
        try require("ATQ0")
        try require("ATS0=0")
        let queried: (identity: ModemIdentity, classes: ATResult)
        do {
            queried = try channel.queryIdentity(timeout: commandTimeout)
        } catch {
            throw V253Error(error)
        }
        identity = queried.identity
        guard identity.classes.contains(.voice) else { throw .notVoice(classes: identity.classes.sorted().map(\.rawValue)) }
        quirks = V253Quirks.lookup(identity)
        try require("AT+FCLASS=8")
        let offered: [String]
        if let override = quirks.sampleFormatOverride { offered = [override] } else { offered = try require("AT+VSM=?") }
        guard let best = V253SampleFormat.best(among: offered, preferring: preferredCodings, known: quirks.methodCodings) else {
            throw .noUsableSampleFormat(offered: offered)
        }
        format = best
        try require(best.command)
        _ = try? command("AT+VCID=1")  // caller ID with RING where the modem offers it
        for line in quirks.gainCommands + quirks.initCommands { _ = try command(line) }  // best effort
    }

    /// How a voice-mode dial ended.
    public enum DialOutcome: Sendable, Hashable {
        case answered
        case busy
        case noAnswer
        case noDialtone
        case failed(String)
        case abandoned
    }

    /// `ATD<number>` in voice mode: VCON (or OK) once the far end answers.
    public func dial(_ number: String, timeout: Duration, abandonWhen: () -> Bool) throws(V253Error) -> DialOutcome {
        let digits = number.filter { "0123456789*#+ABCDabcdPpTtWw,".contains($0) }
        do {
            let outcome = try channel.sendAbortable("ATDT\(digits)", timeout: timeout, shouldAbort: abandonWhen)
            if outcome.aborted { return .abandoned }
            switch outcome.result.code {
            case .voiceConnect, .ok: return .answered
            case .busy: return .busy
            case .noAnswer: return .noAnswer
            case .noDialtone: return .noDialtone
            default: return .failed(outcome.result.description)
            }
        } catch {
            throw V253Error(error)
        }
    }

    /// `ATA` in voice mode: the call is taken (VCON or OK).
    public func answer() throws(V253Error) -> Bool {
        let result = try command("ATA", timeout: .seconds(30))
        return result.code == .voiceConnect || result.isOK
    }

    /// `+VTR`: full-duplex audio until `endDuplex` (CONNECT). False if the modem refused it.
    public func startDuplex() throws(V253Error) -> Bool {
        let result = try command("AT+VTR", timeout: .seconds(5))
        if case .connect = result.code { return true }
        return false
    }

    /// Ends full-duplex audio: `<DLE>^`, then the modem's `<DLE><ETX>` and OK (what arrives
    /// meanwhile is dropped).
    public func endDuplex() {
        guard channel.isInDataMode else { return }
        try? channel.writeShielded(UInt8(ascii: "^"), timeout: .seconds(1))
        var decoder = DLEDecoder()
        let deadline = Deadline.after(.seconds(3))
        while !deadline.hasPassed {
            guard let read = try? channel.readStream(&decoder, until: deadline) else { break }
            if read.ended {
                _ = try? channel.poll(until: .after(.seconds(2)))
                return
            }
        }
        channel.leaveDataMode()
        _ = try? channel.poll(until: .after(.seconds(1)))
    }

    /// On hook: out of any audio state, `ATH0` (and `+VLS=0`, the line released).
    public func hangUp() {
        endDuplex()
        _ = try? command("ATH0", timeout: .seconds(5))
        _ = try? command("AT+VLS=0", timeout: .seconds(2))
    }
}
