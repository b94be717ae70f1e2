// The mail outbox: a received fax or an outbound outcome queues its mail in the event's own
// transaction — to the box's recipients and the site's (received), the fax's notify_email and the
// box's (outcomes), each once — only when mail is configured; a try's end (delivered, again
// later, failed for good); the mail goes with its fax; and the SMTP log.

import E164
import FaxOutcome
import Foundation
import Spool
import Testing

@Suite struct MailOutboxTests {
    @Test func eventsQueueMailOnlyWhenMailIsConfigured() async throws {
        let f = SpoolFixture()
        let spool = try await f.open()
        let box = try await spool.createFaxbox(FaxboxChange(name: "Ward", modems: ["ttyIn"], notifications: FaxboxNotifications(
            inbound: .init(emailTo: ["ward@example.com", "Admin@example.com"]), outbound: .init(emailTo: ["outcomes@example.com"]))))
        func receive() async throws -> FaxJob {
            let job = try await spool.beginReceiving(from: "+15550000001", to: "+1 555 0100", modem: "ttyIn",
                                                     receivedPath: f.dir.file("\(UUID()).tif"), calledNumber: nil)
            return try await spool.finishReceiving(job.id, result: result(.ok, pages: 2, of: nil))
        }
        // Not configured: nothing queued.
        _ = try await receive()
        #expect(try await spool.mailDeliveries().isEmpty)

        try await spool.setMailPolicy(MailPolicy(enabled: true, receivedTo: ["admin@example.com"], domain: "fax.example.com"))
        let received = try await receive()
        let mails = try await spool.mailDeliveries()
        #expect(mails.count == 1)
        let mail = try #require(mails.first)
        #expect(mail.jobID == received.id && mail.event == "fax.inbound.received" && mail.state == .pending)
        #expect(mail.recipients == ["ward@example.com", "Admin@example.com"], "the site's copy to the same address is not sent twice")
        #expect(mail.messageID.hasPrefix("<\(received.id)") && mail.messageID.hasSuffix("@fax.example.com>"))
        #expect(try mail.job().state == .received && mail.job().faxboxID == box.id)

        // An outbound fax: its own notify_email and its box's outbound recipients, at its end only.
        var submission = f.submission()
        submission.options.notifyEmail = ["sender@example.com"]
        submission.faxboxID = box.id
        let job = try await spool.submit(submission)
        _ = try #require(try await spool.claimNext(modem: "m"))
        _ = try await spool.finishAttempt(job.id, result: result(.busy))
        #expect(try await spool.mailDeliveries(job: job.id).isEmpty, "a retry is not an outcome")
        f.clock.advance(3600)
        _ = try #require(try await spool.claimNext(modem: "m"))
        _ = try await spool.finishAttempt(job.id, result: result(.ok, pages: 3))
        let outcome = try #require(try await spool.mailDeliveries(job: job.id).first)
        #expect(outcome.event == "fax.sent" && outcome.recipients == ["sender@example.com", "outcomes@example.com"])

        // Deleting a fax takes its mail with it.
        _ = try await spool.deleteJob(job.id, release: { _ in })
        #expect(try await spool.mailDeliveries(job: job.id).isEmpty)
    }

    @Test func aTryEndsDeliveredPendingOrFailed() async throws {
        let f = SpoolFixture()
        let spool = try await f.open()
        try await spool.setMailPolicy(MailPolicy(enabled: true, receivedTo: ["admin@example.com"]))
        for _ in 0..<3 {
            let job = try await spool.beginReceiving(from: "", to: "", modem: "m", receivedPath: f.dir.file("\(UUID()).tif"), calledNumber: nil)
            _ = try await spool.finishReceiving(job.id, result: result(.ok, pages: 1, of: nil))
        }
        let due = try await spool.dueMails()
        #expect(due.count == 3)
        try await spool.finishMailTry(due[0].id, error: nil, retryAt: nil)
        try await spool.finishMailTry(due[1].id, error: "sendmail exited 75", retryAt: f.clock.now.addingTimeInterval(30))
        try await spool.finishMailTry(due[2].id, error: "curl exited 7", retryAt: nil)
        #expect(try await spool.dueMails().isEmpty, "the retry waits its time")
        #expect(try await spool.nextMailDue() == f.clock.now.addingTimeInterval(30))
        f.clock.advance(31)
        let again = try await spool.dueMails()
        #expect(again.map(\.id) == [due[1].id] && again[0].tries == 1 && again[0].lastError == "sendmail exited 75")
        let states = Dictionary(uniqueKeysWithValues: try await spool.mailDeliveries().map { ($0.id, $0.state) })
        #expect(states[due[0].id] == .delivered && states[due[2].id] == .failed)
    }

    @Test func theSMTPLogKeepsEveryMessageNewestFirst() async throws {
        let f = SpoolFixture()
        let spool = try await f.open()
        let refused = try await spool.logSMTP(SMTPLogEntry(envelopeFrom: "m@evil.example", envelopeTo: "+15550200@fax.example.com",
                                                           size: 100, accepted: false, reason: "not permitted"))
        f.clock.advance(1)
        let accepted = try await spool.logSMTP(SMTPLogEntry(receivedAt: f.clock.now, envelopeFrom: "a@example.com", envelopeTo: "+15550200@fax.example.com",
                                                            subject: "Results", size: 2000, faxboxID: "default", accepted: true,
                                                            jobIDs: [JobID("j1")]))
        let log = try await spool.smtpLog()
        #expect(log.map(\.id) == [accepted.id, refused.id])
        #expect(log[0].jobIDs == [JobID("j1")] && log[0].subject == "Results" && log[1].reason == "not permitted")
        #expect(try await spool.smtpLog(before: accepted.id).map(\.id) == [refused.id])
        #expect(try await spool.smtpLogEntry(refused.id).envelopeFrom == "m@evil.example")
    }
}
