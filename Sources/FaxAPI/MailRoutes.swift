// MailRoutes: the email front door's API — the MTA's hand-over of a message to fax (through
// `faxctl mail-in`, which the MTA's pipe transport runs), the SMTP log, and a fax's mail log.
// A refusal is a problem whose detail is the reason the bounce carries: 422 when it is final,
// 503 when the MTA should keep the message and try again.

import FaxAPIModels
import FaxMail
import FaxServer
import Foundation
import Hummingbird
import Logging
import Spool

struct MailRoutes: Sendable {
    let context: FaxServerContext
    let logger: Logger

    func register(on router: Router<BasicRequestContext>) {
        let spool = context.spool
        let intake = MailIntake(context: context, logger: logger)
        let maxBytes = context.configuration.mail.intake.maxBytes
        router.post("/v1/mail/incoming") { request, _ in
            try await handle {
                let q = request.uri.queryParameters
                guard let sender = q.get("sender"), let recipient = q.get("recipient"), !recipient.isEmpty else {
                    throw APIProblem.badRequest("give ?sender=&recipient= (the envelope; sender may be empty for a bounce)")
                }
                var request = request
                let body: ByteBuffer
                do { body = try await request.collectBody(upTo: maxBytes) } catch {
                    let refusal = await intake.refuseOversized(envelope: .init(sender: sender, recipient: recipient), atLeast: maxBytes + 1)
                    throw APIProblem(.unprocessableContent, code: 4220, "Mail refused", detail: refusal.description)
                }
                switch await intake.take(Array(body.readableBytesView), envelope: .init(sender: sender, recipient: recipient)) {
                case .accepted(let job, let entry):
                    return try JSONResponse.make(MailInResource(smtplogId: entry.id.isEmpty ? nil : entry.id, faxId: job.id.rawValue),
                                                 status: .accepted, headers: [.location: "/v1/faxes/\(job.id)"])
                case .refused(let refusal, _):
                    if refusal.isPermanent { throw APIProblem(.unprocessableContent, code: 4220, "Mail refused", detail: refusal.description) }
                    throw APIProblem(.serviceUnavailable, code: 5030, "Try again later", detail: refusal.description)
                }
            }
        }
        router.get("/v1/smtplog") { request, _ in
            try await handle {
                let q = request.uri.queryParameters
                let limit = try APILimits.listLimit(q.get("limit"), fallback: 100)
                let entries = try await spool.smtpLog(before: q.get("before"), limit: limit)
                return try JSONResponse.make(ListResource(data: entries.map(SMTPLogResource.init)))
            }
        }
        router.get("/v1/smtplog/:id") { _, ctx in
            try await handle {
                guard let id = ctx.parameters.get("id") else { throw APIProblem.badRequest("no id") }
                do { return try JSONResponse.make(SMTPLogResource(try await spool.smtpLogEntry(id))) } catch {
                    throw APIProblem(.notFound, code: 4040, "Not found", detail: "no smtplog entry \(id)")
                }
            }
        }
        router.get("/v1/faxes/:id/mail") { _, ctx in
            try await handle {
                guard let id = ctx.parameters.get("id") else { throw APIProblem.badRequest("no id") }
                let job = try await spool.job(JobID(id))
                return try JSONResponse.make(ListResource(data: try await spool.mailDeliveries(job: job.id).map(MailDeliveryResource.init)))
            }
        }
    }
}

extension SMTPLogResource {
    init(_ entry: SMTPLogEntry) {
        self.init(id: entry.id, receivedAt: entry.receivedAt, envelopeFrom: entry.envelopeFrom, envelopeTo: entry.envelopeTo,
                  from: entry.headerFrom, subject: entry.subject, messageId: entry.messageID, size: entry.size, faxboxId: entry.faxboxID,
                  accepted: entry.accepted, reason: entry.reason, faxIds: entry.jobIDs.map(\.rawValue))
    }
}

extension MailDeliveryResource {
    init(_ delivery: MailDelivery) {
        self.init(id: delivery.id, faxId: delivery.jobID.rawValue, event: delivery.event, recipients: delivery.recipients,
                  messageId: delivery.messageID, state: delivery.state.rawValue, tries: delivery.tries, lastError: delivery.lastError,
                  createdAt: delivery.createdAt, deliveredAt: delivery.deliveredAt)
    }
}
