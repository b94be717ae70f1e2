// EmailToFaxTests: mail to NUMBER@fax.test through a real Postfix (swaks → smtpd → the pipe
// transport → `faxctl mail-in` → faxd) becomes a fax the exchange's fax machine receives — pixel
// for pixel the attachment as `faxctl convert` makes it — and its sender is mailed the outcome
// with the confirmation report. Refused mail (a sender the box does not permit, no document,
// a number that is not one) bounces to its sender with the reason, is in the SMTP log, and
// queues nothing.

import FaxAPIModels
import FaxClient
import FaxTestSupport
import Foundation
import T4
import Testing

@Suite(.serialized) struct EmailToFaxTests {
    @Test func mailedPDFIsFaxedAndTheSenderHearsTheOutcome() async throws {
        let h = try MailFaxHarness("mail-in", intakeYAML: "    cover_page: false")
        defer { h.stop() }
        let pdf = try TestDocuments.pdf(h.faxd.dir, pages: 2)
        // swaks exits 0 only when Postfix took the message (250 to DATA).
        try h.swaks(from: "alice@mail.test", to: "+15550200@fax.test", subject: "Lab results", attach: [pdf])

        let got = try #require(h.machine.waitForReceived(count: 1, timeout: 180).first, "no fax arrived\n\(h.diagnostics())")
        #expect(got.result.completion.code == 0)
        let received = try TIFFFaxReader.readPages(path: got.path)
        // The attachment as faxctl converts it, with faxd's header for this recipient.
        let reference = h.faxd.dir.file("reference.tif")
        let converted = try runTool(MailFaxHarness.faxctl, ["convert", pdf, "-o", reference, "--header", "faxd test",
                                                            "--identity", "+1 555 0100", "--recipient", MailFaxHarness.machineNumber], timeout: 120)
        try #require(converted.status == 0, "faxctl convert: \(converted.output)")
        #expect(pageDifference(received, try TIFFFaxReader.readPages(path: reference)) == nil)

        // The SMTP log has it, accepted, with the fax it became; the fax says where it came from.
        let log = try await h.client.smtpLog()
        let entry = try #require(log.first)
        #expect(entry.accepted && entry.from == "alice@mail.test" && entry.envelopeTo == "+15550200@fax.test" && entry.faxboxId == "default")
        #expect(entry.subject == "Lab results")
        let faxID = try #require(entry.faxIds.first)
        let fax = try await h.client.fax(faxID)
        #expect(fax.options.metadata?["source"] == "email" && fax.to == MailFaxHarness.machineNumber)

        // The sender is told: "sent, 2 pages", the report attached (a one-page PDF).
        let mails = try await h.waitForMail("alice@mail.test", timeout: 60)
        let mail = try ParsedMail.parse(try #require(mails.first, "no outcome mail\n\(h.diagnostics())"), in: h.faxd.dir.path)
        #expect(mail.subject == "Fax to +15550200: sent, 2 pages", "\(mail.subject)")
        #expect(mail.from.contains("fax@fax.test") && mail.to == "alice@mail.test")
        #expect(mail.parts.count == 1 && mail.parts[0].type == "application/pdf" && mail.parts[0].pages == 1)
        let deliveries = try await h.client.mail(for: faxID)
        #expect(deliveries.count == 1 && deliveries[0].state == "delivered" && deliveries[0].event == "fax.sent")
    }

    @Test func refusedMailBouncesWithTheReasonAndQueuesNothing() async throws {
        let h = try MailFaxHarness("mail-refused")
        defer { h.stop() }
        let pdf = try TestDocuments.pdf(h.faxd.dir, pages: 1)
        let zip = h.faxd.dir.file("archive.zip")
        try Data([0x50, 0x4B, 0x03, 0x04] + [UInt8](repeating: 7, count: 600)).write(to: URL(fileURLWithPath: zip))
        // Not permitted (other.test is not in permitted_senders); no usable attachment; not a number.
        try h.swaks(from: "mallory@other.test", to: "+15550200@fax.test", attach: [pdf])
        try h.swaks(from: "bob@mail.test", to: "+15550200@fax.test", body: " ", attach: [zip])
        try h.swaks(from: "carol@mail.test", to: "12@fax.test", attach: [pdf])

        let expected = [("mallory@other.test", "may not send faxes through faxbox default"),
                        ("bob@mail.test", "is not something SwiftFax can fax"),
                        ("carol@mail.test", "is not a number this server may fax")]
        for (sender, reason) in expected {
            let bounces = try await h.waitForMail(sender, timeout: 60)
            let bounce = String(decoding: try #require(bounces.first, "no bounce for \(sender)\n\(h.diagnostics())"), as: UTF8.self)
            #expect(bounce.contains(reason), "bounce to \(sender) should say \(reason):\n\(bounce.prefix(3000))")
            #expect(bounce.contains("Undelivered Mail") || bounce.contains("Delivery Status"), "a real bounce (DSN)")
        }
        let log = try await h.client.smtpLog()
        #expect(log.count == 3 && log.allSatisfy { !$0.accepted && $0.faxIds.isEmpty })
        for (sender, reason) in expected {
            #expect(log.contains { ($0.from ?? $0.envelopeFrom) == sender && ($0.reason ?? "").contains(reason) }, "\(log)")
        }
        #expect(try await h.client.list(limit: 10).data.isEmpty, "nothing queued")
        // Nothing left in the documents directory.
        let documents = (try? FileManager.default.contentsOfDirectory(atPath: h.faxd.spoolDirectory + "/documents")) ?? []
        #expect(documents.isEmpty, "\(documents)")
        #expect(h.machine.receivedFaxes.isEmpty)
    }

    @Test func theSubjectIsACoverPageAndEachAttachmentFollowsInOrder() async throws {
        let h = try MailFaxHarness("mail-cover")
        defer { h.stop() }
        let pdf = try TestDocuments.pdf(h.faxd.dir, pages: 1), png = try TestDocuments.png(h.faxd.dir)
        try h.swaks(from: "alice@mail.test", to: "+15550200@fax.test", subject: "Discharge summary, ward 3",
                    body: "Two documents follow.", attach: [pdf, png])
        let got = try #require(h.machine.waitForReceived(count: 1, timeout: 180).first, "no fax\n\(h.diagnostics())")
        let pages = try TIFFFaxReader.readPages(path: got.path)
        #expect(pages.count == 3, "cover, the PDF's page, the PNG")
        // Page 2 is the PDF's page as faxctl converts it (below the header band).
        let reference = h.faxd.dir.file("pdf.tif")
        let converted = try runTool(MailFaxHarness.faxctl, ["convert", pdf, "-o", reference, "--header", "faxd test",
                                                            "--identity", "+1 555 0100", "--recipient", MailFaxHarness.machineNumber], timeout: 120)
        try #require(converted.status == 0, "\(converted.output)")
        let pdfPage = try TIFFFaxReader.readPages(path: reference)
        #expect(pages.count == 3 && pageDifference([pages[1]], pdfPage) == nil)

        // No attachment: the text is the fax (after the subject's cover page).
        try h.swaks(from: "bob@mail.test", to: "+15550200@fax.test", subject: "Note", body: "Call me about bed 12.")
        let second = h.machine.waitForReceived(count: 2, timeout: 180)
        try #require(second.count == 2, "no second fax\n\(h.diagnostics())")
        #expect(try TIFFFaxReader.readPages(path: second[1].path).count == 2)
        let log = try await h.client.smtpLog()
        #expect(log.count == 2 && log.allSatisfy(\.accepted))
    }
}
