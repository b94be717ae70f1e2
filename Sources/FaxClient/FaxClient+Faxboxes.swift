// FaxClient+Faxboxes: faxboxes and their inboxes, changing a waiting fax, one attempt as JSON,
// a search by several ids with history, and the callback secret (FaxboxResources).

import FaxAPIModels
import Foundation
import NIOHTTP1

extension FaxClient {
    public func createFaxbox(_ request: FaxboxRequest) async throws -> FaxboxResource {
        try await sendJSON(.POST, "/v1/faxboxes", request)
    }

    public func faxboxes() async throws -> [FaxboxResource] {
        try APIJSON.decoder().decode(ListResource<FaxboxResource>.self, from: Data(try await send(.GET, "/v1/faxboxes"))).data
    }

    public func faxbox(_ id: String) async throws -> FaxboxResource {
        try APIJSON.decoder().decode(FaxboxResource.self, from: Data(try await send(.GET, "/v1/faxboxes/\(id)")))
    }

    public func updateFaxbox(_ id: String, _ request: FaxboxRequest) async throws -> FaxboxResource {
        try await sendJSON(.PATCH, "/v1/faxboxes/\(id)", request)
    }

    public func deleteFaxbox(_ id: String) async throws {
        _ = try await send(.DELETE, "/v1/faxboxes/\(id)")
    }

    public func faxboxInbox(_ id: String, limit: Int? = nil, cursor: String? = nil) async throws -> ListResource<FaxResource> {
        var query: [(String, String)] = []
        if let limit { query.append(("limit", "\(limit)")) }
        if let cursor { query.append(("cursor", cursor)) }
        let path = "/v1/faxboxes/\(id)/inbox" + Self.queryString(query)
        return try APIJSON.decoder().decode(ListResource<FaxResource>.self, from: Data(try await send(.GET, path)))
    }

    /// Changes a fax that has not gone out yet.
    public func modify(_ id: String, _ request: PatchFaxRequest) async throws -> FaxResource {
        try await sendJSON(.PATCH, "/v1/faxes/\(id)", request)
    }

    public func attempt(_ id: String, number: Int) async throws -> AttemptResource {
        try APIJSON.decoder().decode(AttemptResource.self, from: Data(try await send(.GET, "/v1/faxes/\(id)/attempts/\(number)")))
    }

    /// Several faxes by id at once, each with its state changes when `history`.
    public func search(ids: [String], history: Bool = false) async throws -> [FaxResource] {
        var query = [("id", ids.joined(separator: ","))]
        if history { query.append(("include", "history")) }
        let path = "/v1/faxes" + Self.queryString(query)
        return try APIJSON.decoder().decode(ListResource<FaxResource>.self, from: Data(try await send(.GET, path))).data
    }

    public func callbackSecret() async throws -> String {
        try APIJSON.decoder().decode(CallbackSecretResource.self, from: Data(try await send(.GET, "/v1/webhooks/callback-secret"))).secret
    }
}

// MARK: files and fan-out

extension FaxClient {
    /// Uploads a document to send later by id (the raw bytes as the body).
    public func uploadFile(_ bytes: [UInt8], name: String) async throws -> FileResource {
        let path = "/v1/files" + Self.queryString([("name", name)])
        return try APIJSON.decoder().decode(FileResource.self, from: Data(
            try await send(.POST, path, body: bytes, headers: ["Content-Type": "application/octet-stream"])))
    }

    public func files() async throws -> [FileResource] {
        try APIJSON.decoder().decode(ListResource<FileResource>.self, from: Data(try await send(.GET, "/v1/files"))).data
    }

    public func deleteFile(_ id: String) async throws {
        _ = try await send(.DELETE, "/v1/files/\(id)")
    }

    /// Submits one fax per recipient of `request.recipients` (JSON: with a file_id or document_url).
    public func submitMany(_ request: SubmitFaxRequest, idempotencyKey: String? = nil) async throws -> [FaxResource] {
        var headers = ["Content-Type": "application/json"]
        if let idempotencyKey { headers["Idempotency-Key"] = idempotencyKey }
        let answer = try await send(.POST, "/v1/faxes", body: [UInt8](try APIJSON.encoder().encode(request)), headers: headers)
        return try APIJSON.decoder().decode(ListResource<FaxResource>.self, from: Data(answer)).data
    }
}

extension FaxClient {
    /// A sent fax's confirmation report (one PDF page).
    public func report(_ id: String) async throws -> [UInt8] {
        try await send(.GET, "/v1/faxes/\(id)/report")
    }
}
