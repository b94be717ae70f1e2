// MailIntake: a message the MTA handed over (with its envelope) becomes faxes, or is refused with
// a reason the bounce carries — and either way is written to the SMTP log. In order: size → the
// recipient (which number, which faxbox: MailRecipient) → the parse (bounded: MIMEParser's
// MailLimits) → who sent it (the From, else the envelope sender, against the box's
// smtp_permission_list) → the MTA's Authentication-Results when the site requires SPF, DKIM or
// DMARC → the documents (MailDocuments) → the fax, with the submitter mailed its outcome. Nothing
// is queued or left on disk for a refused message. A message handed over twice (the MTA retrying
// after a timeout) makes its fax once: the fax's idempotency key is the Message-ID and number.

import E164
import FaxServer
import Foundation
import Logging
import MIME
import Spool

public struct MailIntake: Sendable {
    public struct Envelope: Sendable {
        public var sender: String
        public var recipient: String

        public init(sender: String, recipient: String) {
            self.sender = sender
            self.recipient = recipient
        }
    }

    public enum Verdict: Sendable {
        case accepted(FaxJob, SMTPLogEntry)
        case refused(MailRefusal, SMTPLogEntry?)
    }

    let context: FaxServerContext
    let logger: Logger

    public init(context: FaxServerContext, logger: Logger) {
        self.context = context
        self.logger = logger
    }

    var configuration: MailIntakeConfiguration { context.configuration.mail.intake }

    public func take(_ message: [UInt8], envelope: Envelope) async -> Verdict {
        var entry = SMTPLogEntry(envelopeFrom: String(envelope.sender.prefix(320)), envelopeTo: String(envelope.recipient.prefix(320)),
                                 size: message.count, accepted: false)
        do {
            let job = try await accept(message, envelope: envelope, entry: &entry)
            entry.accepted = true
            entry.jobIDs = [job.id]
            let logged = (try? await context.spool.logSMTP(entry)) ?? entry
            logger.info("mail-in: accepted", metadata: ["fax": "\(job.id)", "from": "\(entry.headerFrom ?? entry.envelopeFrom)",
                                                        "to": "\(entry.envelopeTo)"])
            return .accepted(job, logged)
        } catch {
            let refusal = (error as? MailRefusal) ?? .temporary("\(error)")
            entry.reason = refusal.description
            logger.notice("mail-in: refused", metadata: ["reason": "\(refusal)", "from": "\(entry.headerFrom ?? entry.envelopeFrom)",
                                                         "to": "\(entry.envelopeTo)", "permanent": "\(refusal.isPermanent)"])
            // A temporary refusal is logged too: each try of the MTA is a line.
            let logged = try? await context.spool.logSMTP(entry)
            return .refused(refusal, logged)
        }
    }

    /// A message the API did not read to its end, being over `max_bytes`: refused and logged.
    public func refuseOversized(envelope: Envelope, atLeast size: Int) async -> MailRefusal {
        let refusal = MailRefusal.permanent("the message is larger than the \(configuration.maxBytes >> 10) KiB this server takes")
        _ = try? await context.spool.logSMTP(SMTPLogEntry(envelopeFrom: String(envelope.sender.prefix(320)),
                                                         envelopeTo: String(envelope.recipient.prefix(320)), size: size,
                                                         accepted: false, reason: refusal.description))
        logger.notice("mail-in: refused", metadata: ["reason": "\(refusal)", "from": "\(envelope.sender)", "to": "\(envelope.recipient)"])
        return refusal
    }

    private func accept(_ message: [UInt8], envelope: Envelope, entry: inout SMTPLogEntry) async throws -> FaxJob {
        guard context.configuration.mail.enabled else { throw MailRefusal.permanent("this server does not take faxes by mail") }
        guard message.count <= configuration.maxBytes else {
            throw MailRefusal.permanent("the message is \(message.count >> 10) KiB; the most this server takes is \(configuration.maxBytes >> 10) KiB")
        }
        let recipient = try await MailRecipient.resolve(envelope.recipient, configuration: context.configuration, spool: context.spool)
        entry.faxboxID = recipient.faxbox.id
        entry.tenantID = recipient.faxbox.tenantID
        var limits = MailLimits()
        limits.maxBytes = configuration.maxBytes
        let parsed: MIMEEntity
        do { parsed = try MIMEParser.parse(message, limits: limits) } catch {
            throw MailRefusal.permanent("the message cannot be read: \(error.description)")
        }
        let subject = String((parsed.text("Subject") ?? "").prefix(200))
        entry.subject = subject
        entry.messageID = parsed.field("Message-ID").map { String($0.trimmingCharacters(in: .whitespaces).prefix(250)) }
        let fromHeader = parsed.field("From").flatMap { MailAddress.firstAddress(inHeader: $0) }
        let sender = fromHeader?.address ?? envelope.sender.trimmingCharacters(in: CharacterSet(charactersIn: "<> "))
        entry.headerFrom = fromHeader?.address
        // Who may send.
        var permitted = recipient.faxbox.smtpPermissionList
        if permitted.isEmpty, recipient.faxbox.id == Faxbox.defaultID { permitted = configuration.permittedSenders }
        guard !sender.isEmpty, SenderPermission.permits(permitted, sender) else {
            throw MailRefusal.permanent("\(sender.isEmpty ? "an unnamed sender" : sender) may not send faxes through faxbox \(recipient.faxbox.id)")
        }
        try checkAuthentication(parsed)
        // The documents.
        let documents = try MailDocuments.from(parsed, subject: subject, sender: fromHeader?.displayName ?? sender,
                                               recipient: recipient.number.text, coverPage: configuration.coverPage)
        // The same message handed over again makes no second fax.
        let key = entry.messageID.map { "smtp:\($0)/\(recipient.number.text)" }
        if let key, let job = try await context.spool.job(idempotencyKey: key, tenantID: recipient.faxbox.tenantID) { return job }
        let (store, converter, scratch) = (context.documents, context.configuration.converter, context.configuration.scratchDirectory)
        let stored: (path: String, pages: Int?)
        do {
            stored = try await OffPool.run { try documents.store(in: store, converter: converter, scratch: scratch) }
        } catch let refusal as MailRefusal {
            throw refusal
        } catch {
            throw MailRefusal.temporary("the document could not be stored: \(error)")
        }
        var options = JobOptions(metadata: ["source": "email", "smtp_from": sender])
        if context.configuration.mail.intake.notifySender { options.notifyEmail = [sender] }
        var submission = FaxSubmission(to: recipient.number, documentPath: stored.path, maxAttempts: context.configuration.defaults.maxAttempts,
                                       options: options, idempotencyKey: key, tenantID: recipient.faxbox.tenantID)
        recipient.faxbox.fill(&submission, maxAttemptsGiven: false)
        do {
            let job = try await context.spool.submit(submission)
            if job.documentPath != stored.path { context.documents.remove(stored.path) }  // a replay raced us
            context.wake()
            return job
        } catch {
            context.documents.remove(stored.path)
            throw MailRefusal.temporary("the fax could not be queued: \(error)")
        }
    }

    /// The MTA's verdict on the sender (RFC 8601), when the site requires one: every required
    /// method must have passed in an Authentication-Results header written by `authserv_id`.
    /// Headers from anyone else are ignored (the MTA must remove forged ones with its id).
    func checkAuthentication(_ message: MIMEEntity) throws(MailRefusal) {
        let required = configuration.requireAuthentication
        guard !required.isEmpty else { return }
        let results = message.fields.filter { $0.name.lowercased() == "authentication-results" }
            .compactMap { AuthenticationResults(parsing: $0.value) }
            .filter { $0.authservID.lowercased() == configuration.authservID.lowercased() }
        for method in required {
            let outcomes = results.flatMap { $0.results.filter { $0.method == method }.map(\.result) }
            guard outcomes.contains("pass") else {
                let seen = outcomes.isEmpty ? "no \(method) result" : "\(method)=\(outcomes.joined(separator: ","))"
                throw .permanent("the message did not pass \(method.uppercased()) (\(seen) from \(configuration.authservID))")
            }
        }
    }
}
