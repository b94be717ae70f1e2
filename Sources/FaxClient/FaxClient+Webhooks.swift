// FaxClient+Webhooks: the webhook endpoints and their deliveries (WebhookResources).

import FaxAPIModels
import NIOHTTP1
import Foundation

extension FaxClient {
    public func createWebhook(_ request: CreateWebhookRequest) async throws -> WebhookResource {
        try await sendJSON(.POST, "/v1/webhooks", request)
    }

    public func webhooks() async throws -> [WebhookResource] {
        try APIJSON.decoder().decode(ListResource<WebhookResource>.self, from: Data(try await send(.GET, "/v1/webhooks"))).data
    }

    public func updateWebhook(_ id: String, _ request: PatchWebhookRequest) async throws -> WebhookResource {
        try await sendJSON(.PATCH, "/v1/webhooks/\(id)", request)
    }

    public func deleteWebhook(_ id: String) async throws {
        _ = try await send(.DELETE, "/v1/webhooks/\(id)")
    }

    public func rotateWebhookSecret(_ id: String) async throws -> WebhookResource {
        try APIJSON.decoder().decode(WebhookResource.self, from: Data(try await send(.POST, "/v1/webhooks/\(id)/rotate-secret")))
    }

    public func webhookDeliveries(_ id: String, limit: Int? = nil) async throws -> [WebhookDeliveryResource] {
        let path = "/v1/webhooks/\(id)/deliveries" + Self.queryString(limit.map { [("limit", "\($0)")] } ?? [])
        return try APIJSON.decoder().decode(ListResource<WebhookDeliveryResource>.self, from: Data(try await send(.GET, path))).data
    }

    public func redeliver(_ delivery: Int64, webhook: String) async throws -> WebhookDeliveryResource {
        try APIJSON.decoder().decode(WebhookDeliveryResource.self,
                                     from: Data(try await send(.POST, "/v1/webhooks/\(webhook)/deliveries/\(delivery)/redeliver")))
    }

    public func faxDeliveries(_ id: String) async throws -> [WebhookDeliveryResource] {
        try APIJSON.decoder().decode(ListResource<WebhookDeliveryResource>.self, from: Data(try await send(.GET, "/v1/faxes/\(id)/deliveries"))).data
    }

    func sendJSON<Body: Encodable, Answer: Decodable>(_ method: HTTPMethod, _ path: String, _ body: Body) async throws -> Answer {
        let bytes = [UInt8](try APIJSON.encoder().encode(body))
        let answer = try await send(method, path, body: bytes, headers: ["Content-Type": "application/json"])
        return try APIJSON.decoder().decode(Answer.self, from: Data(answer))
    }
}
