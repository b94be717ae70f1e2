// MailDelivery: one mail the spool owes somebody — a received fax for its faxbox's recipients, or
// the outcome of a sent fax for its submitter — as a row of the mail outbox, written in the
// same transaction as the event (Database.recordMail), so a crash never loses one. It keeps the
// job as it was at the event; the mail dispatcher builds the message from it when it sends, and
// the Message-ID is fixed at the event, so a message sent twice (at least once) is the same
// message and a mail client shows it once.

import Foundation
import GRDB

public struct MailDelivery: Sendable, Hashable {
    public enum State: String, Sendable, Codable { case pending, delivered, failed }

    public var id: Int64
    public var jobID: JobID
    /// The notification type it is for: `fax.inbound.received`, `fax.sent`, `fax.partial`, `fax.failed`.
    public var event: String
    public var recipients: [String]
    /// The job at the moment of the event (FaxJob as JSON).
    public var snapshot: String
    /// `<…@…>`, the same on every try.
    public var messageID: String
    public var state: State
    public var tries: Int
    public var nextAt: Date
    public var createdAt: Date
    public var lastAt: Date?
    public var lastError: String?
    public var deliveredAt: Date?

    /// The events that are mailed.
    public static let events: Set = ["fax.inbound.received", "fax.sent", "fax.partial", "fax.failed"]

    /// The job at the event.
    public func job() throws -> FaxJob {
        try JSONDecoder.spoolSnapshot.decode(FaxJob.self, from: Data(snapshot.utf8))
    }
}

extension MailDelivery: FetchableRecord {
    public init(row: Row) throws {
        id = row["id"]
        jobID = JobID(row["job_id"] as String)
        event = row["event"]
        recipients = row.stringList("recipients")
        snapshot = row["snapshot"]
        messageID = row["message_id"]
        state = State(rawValue: row["state"]) ?? .pending
        tries = row["tries"]
        nextAt = Date(spoolMillis: row["next_at"])
        createdAt = Date(spoolMillis: row["created_at"])
        lastAt = (row["last_at"] as Int64?).map { Date(spoolMillis: $0) }
        lastError = row["last_error"]
        deliveredAt = (row["delivered_at"] as Int64?).map { Date(spoolMillis: $0) }
    }
}

/// Who gets mail, site-wide: set by faxd from its configuration (`mail:`) when it starts, kept in
/// the spool's settings so the transaction that records an event can read it.
public struct MailPolicy: Sendable, Hashable, Codable {
    /// Mail is configured; without it no mail is queued.
    public var enabled: Bool
    /// Recipients of every received fax, besides its faxbox's.
    public var receivedTo: [String]
    /// The domain of Message-IDs.
    public var domain: String

    public init(enabled: Bool = false, receivedTo: [String] = [], domain: String = "localhost") {
        self.enabled = enabled
        self.receivedTo = receivedTo
        self.domain = domain
    }

    static let settingsKey = "mail_policy"
}

extension Database {
    /// Queues the mail `type` calls for, if any: a received fax to its box's inbound recipients
    /// and the site's; a sent/partial/failed fax to the fax's own `notify_email` and its box's
    /// outbound recipients.
    func recordMail(_ type: String, job: FaxJob?, at now: Date) throws {
        guard let job, MailDelivery.events.contains(type) else { return }
        guard let text = try String.fetchOne(self, sql: "SELECT value FROM settings WHERE key = ?", arguments: [MailPolicy.settingsKey]),
              let policy = try? JSONDecoder().decode(MailPolicy.self, from: Data(text.utf8)), policy.enabled else { return }
        var recipients: [String] = []
        let box = try job.faxboxID.flatMap { try Faxbox.fetchOne(self, key: $0) }
        if job.direction == .inbound {
            recipients = (box?.notifications.inbound.emailTo ?? []) + policy.receivedTo
        } else {
            recipients = (job.options.notifyEmail ?? []) + (box?.notifications.outbound.emailTo ?? [])
        }
        var seen = Set<String>()
        recipients = recipients.filter { seen.insert($0.lowercased()).inserted }
        guard !recipients.isEmpty else { return }
        let snapshot = String(decoding: try JSONEncoder.spool.encode(job), as: UTF8.self)
        let list = String(decoding: try JSONEncoder().encode(recipients), as: UTF8.self)
        let messageID = "<\(job.id.rawValue).\(type.replacingOccurrences(of: "fax.", with: "")).\(now.spoolMillis)@\(policy.domain)>"
        try execute(sql: """
            INSERT INTO mail_deliveries (job_id, event, recipients, snapshot, message_id, next_at, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """, arguments: [job.id, type, list, snapshot, messageID, now.spoolMillis, now.spoolMillis])
    }
}
