// FailureAndCancelTests: the CUPS job tells the truth about the fax. A busy line: faxd's retries
// (two attempts, 1 s apart here) end in failure and the CUPS job ends (not "completed") with the
// backend's ERROR naming 5201. `cancel` during the call: the backend cancels the fax in faxd
// (5208), the modem hangs up at once, the CUPS job is cancelled. At 4× the cancel lands between
// two HDLC frames of phase B (the modem said CONNECT for the next): the hang-up must end the
// frame stream with <DLE><ETX>, not CAN and ATH0, which the modem sends as frame data (before the
// fix the line stayed off hook).

import FaxAPIModels
import FaxClient
import FaxTestSupport
import Foundation
import Testing
import VirtualExchange

@Suite(.serialized) struct FailureAndCancelTests {
    @Test func busyLineEndsTheJobWithTheFailureAfterFaxdsRetries() async throws {
        let h = try CUPSFaxHarness("cups-busy")
        defer { h.stop() }
        let id = try h.cupsd.print(["-d", "fax", "-o", "phone=\(CUPSFaxHarness.busyNumber)", try TestDocuments.text(h.dir)])
        let job = try await h.waitForJob(id, timeout: 120) { $0.hasEnded }
        try #require(job?.hasEnded == true, "\(String(describing: job))\n\(h.diagnostics())")
        #expect(job?.state != CupsJob.completed)
        #expect(job?.message.contains("5201") == true && job?.message.contains("failed") == true, "\(String(describing: job))")
        let fax = try #require(try await h.faxes(forPrintJob: id).first)
        #expect(fax.state == "failed")
        #expect(fax.completion?.code == 5201)
        #expect(fax.attemptsMade == 2, "faxd's own retries ran first")
        #expect(h.faxd.exchange.callRecords.filter { $0.to == CUPSFaxHarness.busyLine }.map(\.outcome) == ["busy", "busy"])
    }

    @Test func cancelDuringTheCallCancelsTheFaxAndHangsUp() async throws {
        let h = try CUPSFaxHarness("cups-cancel")
        defer { h.stop() }
        let id = try h.cupsd.print(["-d", "fax", "-o", "phone=\(CUPSFaxHarness.machineNumber)", try TestDocuments.pdf(h.dir, pages: 6)])
        let sending = try await h.waitForFax(forPrintJob: id, timeout: 120) { $0.state == "sending" }
        try #require(sending?.state == "sending", "\(String(describing: sending))\n\(h.diagnostics())")
        let cancelAt = Date()
        let cancelled = try h.cupsd.tool("/usr/bin/cancel", ["fax-\(id)"])
        #expect(cancelled.status == 0, "\(cancelled.output)")

        let fax = try #require(try await h.waitForFax(forPrintJob: id, timeout: 30) { $0.isFinished })
        #expect(fax.state == "cancelled", "\(fax)\n\(h.diagnostics())")
        #expect(try await h.client.attempts(fax.id).last?.completion?.code == 5208)
        #expect(Date().timeIntervalSince(cancelAt) < 5, "the call did not end promptly")
        // The modem hung up: the exchange logged the call as ended by faxd's line, the modem is idle.
        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline, h.faxd.exchange.callRecords.isEmpty { try await Task.sleep(for: .milliseconds(100)) }
        let sessionLog = (try? await h.client.sessionLog(fax.id, attempt: 1)) ?? ""
        #expect(h.faxd.exchange.callRecords.last?.endedBy == "15550101", "still up: \(h.faxd.exchange.activeCalls)\n\(sessionLog)\n\(h.diagnostics())")
        var modemState = ""
        while Date() < deadline {
            modemState = try await h.client.modems().first?.state ?? ""
            if modemState == "idle" { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(modemState == "idle")
        let job = try await h.waitForJob(id, timeout: 30) { $0.hasEnded }
        #expect(job?.state == CupsJob.canceled, "\(String(describing: job))")
    }
}
