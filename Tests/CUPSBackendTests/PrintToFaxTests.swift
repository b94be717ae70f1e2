// PrintToFaxTests: `lp -d fax -o phone=15550200` of a PDF, a text file and a PNG through a real
// cupsd, the swiftfax backend (as lp) and faxd: the exchange's fax machine receives the same pages
// as when the same document is sent with `faxctl send`; the CUPS job completes, the backend's last
// status line being "Fax sent"; faxd (API, `faxctl show` and `faxctl list`) has the CUPS user and job title as submitter.
// A job with no phone option but a number as its title (LibreOffice, fax4CUPS) goes to that number;
// faxReturn=Queued ends the CUPS job once faxd has the fax; faxCoverTo puts a cover page first.

import FaxAPIModels
import FaxClient
import FaxTestSupport
import Foundation
import T4
import Testing

@Suite(.serialized) struct PrintToFaxTests {
    @Test func pdfTextAndPNGArriveAsFaxctlSendSendsThem() async throws {
        let h = try CUPSFaxHarness("cups-print")
        defer { h.stop() }
        let documents = [try TestDocuments.pdf(h.dir), try TestDocuments.text(h.dir), try TestDocuments.png(h.dir)]
        var received = 0
        for (index, document) in documents.enumerated() {
            // What faxd sends for this document when asked directly.
            let direct = try runTool(CUPSFaxHarness.faxctl, ["send", document, "--to", CUPSFaxHarness.machineNumber,
                                                             "--socket", h.faxd.socketPath], timeout: 180)
            try #require(direct.status == 0, "faxctl send: \(direct.output)\n\(h.diagnostics())")
            received += 1
            // The same document printed to the fax queue.
            let title = "Quarterly report \(index + 1)"
            let id = try h.cupsd.print(["-d", "fax", "-U", "alice", "-t", title, "-o", "phone=\(CUPSFaxHarness.machineNumber)", document])
            let job = try await h.waitForJob(id, timeout: 180) { $0.hasEnded }
            try #require(job?.state == CupsJob.completed, "\(document): \(String(describing: job))\n\(h.diagnostics())")
            // cupsd clears a completed job's message; its log keeps the backend's last status line.
            #expect(h.cupsd.errorLog(tail: 1_000_000).contains("[Job \(id)] Fax sent to \(CUPSFaxHarness.machineNumber)"), "\(h.diagnostics())")
            received += 1
            let faxes = h.machine.waitForReceived(count: received, timeout: 60)
            try #require(faxes.count == received)
            let sentByFaxctl = try TIFFFaxReader.readPages(path: faxes[received - 2].path)
            let sentByPrinting = try TIFFFaxReader.readPages(path: faxes[received - 1].path)
            #expect(!sentByFaxctl.isEmpty)
            #expect(pageDifference(sentByFaxctl, sentByPrinting) == nil,
                    "\(document): \(pageDifference(sentByFaxctl, sentByPrinting) ?? "")")

            // faxd knows who printed what.
            let fax = try #require(try await h.faxes(forPrintJob: id).first)
            #expect(fax.state == "sent")
            #expect(fax.options.metadata?["cups_user"] == "alice")
            #expect(fax.options.metadata?["cups_title"] == title)
            #expect(fax.idempotencyKey?.hasPrefix("urn:uuid:") == true, "the CUPS job-uuid is the idempotency key")
            let shown = try runTool(CUPSFaxHarness.faxctl, ["show", fax.id, "--socket", h.faxd.socketPath], timeout: 30)
            #expect(shown.output.contains("printed by alice: \"\(title)\" (CUPS job fax-\(id))"), "\(shown.output)")
            let listed = try runTool(CUPSFaxHarness.faxctl, ["list", "--socket", h.faxd.socketPath], timeout: 30)
            #expect(listed.output.contains("printed by alice: \"\(title)\""), "\(listed.output)")
        }
    }

    /// Also "return when queued" (faxReturn=Queued): the CUPS job completes while the fax is still in faxd's hands.
    @Test func numberInTheTitleIsTheFallbackAndQueuedModeReturnsEarly() async throws {
        let h = try CUPSFaxHarness("cups-title")
        defer { h.stop() }
        let id = try h.cupsd.print(["-d", "fax", "-t", "+1 555 0200", "-o", "faxReturn=Queued", try TestDocuments.text(h.dir)])
        let job = try await h.waitForJob(id, timeout: 60) { $0.hasEnded }
        #expect(job?.state == CupsJob.completed, "\(String(describing: job))\n\(h.diagnostics())")
        let fax = try #require(try await h.faxes(forPrintJob: id).first)
        #expect(!fax.isFinished, "the print job ended before the fax: \(fax.state)")
        #expect(fax.to.hasSuffix("15550200"))
        let sent = try await h.waitForFax(forPrintJob: id, timeout: 120) { $0.isFinished }
        #expect(sent?.state == "sent", "\(String(describing: sent))\n\(h.diagnostics())")
        #expect(h.machine.waitForReceived(count: 1, timeout: 30).count == 1)
    }

    @Test func coverPageOptionPutsACoverPageFirst() async throws {
        let h = try CUPSFaxHarness("cups-cover")
        defer { h.stop() }
        let document = try TestDocuments.pdf(h.dir, pages: 2)
        let id = try h.cupsd.print(["-d", "fax", "-o", "phone=\(CUPSFaxHarness.machineNumber)", "-o", "faxCoverTo=Accounts",
                                    "-o", "faxCoverSubject=Invoice 42", document])
        let job = try await h.waitForJob(id, timeout: 180) { $0.hasEnded }
        #expect(job?.state == CupsJob.completed, "\(String(describing: job))\n\(h.diagnostics())")
        let received = h.machine.waitForReceived(count: 1, timeout: 30)
        try #require(received.count == 1)
        #expect(try TIFFFaxReader.readPages(path: received[0].path).count == 3, "cover page + 2 pages")
        #expect(try await h.faxes(forPrintJob: id).first?.pagesTotal == 3)
    }
}
