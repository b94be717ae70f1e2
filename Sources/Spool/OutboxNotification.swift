// OutboxNotification: an event worth telling someone about — a fax moved (queued, dialing, sent,
// failed, held, resumed, retry scheduled; an inbound call ringing, received), a page was
// confirmed, a webhook endpoint was disabled — as a row of the `notifications` outbox written in
// the same transaction as the change itself, so a crash never loses one. It carries the job as it
// was at that moment (its JSON), numbered by a sequence that only goes up.

import Foundation
import GRDB

public struct OutboxNotification: Sendable, Hashable {
    /// Strictly increasing, never reused: the order events happened in.
    public var sequence: Int64
    public var jobID: JobID?
    /// `fax.queued`, `fax.page_confirmed`, `fax.inbound.received`, `webhook.disabled`…
    public var type: String
    /// The job at the moment of the event (FaxJob as JSON), or the event's own object.
    public var payload: String
    public var at: Date

    /// Every type a webhook endpoint may filter on.
    public static let types = [
        "fax.queued", "fax.scheduled", "fax.updated", "fax.held", "fax.resumed", "fax.dialing", "fax.sending", "fax.page_confirmed",
        "fax.retry_scheduled", "fax.sent", "fax.partial", "fax.failed", "fax.cancelled",
        "fax.inbound.receiving", "fax.inbound.page_received", "fax.inbound.received", "fax.inbound.failed",
        "webhook.disabled",
    ]

    /// The type of a state change of `job` (already in its new state) from `from`.
    static func type(of job: FaxJob, from: JobState?) -> String {
        let inbound = job.direction == .inbound
        switch job.state {
        case .queued, .scheduled:
            if from == .held { return "fax.resumed" }
            return job.state == .queued ? "fax.queued" : "fax.scheduled"
        case .held: return "fax.held"
        case .retryWait: return "fax.retry_scheduled"
        case .dialing: return "fax.dialing"
        case .sending: return "fax.sending"
        case .sent: return "fax.sent"
        case .partial: return "fax.partial"
        case .failed: return inbound ? "fax.inbound.failed" : "fax.failed"
        case .cancelled: return "fax.cancelled"
        case .receiving: return "fax.inbound.receiving"
        case .received: return "fax.inbound.received"
        }
    }
}

extension OutboxNotification: FetchableRecord {
    public init(row: Row) throws {
        sequence = row["seq"]
        jobID = (row["job_id"] as String?).map { JobID($0) }
        type = row["type"]
        payload = row["payload"]
        at = Date(spoolMillis: row["at"])
    }
}

extension Database {
    /// Records a notification of `type` about `job` (as it is now) and a pending delivery to every
    /// enabled endpoint that wants it — nothing when none does — and the mail it calls for
    /// (recordMail). Part of the caller's transaction.
    func recordNotification(_ type: String, job: FaxJob?, payload: String? = nil, at now: Date, excludingWebhook: String? = nil) throws {
        try recordMail(type, job: job, at: now)
        // Endpoints scoped to a box or a fax hear only about that box's or fax's jobs.
        let endpoints = try WebhookEndpoint.fetchAll(self, sql: """
            SELECT * FROM webhooks WHERE enabled = 1
              AND (job_id IS NULL OR job_id = ?) AND (faxbox_id IS NULL OR faxbox_id = ?)
            """, arguments: [job?.id, job?.faxboxID])
            .filter { $0.wants(type) && $0.id != excludingWebhook && (job == nil || $0.tenantID == nil || $0.tenantID == job?.tenantID) }
        guard !endpoints.isEmpty else { return }
        let body: String
        if let payload {
            body = payload
        } else if let job {
            body = String(decoding: try JSONEncoder.spool.encode(job), as: UTF8.self)
        } else {
            body = "{}"
        }
        try execute(sql: "INSERT INTO notifications (job_id, type, payload, at) VALUES (?, ?, ?, ?)",
                    arguments: [job?.id, type, body, now.spoolMillis])
        let sequence = lastInsertedRowID
        for endpoint in endpoints {
            try execute(sql: "INSERT INTO webhook_deliveries (webhook_id, notification_seq, next_at, created_at) VALUES (?, ?, ?, ?)",
                        arguments: [endpoint.id, sequence, now.spoolMillis, now.spoolMillis])
        }
    }
}

extension JSONEncoder {
    /// Snapshots of jobs in notifications: dates as milliseconds, keys sorted (stable bytes).
    static var spool: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .millisecondsSince1970
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }
}

extension JSONDecoder {
    /// Reads the job snapshots of notifications.
    public static var spoolSnapshot: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        return decoder
    }
}
