// FaxToEmailTests: a fax the exchange's fax machine sends to faxd's answering modem is mailed —
// through a real Postfix (its sendmail, or SMTP to its port) into Maildirs — to its faxbox's
// recipients and the site's, the PDF attached with the pages that arrived, read back by Python's
// email package. A caller ID name (hostile input) cannot add a header or a recipient. With the MTA down the
// mail waits in faxd's outbox and arrives once when it comes back.

import FaxAPIModels
import FaxClient
import FaxTestSupport
import Foundation
import T30
import T4
import Testing

@Suite(.serialized) struct FaxToEmailTests {
    @Test func receivedFaxIsMailedAsPDFToTheBoxAndTheSite() async throws {
        // The caller's name tries to add a recipient and, once decoded, a header.
        let hostileName = "\"Ward 3\" <e@other.test>, =?utf-8?Q?=0D=0ABcc:_e@other.test?="
        let h = try MailFaxHarness("fax-to-mail", mailYAML: "  received_to: [admin@mail.test]\n  attach: both\n"
                                   + "  received_subject: \"Fax from {caller} {caller_name} / {remote_identity} ({pages} pages)\"",
                                   machineName: hostileName)
        defer { h.stop() }
        _ = try await h.client.updateFaxbox("default", FaxboxRequest(notifications: .init(inbound: .init(email: .init(sendTo: ["clerk@mail.test"])))))
        let (chart, pages) = try writeChart(h.faxd.dir, pages: 2, density: 0.3)
        let sent = h.machine.send(document: chart, to: MailFaxHarness.answeringNumber)
        try #require(sent.completion.code == 0, "the fax machine's call: \(sent.completion)\n\(h.diagnostics())")

        for address in ["clerk@mail.test", "admin@mail.test"] {
            let mails = try await h.waitForMail(address, timeout: 60)
            let raw = try #require(mails.first, "no mail for \(address)\n\(h.diagnostics())")
            let mail = try ParsedMail.parse(raw, in: h.faxd.dir.path)
            #expect(mail.subject.hasPrefix("Fax from ") && mail.subject.hasSuffix("/ +1 555 0200 (2 pages)"), "\(mail.subject)")
            #expect(mail.subject.contains("Ward 3"), "the name is there, as text: \(mail.subject)")
            #expect(!mail.headers.contains { $0.lowercased() == "bcc" }, "no header from the far end: \(mail.headers)")
            #expect(mail.to.contains("clerk@mail.test") && mail.to.contains("admin@mail.test"))
            let pdf = try #require(mail.parts.first { $0.type == "application/pdf" })
            #expect(pdf.pages == pages.count)
            let tiff = try #require(mail.parts.first { $0.type == "image/tiff" })
            // The TIFF attached is the fax as stored, byte for byte.
            let inbox = try await h.client.inbox(limit: 1).data
            let stored = try await h.client.document(try #require(inbox.first).id, kind: "received", format: "tiff")
            #expect(tiff.size == stored.count)
            #expect(mail.text.contains("Pages: 2"))
        }
        #expect(h.postfix.messages(for: "e@other.test").isEmpty, "the name's address and Bcc went nowhere")
    }

    @Test func mailWaitsWhileTheMTAIsDownAndArrivesOnce() async throws {
        let h = try MailFaxHarness("mta-down", transport: "smtp")
        defer { h.stop() }
        _ = try await h.client.updateFaxbox("default", FaxboxRequest(notifications: .init(inbound: .init(email: .init(sendTo: ["clerk@mail.test"])))))
        h.postfix.stop()
        let (chart, _) = try writeChart(h.faxd.dir, pages: 1)
        let sent = h.machine.send(document: chart, to: MailFaxHarness.answeringNumber)
        try #require(sent.completion.code == 0, "\(sent.completion)")
        let fax = try #require(try await h.client.inbox(limit: 1).data.first)
        // Tried and refused (connection refused), still pending.
        let deadline = Date().addingTimeInterval(30)
        var log: [MailDeliveryResource] = []
        while Date() < deadline {
            log = try await h.client.mail(for: fax.id)
            if let first = log.first, first.tries >= 2 { break }
            try await Task.sleep(for: .milliseconds(250))
        }
        let waiting = try #require(log.first, "no mail queued\n\(h.diagnostics())")
        #expect(waiting.state == "pending" && waiting.tries >= 2 && (waiting.lastError ?? "").contains("curl"), "\(waiting)")

        try h.postfix.start()
        let mails = try await h.waitForMail("clerk@mail.test", timeout: 60)
        #expect(mails.count == 1, "\(h.diagnostics())")
        try await Task.sleep(for: .seconds(4))  // longer than retry_max: a duplicate would be here by now
        #expect(h.postfix.messages(for: "clerk@mail.test").count == 1)
        let done = try #require(try await h.client.mail(for: fax.id).first)
        #expect(done.state == "delivered" && done.tries >= 3)
    }

    @Test func aSmarthostWithSTARTTLSAndAUTHTakesTheMail() async throws {
        let h = try MailFaxHarness("mail-relay", transport: "smtp-tls-auth")
        defer { h.stop() }
        // Without a login the relay takes nothing (what faxd's success below proves it did).
        let anonymous = try runTool("/usr/bin/curl", ["--silent", "--show-error", "--url", "smtp://127.0.0.1:\(h.postfix.smtpPort)",
                                                      "--mail-from", "fax@fax.test", "--mail-rcpt", "clerk@mail.test", "--upload-file", "/dev/null"],
                                    timeout: 30)
        #expect(anonymous.status != 0, "\(anonymous.output)")
        _ = try await h.client.updateFaxbox("default", FaxboxRequest(notifications: .init(inbound: .init(email: .init(sendTo: ["clerk@mail.test"])))))
        let (chart, _) = try writeChart(h.faxd.dir, pages: 1)
        let sent = h.machine.send(document: chart, to: MailFaxHarness.answeringNumber)
        try #require(sent.completion.code == 0, "\(sent.completion)")
        let mails = try await h.waitForMail("clerk@mail.test", timeout: 60)
        let mail = try ParsedMail.parse(try #require(mails.first, "no mail\n\(h.diagnostics())"), in: h.faxd.dir.path)
        #expect(mail.parts.first?.pages == 1)
        // Postfix saw TLS first, then AUTH as faxd.
        let log = h.postfix.log(tail: 200)
        #expect(log.contains("TLS connection established from"), "\(log)")
        #expect(log.contains("sasl_method=PLAIN") || log.contains("sasl_method=LOGIN"), "\(log)")
        #expect(log.contains("sasl_username=faxd@fax.test"), "\(log)")
    }
}
