// CupsdRestartTests: cupsd killed (SIGKILL) or stopped (SIGTERM) while the backend waits for the
// fax, then started again: cupsd runs the job's backend again, which finds the same fax in faxd by the job's
// job-uuid (faxd's Idempotency-Key) — the fax machine receives it exactly once, faxd has one fax
// for the job, the exchange saw one call, and the CUPS job completes.

import FaxAPIModels
import FaxClient
import FaxTestSupport
import Foundation
import Testing
import VirtualExchange

@Suite(.serialized) struct CupsdRestartTests {
    /// SIGKILL (a crash) and SIGTERM (cupsd's own shutdown, which must not cancel the fax).
    @Test(arguments: [SIGKILL, SIGTERM])
    func cupsdStoppedAndRestartedWhileWaitingDeliversOnce(signal: Int32) async throws {
        let h = try CUPSFaxHarness("cups-restart")
        defer { h.stop() }
        let id = try h.cupsd.print(["-d", "fax", "-o", "phone=\(CUPSFaxHarness.machineNumber)", try TestDocuments.pdf(h.dir, pages: 3)])
        let calling = try await h.waitForFax(forPrintJob: id, timeout: 120) { ["dialing", "sending"].contains($0.state) }
        try #require(calling != nil, "\(h.diagnostics())")
        if signal == SIGKILL { h.cupsd.kill9() } else { h.cupsd.stop() }
        try h.cupsd.start()

        let reloaded = try await h.waitForJob(id, timeout: 30) { _ in true }
        try #require(reloaded != nil, "the restarted cupsd has the job\n\(h.diagnostics())")
        let job = try await h.waitForJob(id, timeout: 180) { $0.hasEnded }
        #expect(job?.state == CupsJob.completed, "\(String(describing: job))\n\(h.diagnostics())")
        let faxes = try await h.faxes(forPrintJob: id)
        #expect(faxes.map(\.state) == ["sent"], "one fax for the print job")
        #expect(h.machine.waitForReceived(count: 1, timeout: 30).count == 1)
        #expect(h.faxd.exchange.callRecords.filter { $0.to == CUPSFaxHarness.machineLine }.count == 1)
        let runs = h.cupsd.errorLog(tail: 1_000_000).components(separatedBy: "[Job \(id)] Handing the fax").count - 1
        #expect(runs == 2, "the restarted cupsd ran the backend again (runs: \(runs))\n\(h.diagnostics())")
    }
}
