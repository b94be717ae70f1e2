// WebhookEndpoint and WebhookDelivery: where notifications go (a URL with its secret, the event
// types it wants, enabled or disabled and why) and each try at telling one endpoint one
// notification (pending, delivered or failed; attempts, the next time, the last response).

import Foundation
import GRDB

public struct WebhookEndpoint: Sendable, Hashable {
    public var id: String
    public var url: String
    public var description: String
    /// The types it wants; empty: every type.
    public var eventTypes: [String]
    public var enabled: Bool
    /// `whsec_` + base64 of the key (Standard Webhooks).
    public var secret: String
    /// The secret before the last rotation, still signed with until `previousSecretUntil`.
    public var previousSecret: String?
    public var previousSecretUntil: Date?
    public var tenantID: String?
    /// Why faxd disabled it (failing for the whole retry window); nil when a person did, or enabled.
    public var disabledReason: String?
    /// "endpoint" (made through /v1/webhooks), "faxbox" (a box's callback URL) or "callback" (one
    /// fax's callback_url).
    public var kind: String
    /// Only this box's faxes (nil: every box's).
    public var faxboxID: String?
    /// Only this fax (a fax's callback_url).
    public var jobID: JobID?
    public var createdAt: Date
    public var updatedAt: Date

    public func wants(_ type: String) -> Bool { eventTypes.isEmpty || eventTypes.contains(type) }

    /// The secrets to sign with at `now`: the current one, and the previous one while it lasts.
    public func signingSecrets(at now: Date) -> [String] {
        guard let previousSecret, let until = previousSecretUntil, until > now else { return [secret] }
        return [secret, previousSecret]
    }
}

extension WebhookEndpoint: FetchableRecord {
    public init(row: Row) throws {
        id = row["id"]
        url = row["url"]
        description = row["description"]
        eventTypes = row.stringList("event_types")
        enabled = row["enabled"]
        secret = row["secret"]
        previousSecret = row["previous_secret"]
        previousSecretUntil = (row["previous_secret_until"] as Int64?).map { Date(spoolMillis: $0) }
        tenantID = row["tenant_id"]
        disabledReason = row["disabled_reason"]
        kind = row["kind"]
        faxboxID = row["faxbox_id"]
        jobID = (row["job_id"] as String?).map { JobID($0) }
        createdAt = Date(spoolMillis: row["created_at"])
        updatedAt = Date(spoolMillis: row["updated_at"])
    }
}

public struct WebhookDelivery: Sendable, Hashable {
    public enum State: String, Sendable, Hashable, Codable {
        case pending, delivered, failed
    }

    public var id: Int64
    public var webhookID: String
    public var notification: Int64
    public var state: State
    public var attempts: Int
    public var nextAt: Date
    public var createdAt: Date
    public var deliveredAt: Date?
    public var lastAt: Date?
    /// The HTTP status of the last try (nil: no response — refused, timed out, not allowed).
    public var lastStatus: Int?
    public var lastError: String?
    public var lastLatencyMilliseconds: Int?
    /// The start of the last response's body (at most 1 KB).
    public var lastResponse: String?
    /// Filled by the queries that join the notification.
    public var type: String?
    public var jobID: JobID?
}

extension WebhookDelivery: FetchableRecord {
    public init(row: Row) throws {
        id = row["id"]
        webhookID = row["webhook_id"]
        notification = row["notification_seq"]
        state = State(rawValue: row["state"]) ?? .pending
        attempts = row["attempts"]
        nextAt = Date(spoolMillis: row["next_at"])
        createdAt = Date(spoolMillis: row["created_at"])
        deliveredAt = (row["delivered_at"] as Int64?).map { Date(spoolMillis: $0) }
        lastAt = (row["last_at"] as Int64?).map { Date(spoolMillis: $0) }
        lastStatus = row["last_status"]
        lastError = row["last_error"]
        lastLatencyMilliseconds = row["last_latency_ms"]
        lastResponse = row["last_response"]
        type = row.hasColumn("type") ? row["type"] : nil
        jobID = row.hasColumn("job_id") ? (row["job_id"] as String?).map { JobID($0) } : nil
    }
}

/// What to change on an endpoint (nil: leave).
public struct WebhookChange: Sendable, Hashable {
    public var url: String?
    public var description: String?
    public var eventTypes: [String]?
    public var enabled: Bool?

    public init(url: String? = nil, description: String? = nil, eventTypes: [String]? = nil, enabled: Bool? = nil) {
        self.url = url
        self.description = description
        self.eventTypes = eventTypes
        self.enabled = enabled
    }
}

/// How one try at a delivery ended.
public struct DeliveryTry: Sendable, Hashable {
    public var status: Int?
    public var error: String?
    public var latencyMilliseconds: Int
    public var response: String?

    public init(status: Int?, error: String?, latencyMilliseconds: Int, response: String?) {
        self.status = status
        self.error = error
        self.latencyMilliseconds = latencyMilliseconds
        self.response = response.map { String($0.prefix(1024)) }
    }

    /// 2xx is delivered; anything else is tried again.
    public var succeeded: Bool { status.map { (200..<300).contains($0) } ?? false }
}
