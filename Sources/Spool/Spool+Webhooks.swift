// Spool+Webhooks: webhook endpoints (create, list, change, rotate the secret, delete) and their
// deliveries — each endpoint's next due delivery (its oldest pending one: an endpoint hears its
// notifications in order), the end of a try (delivered, tried again later, or failed for good and
// the endpoint disabled), the delivery log, and redelivery.

import Foundation
import GRDB

extension Spool {
    /// A new endpoint; with `faxboxID` it hears only about that box's faxes.
    public func createWebhook(url: String, description: String = "", eventTypes: [String] = [], tenantID: String? = nil,
                              faxboxID: String? = nil, secret: String) async throws(SpoolError) -> WebhookEndpoint {
        let now = self.now
        let id = "wh_" + newID(at: now).rawValue
        let types = String(decoding: (try? JSONEncoder().encode(eventTypes)) ?? Data("[]".utf8), as: UTF8.self)
        return try await write { db in
            if let faxboxID { _ = try db.faxbox(faxboxID) }
            try db.execute(sql: """
                INSERT INTO webhooks (id, url, description, event_types, secret, tenant_id, faxbox_id, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [id, url, description, types, secret, tenantID, faxboxID, now.spoolMillis, now.spoolMillis])
            return try db.webhook(id)
        }
    }

    public func webhooks(tenantID: String? = nil) async throws(SpoolError) -> [WebhookEndpoint] {
        try await read { db in
            try WebhookEndpoint.fetchAll(db, sql: """
                SELECT * FROM webhooks WHERE kind = 'endpoint' AND (? IS NULL OR tenant_id = ?) ORDER BY created_at, id
                """, arguments: [tenantID, tenantID])
        }
    }

    public func webhook(_ id: String) async throws(SpoolError) -> WebhookEndpoint {
        try await read { db in try db.webhook(id) }
    }

    public func updateWebhook(_ id: String, _ change: WebhookChange) async throws(SpoolError) -> WebhookEndpoint {
        let now = self.now
        return try await write { db in
            _ = try db.webhook(id)
            if let url = change.url { try db.execute(sql: "UPDATE webhooks SET url = ? WHERE id = ?", arguments: [url, id]) }
            if let description = change.description {
                try db.execute(sql: "UPDATE webhooks SET description = ? WHERE id = ?", arguments: [description, id])
            }
            if let types = change.eventTypes {
                let text = String(decoding: (try? JSONEncoder().encode(types)) ?? Data("[]".utf8), as: UTF8.self)
                try db.execute(sql: "UPDATE webhooks SET event_types = ? WHERE id = ?", arguments: [text, id])
            }
            if let enabled = change.enabled {
                // Enabling again clears faxd's reason; what failed for good stays failed (redeliver).
                try db.execute(sql: "UPDATE webhooks SET enabled = ?, disabled_reason = NULL WHERE id = ?", arguments: [enabled, id])
            }
            try db.execute(sql: "UPDATE webhooks SET updated_at = ? WHERE id = ?", arguments: [now.spoolMillis, id])
            return try db.webhook(id)
        }
    }

    /// A new secret; the old one still signs (a second signature) for `overlap`.
    public func rotateWebhookSecret(_ id: String, to secret: String, overlap: TimeInterval) async throws(SpoolError) -> WebhookEndpoint {
        let now = self.now
        return try await write { db in
            let endpoint = try db.webhook(id)
            try db.execute(sql: """
                UPDATE webhooks SET secret = ?, previous_secret = ?, previous_secret_until = ?, updated_at = ? WHERE id = ?
                """, arguments: [secret, endpoint.secret, now.addingTimeInterval(overlap).spoolMillis, now.spoolMillis, id])
            return try db.webhook(id)
        }
    }

    public func deleteWebhook(_ id: String) async throws(SpoolError) {
        try await write { db in
            _ = try db.webhook(id)
            try db.execute(sql: "DELETE FROM webhook_deliveries WHERE webhook_id = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM webhooks WHERE id = ?", arguments: [id])
            // Notifications no delivery needs any more.
            try db.execute(sql: "DELETE FROM notifications WHERE seq NOT IN (SELECT notification_seq FROM webhook_deliveries)")
        }
    }

    /// For each enabled endpoint whose oldest pending delivery is due at `now`: that delivery and
    /// up to `batch - 1` more of its pending ones, in order (with their notifications). An endpoint
    /// whose head is not due waits: later notifications never pass it.
    public func dueBatches(endpoints limit: Int = 64, batch: Int = 32) async throws(SpoolError)
        -> [(WebhookEndpoint, [(WebhookDelivery, OutboxNotification)])] {
        let now = self.now
        return try await read { db in
            let heads = try WebhookDelivery.fetchAll(db, sql: """
                SELECT d.* FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
                WHERE w.enabled = 1 AND d.id = (SELECT min(id) FROM webhook_deliveries WHERE webhook_id = w.id AND state = 'pending')
                  AND d.next_at <= ?
                ORDER BY d.next_at LIMIT ?
                """, arguments: [now.spoolMillis, limit])
            return try heads.map { head in
                // Each delivery with its notification, in one query (the columns do not clash).
                let rows = try Row.fetchAll(db, sql: """
                    SELECT d.*, n.seq, n.job_id, n.type, n.payload, n.at
                    FROM webhook_deliveries d JOIN notifications n ON n.seq = d.notification_seq
                    WHERE d.webhook_id = ? AND d.state = 'pending' AND d.id >= ? AND d.next_at <= ?
                    ORDER BY d.id LIMIT ?
                    """, arguments: [head.webhookID, head.id, now.spoolMillis, batch])
                let items = try rows.map { row in (try WebhookDelivery(row: row), try OutboxNotification(row: row)) }
                return (try db.webhook(head.webhookID), items)
            }
        }
    }

    /// `dueBatches` flattened to single deliveries (each endpoint's head).
    public func dueDeliveries(limit: Int = 64) async throws(SpoolError) -> [(WebhookEndpoint, WebhookDelivery, OutboxNotification)] {
        try await dueBatches(endpoints: limit, batch: 1).compactMap { endpoint, items in items.first.map { (endpoint, $0.0, $0.1) } }
    }

    /// One try's end, to record: delivered on 2xx; otherwise pending again at `retryAt`, or —
    /// with no retry left (`retryAt` nil) — failed, and the endpoint disabled with `disableReason`
    /// (a `webhook.disabled` notification tells the other endpoints).
    public struct TryRecord: Sendable {
        public var delivery: Int64
        public var result: DeliveryTry
        public var retryAt: Date?
        public var disableReason: String

        public init(delivery: Int64, result: DeliveryTry, retryAt: Date?, disableReason: String) {
            self.delivery = delivery
            self.result = result
            self.retryAt = retryAt
            self.disableReason = disableReason
        }
    }

    /// Records tries, all in one transaction (one commit for a batch of deliveries), not waiting
    /// for the disk: a try lost to a power failure is made again (at least once).
    public func finishDeliveryTries(_ records: [TryRecord]) async throws(SpoolError) {
        let now = self.now
        try await writeRelaxed { db in
            for record in records { try db.finishDeliveryTry(record, at: now) }
        }
    }

    /// The delivery log of an endpoint (newest first), or of a fax across endpoints.
    public func deliveries(webhook: String? = nil, job: JobID? = nil, limit: Int = 100) async throws(SpoolError) -> [WebhookDelivery] {
        try await read { db in
            try WebhookDelivery.fetchAll(db, sql: """
                SELECT d.*, n.type, n.job_id FROM webhook_deliveries d JOIN notifications n ON n.seq = d.notification_seq
                WHERE (? IS NULL OR d.webhook_id = ?) AND (? IS NULL OR n.job_id = ?)
                ORDER BY d.id DESC LIMIT ?
                """, arguments: [webhook, webhook, job, job, limit])
        }
    }

    /// Sends a delivery again (a new pending delivery of the same notification, after whatever the
    /// endpoint still has pending).
    public func redeliver(_ id: Int64, webhook: String) async throws(SpoolError) -> WebhookDelivery {
        let now = self.now
        return try await write { db in
            guard let old = try WebhookDelivery.fetchOne(db, sql: "SELECT * FROM webhook_deliveries WHERE id = ? AND webhook_id = ?",
                                                         arguments: [id, webhook]) else {
                throw SpoolError.invalidRequest("webhook \(webhook) has no delivery \(id)")
            }
            try db.execute(sql: "INSERT INTO webhook_deliveries (webhook_id, notification_seq, next_at, created_at) VALUES (?, ?, ?, ?)",
                           arguments: [webhook, old.notification, now.spoolMillis, now.spoolMillis])
            let newID = db.lastInsertedRowID
            guard let created = try WebhookDelivery.fetchOne(db, sql: """
                SELECT d.*, n.type, n.job_id FROM webhook_deliveries d JOIN notifications n ON n.seq = d.notification_seq WHERE d.id = ?
                """, arguments: [newID]) else { throw SpoolError.storage("redelivery vanished") }
            return created
        }
    }
}

extension Database {
    func finishDeliveryTry(_ record: Spool.TryRecord, at now: Date) throws {
        let (id, result, retryAt) = (record.delivery, record.result, record.retryAt)
        guard let delivery = try WebhookDelivery.fetchOne(self, sql: "SELECT * FROM webhook_deliveries WHERE id = ?", arguments: [id]) else {
            throw SpoolError.invalidRequest("no delivery \(id)")
        }
        let state: WebhookDelivery.State = result.succeeded ? .delivered : (retryAt == nil ? .failed : .pending)
        try execute(sql: """
            UPDATE webhook_deliveries SET state = ?, attempts = attempts + 1, next_at = ?, last_at = ?, last_status = ?,
                last_error = ?, last_latency_ms = ?, last_response = ?, delivered_at = ? WHERE id = ?
            """, arguments: [state.rawValue, (retryAt ?? now).spoolMillis, now.spoolMillis, result.status, result.error,
                             result.latencyMilliseconds, result.response, result.succeeded ? now.spoolMillis : nil, id])
        guard state == .failed else { return }
        let endpoint = try webhook(delivery.webhookID)
        try execute(sql: "UPDATE webhooks SET enabled = 0, disabled_reason = ?, updated_at = ? WHERE id = ?",
                    arguments: [record.disableReason, now.spoolMillis, endpoint.id])
        let payload = String(decoding: (try? JSONSerialization.data(
            withJSONObject: ["id": endpoint.id, "url": endpoint.url, "reason": record.disableReason], options: [.sortedKeys])) ?? Data(), as: UTF8.self)
        try recordNotification("webhook.disabled", job: nil, payload: payload, at: now, excludingWebhook: endpoint.id)
    }

    func webhook(_ id: String) throws -> WebhookEndpoint {
        guard let endpoint = try WebhookEndpoint.fetchOne(self, sql: "SELECT * FROM webhooks WHERE id = ?", arguments: [id]) else {
            throw SpoolError.webhookNotFound(id)
        }
        return endpoint
    }
}
