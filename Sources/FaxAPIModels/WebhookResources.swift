// WebhookResources: the JSON shapes of webhook endpoints and their deliveries (docs/webhooks.md).
//   POST   /webhooks                         create: {url, description?, event_types?, faxbox_id?}; the secret is shown once
//   GET    /webhooks/callback-secret         the secret that signs faxbox and per-fax callbacks
//   GET    /webhooks                         every endpoint (no secrets)
//   GET    /webhooks/{id}                    one endpoint
//   PATCH  /webhooks/{id}                    {url?, description?, event_types?, enabled?}
//   DELETE /webhooks/{id}
//   POST   /webhooks/{id}/rotate-secret      a new secret (shown once); the old one signs too for a while
//   GET    /webhooks/{id}/deliveries         the endpoint's delivery log, newest first
//   POST   /webhooks/{id}/deliveries/{d}/redeliver
//   GET    /faxes/{id}/deliveries            one fax's deliveries to every endpoint

import Foundation

public struct WebhookResource: Codable, Sendable, Hashable {
    public var id: String
    public var url: String
    public var description: String
    /// Empty: every type.
    public var eventTypes: [String]
    public var enabled: Bool
    /// Only in the answers to create and rotate-secret.
    public var secret: String?
    /// Why faxd disabled it (it failed for the whole retry window).
    public var disabledReason: String?
    public var createdAt: Date
    public var updatedAt: Date
    /// Only this faxbox's faxes.
    public var faxboxId: String?
    /// Only this fax (its callback_url).
    public var faxId: String?
    /// "endpoint", "faxbox" (a box's callback URL) or "callback" (a fax's callback_url).
    public var kind: String?

    public init(id: String, url: String, description: String, eventTypes: [String], enabled: Bool, secret: String? = nil,
                disabledReason: String? = nil, createdAt: Date, updatedAt: Date, faxboxId: String? = nil, faxId: String? = nil,
                kind: String? = nil) {
        self.faxboxId = faxboxId
        self.faxId = faxId
        self.kind = kind
        self.id = id
        self.url = url
        self.description = description
        self.eventTypes = eventTypes
        self.enabled = enabled
        self.secret = secret
        self.disabledReason = disabledReason
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

public struct CreateWebhookRequest: Codable, Sendable, Hashable {
    public var url: String
    public var description: String?
    public var eventTypes: [String]?
    /// Only this faxbox's faxes.
    public var faxboxId: String?

    public init(url: String, description: String? = nil, eventTypes: [String]? = nil, faxboxId: String? = nil) {
        self.faxboxId = faxboxId
        self.url = url
        self.description = description
        self.eventTypes = eventTypes
    }
}

public struct PatchWebhookRequest: Codable, Sendable, Hashable {
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

public struct WebhookDeliveryResource: Codable, Sendable, Hashable {
    public var id: Int64
    public var webhookId: String
    /// The event's sequence number (its `webhook-id` is `msg_<sequence>`).
    public var sequence: Int64
    public var type: String?
    public var faxId: String?
    /// pending | delivered | failed
    public var state: String
    public var attempts: Int
    public var nextAttemptAt: Date?
    public var createdAt: Date
    public var deliveredAt: Date?
    public var lastAttemptAt: Date?
    public var lastStatus: Int?
    public var lastError: String?
    public var lastLatencyMs: Int?
    /// The start (1 KB) of the last response's body.
    public var lastResponse: String?

    public init(id: Int64, webhookId: String, sequence: Int64, type: String?, faxId: String?, state: String, attempts: Int,
                nextAttemptAt: Date?, createdAt: Date, deliveredAt: Date?, lastAttemptAt: Date?, lastStatus: Int?,
                lastError: String?, lastLatencyMs: Int?, lastResponse: String?) {
        self.id = id
        self.webhookId = webhookId
        self.sequence = sequence
        self.type = type
        self.faxId = faxId
        self.state = state
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.createdAt = createdAt
        self.deliveredAt = deliveredAt
        self.lastAttemptAt = lastAttemptAt
        self.lastStatus = lastStatus
        self.lastError = lastError
        self.lastLatencyMs = lastLatencyMs
        self.lastResponse = lastResponse
    }
}
