// Class2FailureTests: every way a Class 2 call goes wrong ends with its own completion code, in
// bounded time. On the exchange (the virtual Class 2.0 modem, 4× line speed, all calls at once):
// busy, no answer, answered by voice, the far end hanging up after page 1, and a cancel in the
// middle of page 2. With a scripted modem (what no faithful modem does on request): one silent
// from the start, one that goes silent after taking a page, and one that reports a non-zero +FHS
// in the middle of the call.

import FaxOutcome
import FaxTestSupport
import Foundation
import Synchronization
import T30
import T32
import T4
import Testing
import V250
import VirtualExchange

@Suite struct Class2FailureTests {
    @Test func callsThatGoWrongOnTheExchangeEndWithTheirCodes() throws {
        let runs: [(String, @Sendable (Findings) throws -> Void)] = [
            ("busy", { try Self.dial(.busy, expect: .busy, within: 20, $0) }),
            ("no answer", { try Self.dial(.neverAnswers, expect: .noAnswer, within: 30, $0) }),
            ("voice", { try Self.dial(.voice(rings: 1, seconds: 60), expect: .answeredByVoice, within: 40, $0) }),
            ("far end hangs up after page 1", { try Self.farEndHangsUp($0) }),
            ("cancel mid-page", { try Self.cancelMidPage($0) }),
        ]
        for (name, findings) in Findings.runConcurrently(runs) {
            #expect(findings.isEmpty, "\(name):\n\(findings.joined(separator: "\n"))")
        }
    }

    /// A Class 2.0 modem on line 100 of a fresh exchange (4×), opened and reset.
    static func modemOnExchange(_ label: String, lines: (VirtualExchange, ScratchDirectory) throws -> Void) throws -> (VirtualExchange, Class2Modem, ScratchDirectory) {
        let dir = ScratchDirectory(label)
        let exchange = VirtualExchange(options: ExchangeOptions(speed: 4, ringInterval: 2, noAnswerTimeout: 12, failureDelay: 1))
        _ = try exchange.addClass2Modem(number: "100", path: dir.file("tty"), dialect: .class20)
        try lines(exchange, dir)
        exchange.start()
        let modem = try Class2Modem.open(path: dir.file("tty"), lockDirectory: nil)
        try modem.reset(stationIdentity: "+1 555 0100")
        return (exchange, modem, dir)
    }

    static func dial(_ answering: LineProfile.Answering, expect: FaxCompletion, within seconds: Double, _ f: Findings) throws {
        let (exchange, modem, dir) = try modemOnExchange("class2-\(expect.code)") { exchange, _ in
            exchange.addBehaviourLine(number: "300", profile: LineProfile(answering: answering))
        }
        defer { modem.close(); exchange.stop() }
        let (document, _) = try writeChart(dir, pages: 1, name: "one.tif", seed: 91, density: 0.2)
        let start = Date()
        let result = FaxSession(.transmit(document: document)).run(over: Class2FrontEnd(modem: modem), setup: .dial("300"))
        let took = Date().timeIntervalSince(start)
        f.check(result.completion == expect, "\(result.completion), expected \(expect)\n\(result.sessionLog.map(\.description).joined(separator: "\n"))")
        f.check(took < seconds, "took \(took) s")
        f.check(modem.channel.wake(), "the modem does not answer after the call")
    }

    static func farEndHangsUp(_ f: Findings) throws {
        let (exchange, modem, dir) = try modemOnExchange("class2-drop") { exchange, dir in
            _ = try exchange.addFaxMachine(number: "500", inbox: dir.file("inbox"), dropAfterPage: 1)
        }
        defer { modem.close(); exchange.stop() }
        let (document, _) = try writeChart(dir, pages: 3, name: "three.tif", seed: 93, density: 0.3)
        let start = Date()
        let result = FaxSession(.transmit(document: document)).run(over: Class2FrontEnd(modem: modem), setup: .dial("500"))
        let log = result.sessionLog.map(\.description).joined(separator: "\n")
        f.check(!result.completion.isSuccess && result.completion != .t32Unknown, "\(result.completion)\n\(log)")
        f.check(result.pagesTransferred <= 1, "\(result.pagesTransferred) pages confirmed\n\(log)")
        f.check(Date().timeIntervalSince(start) < 60, "took \(Date().timeIntervalSince(start)) s")
    }

    static func cancelMidPage(_ f: Findings) throws {
        let (exchange, modem, dir) = try modemOnExchange("class2-cancel") { exchange, dir in
            _ = try exchange.addFaxMachine(number: "200", inbox: dir.file("inbox"))
        }
        defer { modem.close(); exchange.stop() }
        let (document, _) = try writeChart(dir, pages: 3, name: "three.tif", seed: 95, density: 0.5)
        let session = FaxSession(.transmit(document: document))
        let cancelledAt = Mutex<Date?>(nil)
        session.onEvent = { event in
            // Page 1 confirmed: page 2 starts streaming at once; cancel while it is under way.
            if case .page(1, _, _) = event {
                Thread.detachNewThread {
                    Thread.sleep(forTimeInterval: 0.3)
                    cancelledAt.withLock { $0 = Date() }
                    session.cancel()
                }
            }
        }
        let result = session.run(over: Class2FrontEnd(modem: modem), setup: .dial("200"))
        let log = result.sessionLog.map(\.description).joined(separator: "\n")
        f.check(result.completion == .cancelled, "\(result.completion)\n\(log)")
        f.check(result.pagesTransferred == 1, "\(result.pagesTransferred) pages confirmed\n\(log)")
        f.check(log.contains("AT+FK"), "no +FK\n\(log)")
        if let at = cancelledAt.withLock({ $0 }) {
            // The virtual modem holds the whole page and sends it before it takes +FK (a real
            // modem holds about a second of data): bounded by one page at 4×.
            f.check(Date().timeIntervalSince(at) < 20, "the cancel took \(Date().timeIntervalSince(at)) s")
        } else {
            f.fail("never cancelled\n\(log)")
        }
        f.check(modem.channel.wake(), "the modem does not answer after the cancel")
    }

    // MARK: scripted modems

    /// A Class 2.0 modem's answers to the reset: identity, classes, settings.
    static func class20Basics(_ command: String) -> ScriptedModem.Reply? {
        switch command.uppercased() {
        case "AT+FCLASS=?": .lines(["0,2.0", "OK"])
        case "ATI": .lines(["Scripted Class 2.0", "OK"])
        case "AT+FMI?": .lines(["Scripted Modems Inc", "OK"])
        case "AT+FMM?", "AT+FMR?": .lines(["ERROR"])
        default: command.uppercased().hasPrefix("AT") && !command.uppercased().hasPrefix("ATD") && !command.uppercased().hasPrefix("AT+FDT") ? .lines(["OK"]) : nil
        }
    }

    /// Connected to a fax: the reports a Class 2.0 modem gives for ATD.
    static let connected = ["+FCON", "+FCI:\"+1 555 0200\"", "+FIS:1,5,0,2,0,0,0,0", "OK"]

    static func send(through modem: ScriptedModem, pages: Int, dir: ScratchDirectory, tune: @escaping @Sendable (Class2FrontEnd) -> Void = { _ in }) throws -> (FaxSessionResult?, Double) {
        let (document, _) = try writeChart(dir, pages: pages, name: "doc.tif", seed: 97, density: 0.2)
        let start = Date()
        let outcome = Mutex<FaxSessionResult?>(nil)
        let done = DispatchSemaphore(value: 0)
        let path = modem.path
        let thread = Thread {
            defer { done.signal() }
            guard let class2 = try? Class2Modem.open(path: path, lockDirectory: nil) else { return }
            defer { class2.close() }
            class2.commandTimeout = .seconds(2)
            do throws(Class2Error) {
                try class2.reset(stationIdentity: "+1 555 0100")
            } catch {
                outcome.withLock { $0 = FaxSessionResult(completion: error.completion) }
                return
            }
            let frontEnd = Class2FrontEnd(modem: class2)
            tune(frontEnd)
            outcome.withLock { $0 = FaxSession(.transmit(document: document)).run(over: frontEnd, setup: .dial("5550200")) }
        }
        thread.start()
        _ = done.wait(timeout: .now() + 60)
        return (outcome.withLock { $0 }, Date().timeIntervalSince(start))
    }

    @Test func aModemSilentFromTheStartIsReportedNotHung() throws {
        let modem = try ScriptedModem { _ in .silence(forever: true) }
        defer { modem.shutdown() }
        let (result, took) = try Self.send(through: modem, pages: 1, dir: ScratchDirectory("class2-mute"))
        let r = try #require(result, "the reset hung")
        #expect(r.completion == .modemNotResponding, "\(r.completion)")
        #expect(took < 15, "took \(took) s")
    }

    @Test func aModemThatGoesSilentAfterAPageEndsTheCall() throws {
        let modem = try ScriptedModem { command in
            if let reply = Self.class20Basics(command) { return reply }
            if command.uppercased().hasPrefix("ATD") { return .lines(Self.connected) }
            if command.uppercased() == "AT+FDT" { return .dataStream(then: []) }  // takes the page, then nothing
            return .silence(forever: true)
        }
        defer { modem.shutdown() }
        let (result, took) = try Self.send(through: modem, pages: 1, dir: ScratchDirectory("class2-silent")) { $0.pageTimeout = .seconds(5) }
        let r = try #require(result, "the call hung")
        #expect(r.completion == .modemNotResponding, "\(r.completion)\n\(r.sessionLog.map(\.description).joined(separator: "\n"))")
        #expect(took < 30, "took \(took) s")
    }

    @Test func aHangUpCodeMidCallEndsWithItsCompletion() throws {
        let fdt = Mutex(0)
        // Page 1 goes out and is confirmed (+FPS:1); at page 2 the modem reports that the far end
        // stopped answering MPS (+FHS:52).
        let scripted = try ScriptedModem { command in
            if let reply = Self.class20Basics(command) { return reply }
            if command.uppercased().hasPrefix("ATD") { return .lines(Self.connected) }
            if command.uppercased() == "AT+FDT" {
                if fdt.withLock({ $0 += 1; return $0 }) == 1 { return .dataStream(then: ["+FPS:1", "OK"]) }
                return .lines(["+FHS:52", "ERROR"])
            }
            return .lines(["OK"])
        }
        defer { scripted.shutdown() }
        let (result, took) = try Self.send(through: scripted, pages: 2, dir: ScratchDirectory("class2-fhs"))
        let r = try #require(result, "the call hung")
        let log = r.sessionLog.map(\.description).joined(separator: "\n")
        #expect(r.completion == T32HangupCode(value: 0x52).completion, "\(r.completion)\n\(log)")
        #expect(r.completion.code != FaxCompletion.t32Unknown.code)
        #expect(r.pagesTransferred == 1, "\(r.pagesTransferred)\n\(log)")
        #expect(took < 20, "took \(took) s")
    }
}
