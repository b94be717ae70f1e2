// MailResources: the JSON shapes of the email front door.
//   POST /mail/incoming?sender=&recipient=   a message (message/rfc822 body) the MTA handed over:
//                                            202 MailInResource, or a problem — 422 (refused: the
//                                            bounce says `detail`), 503 (try again later)
//   GET  /smtplog                            every message that came in, newest first (?limit&before)
//   GET  /smtplog/{id}                       one (Kazoo's smtplog, seed 000)
//   GET  /faxes/{id}/mail                    the mail sent about a fax (received fax, outcome)

import Foundation

public struct MailInResource: Codable, Sendable, Hashable {
    public var smtplogId: String?
    public var faxId: String

    public init(smtplogId: String?, faxId: String) {
        self.smtplogId = smtplogId
        self.faxId = faxId
    }
}

public struct SMTPLogResource: Codable, Sendable, Hashable {
    public var id: String
    public var receivedAt: Date
    public var envelopeFrom: String
    public var envelopeTo: String
    public var from: String?
    public var subject: String?
    public var messageId: String?
    public var size: Int
    public var faxboxId: String?
    public var accepted: Bool
    public var reason: String?
    public var faxIds: [String]

    public init(id: String, receivedAt: Date, envelopeFrom: String, envelopeTo: String, from: String?, subject: String?,
                messageId: String?, size: Int, faxboxId: String?, accepted: Bool, reason: String?, faxIds: [String]) {
        self.id = id
        self.receivedAt = receivedAt
        self.envelopeFrom = envelopeFrom
        self.envelopeTo = envelopeTo
        self.from = from
        self.subject = subject
        self.messageId = messageId
        self.size = size
        self.faxboxId = faxboxId
        self.accepted = accepted
        self.reason = reason
        self.faxIds = faxIds
    }
}

/// One mail about a fax and how its hand-over to the MTA went.
public struct MailDeliveryResource: Codable, Sendable, Hashable {
    public var id: Int64
    public var faxId: String
    public var event: String
    public var recipients: [String]
    public var messageId: String
    /// pending, delivered (handed to the MTA) or failed.
    public var state: String
    public var tries: Int
    public var lastError: String?
    public var createdAt: Date
    public var deliveredAt: Date?

    public init(id: Int64, faxId: String, event: String, recipients: [String], messageId: String, state: String, tries: Int,
                lastError: String?, createdAt: Date, deliveredAt: Date?) {
        self.id = id
        self.faxId = faxId
        self.event = event
        self.recipients = recipients
        self.messageId = messageId
        self.state = state
        self.tries = tries
        self.lastError = lastError
        self.createdAt = createdAt
        self.deliveredAt = deliveredAt
    }
}
