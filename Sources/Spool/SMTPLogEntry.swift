// SMTPLogEntry: one message that came in by mail to become a fax (Kazoo's smtplog, seed 000) —
// who sent it to which address, whether it was accepted, why not, and the faxes it became.

import Foundation
import GRDB

public struct SMTPLogEntry: Sendable, Hashable {
    public var id: String
    public var receivedAt: Date
    /// The envelope (SMTP MAIL FROM / RCPT TO), as the MTA handed them over.
    public var envelopeFrom: String
    public var envelopeTo: String
    /// The message's From and Subject (decoded; control characters removed).
    public var headerFrom: String?
    public var subject: String?
    public var messageID: String?
    public var size: Int
    public var faxboxID: String?
    public var accepted: Bool
    /// Why it was refused (the text the bounce carries).
    public var reason: String?
    public var jobIDs: [JobID]
    public var tenantID: String?

    public init(id: String = "", receivedAt: Date = Date(), envelopeFrom: String, envelopeTo: String, headerFrom: String? = nil,
                subject: String? = nil, messageID: String? = nil, size: Int, faxboxID: String? = nil, accepted: Bool,
                reason: String? = nil, jobIDs: [JobID] = [], tenantID: String? = nil) {
        self.id = id
        self.receivedAt = receivedAt
        self.envelopeFrom = envelopeFrom
        self.envelopeTo = envelopeTo
        self.headerFrom = headerFrom
        self.subject = subject
        self.messageID = messageID
        self.size = size
        self.faxboxID = faxboxID
        self.accepted = accepted
        self.reason = reason
        self.jobIDs = jobIDs
        self.tenantID = tenantID
    }
}

extension SMTPLogEntry: FetchableRecord {
    public init(row: Row) throws {
        id = row["id"]
        receivedAt = Date(spoolMillis: row["received_at"])
        envelopeFrom = row["envelope_from"]
        envelopeTo = row["envelope_to"]
        headerFrom = row["header_from"]
        subject = row["subject"]
        messageID = row["message_id"]
        size = row["size"]
        faxboxID = row["faxbox_id"]
        accepted = row["accepted"]
        reason = row["reason"]
        jobIDs = row.stringList("job_ids").map { JobID($0) }
        tenantID = row["tenant_id"]
    }
}
