// FaxClient: a client of SwiftFax's REST API v1 — over faxd's Unix socket (local tools: faxctl)
// or TCP with an API key. One method per route; a refusal arrives as the server's
// ProblemResource, thrown.
//
//     let client = FaxClient(socketPath: "/run/swiftfax/faxd.sock")
//     let fax = try await client.submit(file: "letter.pdf", SubmitFaxRequest(to: "+15551234567"))

import AsyncHTTPClient
import FaxAPIModels
import Foundation
import NIOCore
import NIOHTTP1

public struct FaxClient: Sendable {
    public enum Endpoint: Sendable, Hashable {
        case unixSocket(String)
        case url(String)
    }

    public let endpoint: Endpoint
    public let apiKey: String?
    public var timeout: TimeAmount = .seconds(120)
    /// Give up at once when faxd cannot be connected to, instead of trying again until `timeout`
    /// (what a caller that has its own retry — an MTA running `faxctl mail-in` — wants).
    public var failFast = false

    public init(socketPath: String) {
        endpoint = .unixSocket(socketPath)
        apiKey = nil
    }

    public init(baseURL: String, apiKey: String?) {
        endpoint = .url(baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL)
        self.apiKey = apiKey
    }

    // MARK: faxes

    /// Uploads `document` (bytes) and submits the fax (multipart/form-data).
    public func submit(document: [UInt8], filename: String = "document", _ request: SubmitFaxRequest,
                       idempotencyKey: String? = nil) async throws -> FaxResource {
        let boundary = "swiftfax-" + UUID().uuidString
        var body = Data()
        func part(_ name: String, _ headers: String, _ content: Data) {
            body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\(headers)\r\n\r\n".utf8))
            body.append(content)
            body.append(Data("\r\n".utf8))
        }
        part("fax", "\r\nContent-Type: application/json", try APIJSON.encoder().encode(request))
        part("document", "; filename=\"\(filename)\"\r\nContent-Type: application/octet-stream", Data(document))
        body.append(Data("--\(boundary)--\r\n".utf8))
        var headers = ["Content-Type": "multipart/form-data; boundary=\(boundary)"]
        if let idempotencyKey { headers["Idempotency-Key"] = idempotencyKey }
        return try await decode(FaxResource.self, try await send(.POST, "/v1/faxes", body: [UInt8](body), headers: headers))
    }

    /// Reads a file and submits it.
    public func submit(file: String, _ request: SubmitFaxRequest, idempotencyKey: String? = nil) async throws -> FaxResource {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: file)))
        return try await submit(document: bytes, filename: (file as NSString).lastPathComponent, request, idempotencyKey: idempotencyKey)
    }

    /// Submits a fax whose document the server fetches from `request.documentURL`.
    public func submit(_ request: SubmitFaxRequest, idempotencyKey: String? = nil) async throws -> FaxResource {
        var headers = ["Content-Type": "application/json"]
        if let idempotencyKey { headers["Idempotency-Key"] = idempotencyKey }
        return try await decode(FaxResource.self, try await send(.POST, "/v1/faxes", body: [UInt8](try APIJSON.encoder().encode(request)), headers: headers))
    }

    public func list(states: [String] = [], direction: String? = nil, number: String? = nil, limit: Int? = nil,
                     cursor: String? = nil) async throws -> ListResource<FaxResource> {
        var query: [(String, String)] = []
        if !states.isEmpty { query.append(("state", states.joined(separator: ","))) }
        if let direction { query.append(("direction", direction)) }
        if let number { query.append(("number", number)) }
        if let limit { query.append(("limit", String(limit))) }
        if let cursor { query.append(("cursor", cursor)) }
        return try await decode(ListResource<FaxResource>.self, try await send(.GET, "/v1/faxes" + Self.queryString(query)))
    }

    public func inbox(limit: Int? = nil, cursor: String? = nil) async throws -> ListResource<FaxResource> {
        var query: [(String, String)] = []
        if let limit { query.append(("limit", String(limit))) }
        if let cursor { query.append(("cursor", cursor)) }
        return try await decode(ListResource<FaxResource>.self, try await send(.GET, "/v1/inbox" + Self.queryString(query)))
    }

    public func fax(_ id: String) async throws -> FaxResource {
        try await decode(FaxResource.self, try await send(.GET, "/v1/faxes/\(id)"))
    }

    public enum Action: String, Sendable, CaseIterable { case cancel, hold, resume, retry }

    public func perform(_ action: Action, _ id: String) async throws -> FaxResource {
        try await decode(FaxResource.self, try await send(.POST, "/v1/faxes/\(id)/\(action.rawValue)"))
    }

    public func resubmit(_ id: String, to: String? = nil) async throws -> FaxResource {
        let body = [UInt8](try APIJSON.encoder().encode(ResubmitRequest(to: to)))
        return try await decode(FaxResource.self, try await send(.POST, "/v1/faxes/\(id)/resubmit", body: body, headers: ["Content-Type": "application/json"]))
    }

    public func attempts(_ id: String) async throws -> [AttemptResource] {
        try await decode(ListResource<AttemptResource>.self, try await send(.GET, "/v1/faxes/\(id)/attempts")).data
    }

    public func sessionLog(_ id: String, attempt: Int) async throws -> String {
        String(decoding: try await send(.GET, "/v1/faxes/\(id)/attempts/\(attempt)/log"), as: UTF8.self)
    }

    public func events(_ id: String) async throws -> [EventResource] {
        try await decode(ListResource<EventResource>.self, try await send(.GET, "/v1/faxes/\(id)/events")).data
    }

    public func events(after sequence: Int64) async throws -> [EventResource] {
        try await eventFeed(after: sequence).data
    }

    /// One page of the global event feed: events after `sequence`, oldest first; pass the page's
    /// `nextCursor` back as `after` for the next.
    public func eventFeed(after sequence: Int64, limit: Int? = nil) async throws -> ListResource<EventResource> {
        var query: [(String, String)] = [("after", String(sequence))]
        if let limit { query.append(("limit", String(limit))) }
        return try await decode(ListResource<EventResource>.self, try await send(.GET, "/v1/events" + Self.queryString(query)))
    }

    /// kind: original | transmitted | received; format: pdf | tiff (ignored for the original).
    public func document(_ id: String, kind: String? = nil, format: String? = nil) async throws -> [UInt8] {
        var query: [(String, String)] = []
        if let kind { query.append(("kind", kind)) }
        if let format { query.append(("format", format)) }
        return try await send(.GET, "/v1/faxes/\(id)/document" + Self.queryString(query))
    }

    public func deleteDocument(_ id: String) async throws -> FaxResource {
        try await decode(FaxResource.self, try await send(.DELETE, "/v1/faxes/\(id)/document"))
    }

    public func delete(_ id: String) async throws {
        _ = try await send(.DELETE, "/v1/faxes/\(id)")
    }

    public func modems() async throws -> [ModemResource] {
        try await decode(ListResource<ModemResource>.self, try await send(.GET, "/v1/modems")).data
    }

    /// Modems plugged in, pulled out or found not to be modems, after `sequence`, oldest first.
    public func modemEvents(after sequence: Int64 = 0, limit: Int? = nil) async throws -> ListResource<ModemEventResource> {
        var query: [(String, String)] = [("after", String(sequence))]
        if let limit { query.append(("limit", String(limit))) }
        return try await decode(ListResource<ModemEventResource>.self, try await send(.GET, "/v1/modems/events" + Self.queryString(query)))
    }

    public func health() async throws -> Bool {
        (try? await send(.GET, "/v1/health")) != nil
    }

    // MARK: transport

    /// Sends a request; the body of a 2xx response, else the server's problem thrown.
    public func send(_ method: HTTPMethod, _ path: String, body: [UInt8]? = nil, headers: [String: String] = [:]) async throws -> [UInt8] {
        var request = HTTPClientRequest(url: url(path))
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let apiKey { request.headers.add(name: "Authorization", value: "Bearer \(apiKey)") }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await (failFast ? Self.failFastClient : HTTPClient.shared).execute(request, timeout: timeout)
        let bytes = [UInt8](try await response.body.collect(upTo: 512 << 20).readableBytesView)
        guard (200..<300).contains(response.status.code) else {
            if let problem = try? APIJSON.decoder().decode(ProblemResource.self, from: Data(bytes)) { throw problem }
            throw ProblemResource(title: "HTTP \(response.status.code)", status: Int(response.status.code),
                                  detail: String(decoding: bytes.prefix(500), as: UTF8.self), code: 0)
        }
        return bytes
    }

    /// A client that does not retry a connection that cannot be established.
    private static let failFastClient: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = .seconds(10)
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    private func url(_ path: String) -> String {
        switch endpoint {
        case .unixSocket(let socket): URL(httpURLWithSocketPath: socket, uri: path)!.absoluteString
        case .url(let base): base + path
        }
    }

    private func decode<T: Decodable>(_ type: T.Type, _ bytes: [UInt8]) async throws -> T {
        try APIJSON.decoder().decode(type, from: Data(bytes))
    }

    static func queryString(_ items: [(String, String)]) -> String {
        guard !items.isEmpty else { return "" }
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+")
        return "?" + items.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? $0.1)" }.joined(separator: "&")
    }
}
