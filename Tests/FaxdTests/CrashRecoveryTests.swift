// faxd killed with SIGKILL in the middle of a call, then started again: the job is not lost,
// the pages the far end confirmed before the crash are not sent again, and the rest go out on
// the next attempt — the fax arrives exactly once.

import FaxTestSupport
import FaxdTestSupport
import Foundation
import Spool
import T30
import T4
import Testing
import VirtualExchange

@Suite(.serialized) struct CrashRecoveryTests {
    @Test func killNineMidCallThenRestartCompletesExactlyOnce() async throws {
        var machine: FaxMachineLine!
        // Both ends are ours: 4× line speed.
        let harness = try FaxdHarness("faxd-kill9", speed: 4, modems: [("ttyOut", "15550101", false, true)],
                                      extraYAML: "retry: { busy: [3], no_answer: [3], failure: [3] }") { exchange, dir in
            machine = try exchange.addFaxMachine(number: "15550200", inbox: dir.file("machine"))
        }
        defer { harness.stop() }
        let (document, _) = try writeChart(harness.dir, pages: 3, name: "three.tif", seed: 21, density: 0.3)
        // Kill faxd once the far end has confirmed page 1 (faxd logs it once it is committed) and
        // page 2 is on its way.
        let kill = harness.faxd.armKill(whenLogged: "page confirmed", after: 2, timeout: 180)
        let id = try await submitThroughAPI(harness, document: document, to: "+15550200")
        let killed = await harness.faxd.wait(for: kill)
        try #require(killed, "\(harness.faxd.log())")
        let atCrash = try await harness.spool().job(id)
        #expect(atCrash.state == .sending)  // nobody recorded an ending: faxd was gone
        #expect(atCrash.pagesConfirmed >= 1)

        // Restart: recovery puts the job back in the queue after the confirmed pages.
        try harness.faxd.start()
        let done = try await harness.wait(for: id, timeout: 240) { $0.state.isFinished }
        try #require(done.state == .sent, "\(done.state) \(String(describing: done.lastCompletion))\n\(harness.faxd.log())")
        let attempts = try await harness.spool().attempts(id)
        #expect(attempts.first?.result?.completion == .interruptedByRestart)
        #expect(attempts.last?.result?.completion.code == 0)
        #expect(attempts.last?.firstPage == atCrash.pagesConfirmed + 1)
        // The interrupted attempt is not charged. (The far end may still be busy with the dropped
        // call for a moment after the restart: a busy attempt then is charged as usual.)
        let charged = attempts.filter { $0.result?.completion != .interruptedByRestart }.count
        #expect(done.attemptsMade == charged, "\(attempts.map { ($0.number, $0.result?.completion.code ?? -1) })")

        // The fax machine has every transmitted page exactly once, in order, across the two calls.
        let transmitted = try TIFFFaxReader.readPages(path: try #require(done.transmitPath))
        let calls = machine.waitForReceived(count: 2, timeout: 30)
        let pages = try calls.flatMap { call -> [FaxPage] in
            guard call.result.pagesTransferred > 0 else { return [] }
            return Array(try TIFFFaxReader.readPages(path: call.path).prefix(call.result.pagesTransferred))
        }
        #expect(pages.count == 3)
        let inOrder = pages.map(\.bits) == transmitted.map(\.bits)
        #expect(inOrder, "the pages received are not the pages transmitted, in order")
    }
}

/// Never sent twice, for real: faxd is SIGKILLed the instant the far end has confirmed page n of
/// a 3-page fax (its own failpoint, `SWIFTFAX_TEST_KILL_AFTER_PAGE`, fires inside the session's
/// page event, once faxd's handling of it returns and before the call goes on), for n = 1, 2, 3,
/// each on an exchange of its own and all three at once (light real-time calls; serially they
/// would add minutes). Started again, faxd sends the rest: the fax machine has every page exactly
/// once over the calls; and once more (n = 1) through a Class 2.0 modem and through a voice modem,
/// so that faxd's Class 2 driver and its soft modem too resume from the first unconfirmed page. (A kill from outside on the "page confirmed" log line cannot tell: that
/// line is written after the commit, whichever way the commit is made.)
@Suite struct PageConfirmedCrashTests {
    @Test func killAtEachConfirmedPageThenRestartSendsEveryPageExactlyOnce() async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for page in 1...3 { group.addTask { try await Self.killAtConfirmedPage(page) } }
            group.addTask { try await Self.killAtConfirmedPage(1, modemClass: "2.0") }
            group.addTask { try await Self.killAtConfirmedPage(1, modemClass: "voice") }
            try await group.waitForAll()
        }
    }

    /// `modemClass`: nil for the exchange's Class 1 modem, "2.0" for its Class 2.0 modem, "voice"
    /// for its voice modem.
    static func killAtConfirmedPage(_ killedAt: Int, modemClass: String? = nil) async throws {
        let label = "page \(killedAt)\(modemClass.map { ", class \($0)" } ?? "")"
        var machine: FaxMachineLine!
        let harness = try FaxdHarness("faxd-kill-page\(killedAt)\(modemClass.map { "-class\($0)" } ?? "")", speed: 4,
                                      modems: modemClass == nil ? [("ttyOut", "15550101", false, true)] : [],
                                      extraYAML: "retry: { busy: [3], no_answer: [3], failure: [3] }",
                                      environment: ["SWIFTFAX_TEST_KILL_AFTER_PAGE": "\(killedAt)"],
                                      lines: { exchange, dir in
                                          machine = try exchange.addFaxMachine(number: "15550200", inbox: dir.file("machine"))
                                          switch modemClass {
                                          case "2.0": _ = try exchange.addClass2Modem(number: "15550101", path: dir.file("ttyOut"), dialect: .class20)
                                          case "voice": _ = try exchange.addVoiceModem(number: "15550101", path: dir.file("ttyOut"))
                                          default: break
                                          }
                                      },
                                      modemYAML: { dir in
                                          modemClass.map { "  - { name: ttyOut, device: \(dir.file("ttyOut")), answer: false, dial: true, class: \"\($0)\" }\n" } ?? ""
                                      })
        defer { harness.stop() }
        // Light pages (standard resolution, sparse ink): short calls, three distinct pages.
        let (document, _) = try writeChart(harness.dir, pages: 3, name: "three.tif", resolution: .standard,
                                           seed: 40 + UInt64(killedAt), density: 0.05)
        let id = try await submitThroughAPI(harness, document: document, to: "+15550200")

        // faxd kills itself at page `killedAt`'s confirmation.
        let exited = await harness.faxd.waitForExit(timeout: 240)
        try #require(exited, "\(label): faxd was not killed\n\(harness.faxd.log())")
        let atCrash = try await harness.spool().job(id)
        #expect(atCrash.state == .sending, "\(label)")
        #expect(atCrash.pagesConfirmed == killedAt, "\(label): the confirmation was not committed before the call went on")

        // Restart (without the failpoint): the rest of the fax goes out, nothing twice.
        try harness.faxd.start()
        let done = try await harness.wait(for: id, timeout: 240) { $0.state.isFinished }
        try #require(done.state == .sent, "\(label): \(done.state) \(String(describing: done.lastCompletion))\n\(harness.faxd.log())")
        let attempts = try await harness.spool().attempts(id)
        #expect(attempts.first?.result?.completion == .interruptedByRestart, "\(label)")
        if let modemClass { #expect(harness.faxd.log().contains("modem ready class=\(modemClass)"), "not the \(modemClass) driver\n\(harness.faxd.log())") }
        if killedAt < 3 {
            #expect(attempts.last?.result?.completion.code == 0, "\(label)")
            #expect(attempts.last?.firstPage == killedAt + 1, "\(label)")
        } else {
            #expect(attempts.count == 1, "\(label): every page was confirmed, so recovery says sent: no second call")
        }

        let transmitted = try TIFFFaxReader.readPages(path: try #require(done.transmitPath))
        let calls = machine.waitForReceived(count: killedAt < 3 ? 2 : 1, timeout: 30)
        let pages = try calls.flatMap { call -> [FaxPage] in
            guard call.result.pagesTransferred > 0 else { return [] }
            return Array(try TIFFFaxReader.readPages(path: call.path).prefix(call.result.pagesTransferred))
        }
        #expect(pages.count == 3, "\(label): pages per call: \(calls.map(\.result.pagesTransferred))")
        let inOrder = pages.map(\.bits) == transmitted.map(\.bits)
        #expect(inOrder, "\(label): the pages received are not the pages transmitted, in order")
    }
}
