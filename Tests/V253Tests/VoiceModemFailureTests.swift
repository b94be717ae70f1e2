// VoiceModemFailureTests: a fax over a voice modem that goes wrong ends with its code, in bounded
// time. On the exchange (4×, all at once): busy, no answer, a person answers, the far end hangs
// up after page 1. With a scripted modem (what the faithful one will not do on request): it stops
// sending audio in the middle of the call (an underrun storm), and it closes the line.

import FaxOutcome
import FaxTestSupport
import Foundation
import Synchronization
import T30
import T4
import Testing
import V250
import V253
import VirtualExchange

@Suite struct VoiceModemFailureTests {
    @Test func callsThatGoWrongOnTheExchangeEndWithTheirCodes() throws {
        let runs: [(String, @Sendable (Findings) throws -> Void)] = [
            ("busy", { try Self.dial(LineProfile(answering: .busy), expect: [.busy], within: 20, $0) }),
            ("no answer", { try Self.dial(LineProfile(answering: .neverAnswers), expect: [.noAnswer], within: 30, $0) }),
            // A person answers and talks: no fax ever answers (T.30's T1, as a Class 1 call ends).
            ("voice", { try Self.dial(LineProfile(answering: .voice(rings: 1, seconds: 60)), expect: [.answeredByVoice, FaxCompletion(t30Status: 3)], within: 45, $0) }),
            ("far end hangs up after page 1", { try Self.farEndHangsUp($0) }),
        ]
        for (name, findings) in Findings.runConcurrently(runs) {
            #expect(findings.isEmpty, "\(name):\n\(findings.joined(separator: "\n"))")
        }
    }

    static func bed(_ label: String, lines: (VirtualExchange, ScratchDirectory) throws -> Void) throws -> (VirtualExchange, V253Modem, ScratchDirectory) {
        let dir = ScratchDirectory(label)
        let exchange = VirtualExchange(options: ExchangeOptions(speed: 4, ringInterval: 2, noAnswerTimeout: 12, failureDelay: 1))
        _ = try exchange.addVoiceModem(number: "100", path: dir.file("tty"))
        try lines(exchange, dir)
        exchange.start()
        let modem = try V253Modem.open(path: dir.file("tty"), lockDirectory: nil)
        try modem.reset()
        return (exchange, modem, dir)
    }

    static func dial(_ profile: LineProfile, expect: [FaxCompletion], within seconds: Double, _ f: Findings) throws {
        let (exchange, modem, dir) = try bed("v253-fail-\(expect[0].code)") { exchange, _ in
            exchange.addBehaviourLine(number: "300", profile: profile)
        }
        defer { modem.close(); exchange.stop() }
        let (document, _) = try writeChart(dir, pages: 1, name: "one.tif", seed: 211, density: 0.2)
        let start = Date()
        let result = FaxSession(.transmit(document: document)).run(over: V253FrontEnd(modem: modem), setup: .dial("300"))
        let took = Date().timeIntervalSince(start)
        f.check(expect.contains(result.completion), "\(result.completion), expected \(expect)\n\(result.sessionLog.map(\.description).joined(separator: "\n"))")
        f.check(took < seconds, "took \(took) s")
        f.check(modem.channel.wake(), "the modem does not answer after the call")
    }

    static func farEndHangsUp(_ f: Findings) throws {
        let (exchange, modem, dir) = try bed("v253-drop") { exchange, dir in
            _ = try exchange.addFaxMachine(number: "500", inbox: dir.file("inbox"), dropAfterPage: 1)
        }
        defer { modem.close(); exchange.stop() }
        let (document, _) = try writeChart(dir, pages: 3, name: "three.tif", seed: 213, density: 0.3)
        let start = Date()
        let result = FaxSession(.transmit(document: document)).run(over: V253FrontEnd(modem: modem), setup: .dial("500"))
        let log = result.sessionLog.map(\.description).joined(separator: "\n")
        f.check(!result.completion.isSuccess, "\(result.completion)\n\(log)")
        f.check(result.pagesTransferred <= 1, "\(result.pagesTransferred) pages confirmed\n\(log)")
        f.check(Date().timeIntervalSince(start) < 60, "took \(Date().timeIntervalSince(start)) s")
    }

    // MARK: scripted modems

    /// A voice modem's answers to the reset: identity, classes, formats.
    static func voiceBasics(_ command: String) -> ScriptedModem.Reply? {
        switch command.uppercased() {
        case "AT+FCLASS=?": .lines(["0,8", "OK"])
        case "ATI": .lines(["Scripted voice", "OK"])
        case "AT+FMI?": .lines(["Scripted Modems Inc", "OK"])
        case "AT+VSM=?": .lines(["128,\"SIGNED PCM\",16,0,(8000),(0),(0)", "OK"])
        default: command.uppercased().hasPrefix("AT") && !command.uppercased().hasPrefix("ATD") && command.uppercased() != "AT+VTR" ? .lines(["OK"]) : nil
        }
    }

    static func call(through scripted: ScriptedModem, label: String) throws -> (FaxSessionResult?, Double) {
        let dir = ScratchDirectory(label)
        let (document, _) = try writeChart(dir, pages: 1, name: "one.tif", seed: 215, density: 0.2)
        let outcome = Mutex<FaxSessionResult?>(nil)
        let done = DispatchSemaphore(value: 0)
        let path = scripted.path
        let start = Date()
        Thread.detachNewThread {
            defer { done.signal() }
            guard let modem = try? V253Modem.open(path: path, lockDirectory: nil) else { return }
            defer { modem.close() }
            modem.commandTimeout = .seconds(2)
            guard (try? modem.reset()) != nil else { return }
            outcome.withLock { $0 = FaxSession(.transmit(document: document)).run(over: V253FrontEnd(modem: modem), setup: .dial("5550200")) }
        }
        _ = done.wait(timeout: .now() + 60)
        return (outcome.withLock { $0 }, Date().timeIntervalSince(start))
    }

    @Test func aModemThatStopsSendingAudioEndsTheCall() throws {
        // VCON, CONNECT to +VTR, a quarter second of silence as audio, then nothing ever again.
        let scripted = try ScriptedModem { command in
            if let reply = Self.voiceBasics(command) { return reply }
            if command.uppercased().hasPrefix("ATD") { return .lines(["VCON"]) }
            if command.uppercased() == "AT+VTR" { return .raw(Array("\r\nCONNECT\r\n".utf8) + [UInt8](repeating: 0, count: 4000)) }
            return .silence(forever: true)
        }
        defer { scripted.shutdown() }
        let (result, took) = try Self.call(through: scripted, label: "v253-mute")
        let r = try #require(result, "the call hung")
        #expect(!r.completion.isSuccess, "\(r.completion)")
        #expect(r.sessionLog.contains { $0.text.contains("late block(s) played as silence") }, "no audio summary")
        #expect(took < 30, "took \(took) s")
    }

    @Test func aModemThatClosesTheLineEndsTheCall() throws {
        let scripted = try ScriptedModem { command in
            if let reply = Self.voiceBasics(command) { return reply }
            if command.uppercased().hasPrefix("ATD") { return .lines(["VCON"]) }
            if command.uppercased() == "AT+VTR" { return .close }
            return .lines(["OK"])
        }
        defer { scripted.shutdown() }
        let (result, took) = try Self.call(through: scripted, label: "v253-close")
        let r = try #require(result, "the call hung")
        #expect(!r.completion.isSuccess, "\(r.completion)")
        #expect(took < 20, "took \(took) s")
    }
}
