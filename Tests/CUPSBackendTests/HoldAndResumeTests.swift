// HoldAndResumeTests: a print job with no fax number is held (CUPS job state "held") with a
// message telling the user the command that fixes it; `lp -i ID -o phone=… -H resume` runs the
// backend again with the number (given as a GTK dialog sends it, `Custom.+1 555-0200`) and the fax
// goes out. A number faxd's destination policy refuses (an emergency number) is held the same way,
// with faxd's code in the message, and faxd keeps nothing.

import FaxAPIModels
import FaxClient
import FaxTestSupport
import Foundation
import Testing

@Suite(.serialized) struct HoldAndResumeTests {
    @Test func missingNumberHoldsUntilResumedWithOne() async throws {
        let h = try CUPSFaxHarness("cups-hold")
        defer { h.stop() }
        let id = try h.cupsd.print(["-d", "fax", "-t", "Minutes", try TestDocuments.text(h.dir)])
        let held = try await h.waitForJob(id, timeout: 60) { $0.state == CupsJob.held }
        try #require(held?.state == CupsJob.held, "\(String(describing: held))\n\(h.diagnostics())")
        #expect(held?.message.contains("lp -i fax-\(id) -o phone=NUMBER -H resume") == true, "\(String(describing: held))")
        #expect(try await h.client.list().data.isEmpty, "nothing reached faxd")

        // As a GTK print dialog sends a custom PPD string: "Custom." first, the number as typed
        // (quoted: lp splits -o values at spaces).
        let resume = try h.cupsd.tool("/usr/bin/lp", ["-i", "fax-\(id)", "-o", "phone='Custom.+1 555-0200'", "-H", "resume"])
        #expect(resume.status == 0, "\(resume.output)")
        let job = try await h.waitForJob(id, timeout: 120) { $0.hasEnded }
        #expect(job?.state == CupsJob.completed, "\(String(describing: job))\n\(h.diagnostics())")
        #expect(h.machine.waitForReceived(count: 1, timeout: 30).count == 1)
        #expect(try await h.faxes(forPrintJob: id).map(\.state) == ["sent"])
    }

    @Test func refusedNumberIsHeldAndLeavesNothingInFaxd() async throws {
        let h = try CUPSFaxHarness("cups-refused")
        defer { h.stop() }
        let id = try h.cupsd.print(["-d", "fax", "-o", "phone=911", try TestDocuments.text(h.dir)])
        let held = try await h.waitForJob(id, timeout: 60) { $0.state == CupsJob.held }
        try #require(held?.state == CupsJob.held, "\(String(describing: held))\n\(h.diagnostics())")
        #expect(held?.message.contains("4002") == true && held?.message.contains("-H resume") == true, "\(String(describing: held))")
        #expect(try await h.client.list().data.isEmpty)
        let leftovers = try spoolDocuments(h)
        #expect(leftovers.isEmpty, "faxd kept a document: \(leftovers)")
    }
}

/// Files under faxd's document store (a refused submission leaves none).
func spoolDocuments(_ h: CUPSFaxHarness) throws -> [String] {
    let root = h.faxd.spoolDirectory + "/documents"
    guard let walker = FileManager.default.enumerator(atPath: root) else { return [] }
    return walker.compactMap { $0 as? String }.filter { path in
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: root + "/" + path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }
}
