// Spool+Gauges: counts of what is in the spool right now, for metrics read at scrape time — jobs
// by direction and state, and the webhook backlog (pending deliveries, the oldest one's age,
// endpoints disabled).

import Foundation
import GRDB

public struct JobCount: Sendable, Hashable {
    public var direction: JobDirection
    public var state: JobState
    public var count: Int
}

public struct WebhookBacklog: Sendable, Hashable {
    public var pending: Int
    /// When the oldest pending delivery's event happened.
    public var oldestPending: Date?
    public var disabledEndpoints: Int
}

extension Spool {
    public func jobCounts() async throws(SpoolError) -> [JobCount] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT direction, state, count(*) AS n FROM jobs GROUP BY direction, state").compactMap { row in
                guard let direction = JobDirection(rawValue: row["direction"]), let state = JobState(rawValue: row["state"]) else { return nil }
                return JobCount(direction: direction, state: state, count: row["n"])
            }
        }
    }

    public func webhookBacklog() async throws(SpoolError) -> WebhookBacklog {
        try await read { db in
            let pending = try Row.fetchOne(db, sql: "SELECT count(*) AS n, min(created_at) AS oldest FROM webhook_deliveries WHERE state = 'pending'")
            let disabled = try Int.fetchOne(db, sql: "SELECT count(*) FROM webhooks WHERE enabled = 0") ?? 0
            return WebhookBacklog(pending: pending?["n"] ?? 0, oldestPending: (pending?["oldest"] as Int64?).map { Date(spoolMillis: $0) },
                                  disabledEndpoints: disabled)
        }
    }
}
