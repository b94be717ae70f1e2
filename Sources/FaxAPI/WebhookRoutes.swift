// WebhookRoutes: /v1/webhooks — endpoints as a resource (the secret shown only when made or
// rotated), their delivery logs and redelivery, and a fax's deliveries. Deliveries themselves are
// WebhookDispatcher's.

import FaxAPIModels
import FaxServer
import Foundation
import Hummingbird
import Spool

struct WebhookRoutes: Sendable {
    let context: FaxServerContext

    func register(on router: Router<BasicRequestContext>) {
        let spool = context.spool
        let overlap = context.configuration.webhooks.rotationOverlap
        router.post("/v1/webhooks") { request, _ in
            try await handle {
                let body = try await decodeJSON(CreateWebhookRequest.self, request)
                let url = try Self.checkedURL(body.url)
                let types = try Self.checkedTypes(body.eventTypes ?? [])
                if let box = body.faxboxId, try await spool.faxboxIfAny(box) == nil {
                    throw APIProblem(.unprocessableContent, code: 4000, "Invalid request", detail: "no faxbox \(box)")
                }
                let endpoint = try await spool.createWebhook(url: url, description: String((body.description ?? "").prefix(500)),
                                                             eventTypes: types, faxboxID: body.faxboxId, secret: WebhookSignature.newSecret())
                return try JSONResponse.make(WebhookResource(endpoint, showingSecret: true), status: .created,
                                             headers: [.location: "/v1/webhooks/\(endpoint.id)"])
            }
        }
        router.get("/v1/webhooks") { _, _ in
            try await handle { try JSONResponse.make(ListResource(data: try await spool.webhooks().map { WebhookResource($0) })) }
        }
        router.get("/v1/webhooks/callback-secret") { _, _ in
            try await handle { try JSONResponse.make(CallbackSecretResource(secret: try await spool.callbackSecret())) }
        }
        router.get("/v1/webhooks/:id") { _, ctx in
            try await handle { try JSONResponse.make(WebhookResource(try await spool.webhook(webhookID(ctx)))) }
        }
        router.patch("/v1/webhooks/:id") { request, ctx in
            try await handle {
                let body = try await decodeJSON(PatchWebhookRequest.self, request)
                let change = WebhookChange(url: try body.url.map(Self.checkedURL), description: body.description.map { String($0.prefix(500)) },
                                           eventTypes: try body.eventTypes.map(Self.checkedTypes), enabled: body.enabled)
                return try JSONResponse.make(WebhookResource(try await spool.updateWebhook(webhookID(ctx), change)))
            }
        }
        router.delete("/v1/webhooks/:id") { _, ctx in
            try await handle {
                try await spool.deleteWebhook(webhookID(ctx))
                return Response(status: .noContent)
            }
        }
        router.post("/v1/webhooks/:id/rotate-secret") { _, ctx in
            try await handle {
                let endpoint = try await spool.rotateWebhookSecret(webhookID(ctx), to: WebhookSignature.newSecret(), overlap: overlap)
                return try JSONResponse.make(WebhookResource(endpoint, showingSecret: true))
            }
        }
        router.get("/v1/webhooks/:id/deliveries") { request, ctx in
            try await handle {
                let id = try webhookID(ctx)
                _ = try await spool.webhook(id)
                let limit = try APILimits.listLimit(request.uri.queryParameters.get("limit"), fallback: 100)
                return try JSONResponse.make(ListResource(data: try await spool.deliveries(webhook: id, limit: limit).map(WebhookDeliveryResource.init)))
            }
        }
        router.post("/v1/webhooks/:id/deliveries/:delivery/redeliver") { _, ctx in
            try await handle {
                guard let delivery = ctx.parameters.get("delivery").flatMap(Int64.init) else { throw APIProblem.notFound("no such delivery") }
                let created = try await spool.redeliver(delivery, webhook: webhookID(ctx))
                return try JSONResponse.make(WebhookDeliveryResource(created), status: .created)
            }
        }
        router.get("/v1/faxes/:id/deliveries") { _, ctx in
            try await handle {
                guard let text = ctx.parameters.get("id"), text.utf8.count == 26 else { throw APIProblem.notFound("no such fax") }
                let job = try await spool.job(JobID(text))
                return try JSONResponse.make(ListResource(data: try await spool.deliveries(job: job.id).map(WebhookDeliveryResource.init)))
            }
        }
    }

    /// An absolute http(s) URL with a host, at most 2 KB (where it points is checked at each delivery).
    static func checkedURL(_ text: String) throws -> String {
        guard text.utf8.count <= 2048, let url = URL(string: text), let scheme = url.scheme?.lowercased(),
              ["http", "https"].contains(scheme), let host = url.host, !host.isEmpty else {
            throw APIProblem.badRequest("url must be an absolute http or https URL")
        }
        return text
    }

    static func checkedTypes(_ types: [String]) throws -> [String] {
        let unknown = types.filter { !OutboxNotification.types.contains($0) }
        guard unknown.isEmpty else {
            throw APIProblem.badRequest("unknown event type(s) \(unknown.prefix(5).joined(separator: ", ")); known: \(OutboxNotification.types.joined(separator: ", "))")
        }
        return Array(Set(types)).sorted()
    }

    private func webhookID(_ ctx: BasicRequestContext) throws -> String {
        guard let id = ctx.parameters.get("id"), id.hasPrefix("wh_"), id.utf8.count <= 64 else { throw APIProblem.notFound("no such webhook endpoint") }
        return id
    }


}

extension WebhookResource {
    init(_ endpoint: WebhookEndpoint, showingSecret: Bool = false) {
        self.init(id: endpoint.id, url: endpoint.url, description: endpoint.description, eventTypes: endpoint.eventTypes,
                  enabled: endpoint.enabled, secret: showingSecret ? endpoint.secret : nil, disabledReason: endpoint.disabledReason,
                  createdAt: endpoint.createdAt, updatedAt: endpoint.updatedAt, faxboxId: endpoint.faxboxID,
                  faxId: endpoint.jobID?.rawValue, kind: endpoint.kind)
    }
}

extension WebhookDeliveryResource {
    init(_ d: WebhookDelivery) {
        self.init(id: d.id, webhookId: d.webhookID, sequence: d.notification, type: d.type, faxId: d.jobID?.rawValue,
                  state: d.state.rawValue, attempts: d.attempts, nextAttemptAt: d.state == .pending ? d.nextAt : nil,
                  createdAt: d.createdAt, deliveredAt: d.deliveredAt, lastAttemptAt: d.lastAt, lastStatus: d.lastStatus,
                  lastError: d.lastError, lastLatencyMs: d.lastLatencyMilliseconds, lastResponse: d.lastResponse)
    }
}
