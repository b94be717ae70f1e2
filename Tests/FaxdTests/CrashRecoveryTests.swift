// faxd killed with SIGKILL in the middle of a call, then started again: the job is not lost,
// the pages the far end confirmed before the crash are not sent again, and the rest go out on
// the next attempt — the fax arrives exactly once.

import FaxTestSupport
import Foundation
import Spool
import T30
import T4
import Testing
import VirtualExchange

@Suite(.serialized) struct CrashRecoveryTests {
    @Test func killNineMidCallThenRestartCompletesExactlyOnce() async throws {
        var machine: FaxMachineLine!
        let harness = try FaxdHarness("faxd-kill9", modems: [("ttyOut", "15550101", false, true)],
                                      extraYAML: "retry: { busy: [3], no_answer: [3], failure: [3] }") { exchange, dir in
            machine = try exchange.addFaxMachine(number: "15550200", inbox: dir.file("machine"))
        }
        defer { harness.stop() }
        let (document, _) = try writeChart(harness.dir, pages: 3, name: "three.tif", seed: 21, density: 0.3)
        let id = try await submitThroughAPI(harness, document: document, to: "+15550200")

        // Kill faxd once the far end has confirmed page 1 and page 2 is on its way.
        let midCall = try await harness.wait(for: id, timeout: 120) { $0.pagesConfirmed >= 1 || $0.state.isFinished }
        try #require(midCall.state == .sending, "\(midCall.state)\n\(harness.faxd.log())")
        try await Task.sleep(for: .seconds(2))
        harness.faxd.kill9()
        let atCrash = try await harness.spool().job(id)
        #expect(atCrash.state == .sending)  // nobody recorded an ending: faxd was gone

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
        #expect(pages.map(\.bits) == transmitted.map(\.bits))
    }
}
