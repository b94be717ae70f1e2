// APIKeyMiddleware: on TCP every request but GET /v1/health needs `Authorization: Bearer <key>`
// matching one of the configured keys (compared in constant time); metrics.key opens /metrics only. The key's name goes into the
// request's log metadata; the key itself is never logged.

import FaxServer
import Hummingbird
import Logging

struct APIKeyMiddleware<Context: RequestContext>: RouterMiddleware {
    let keys: [APIKey]
    /// A key that reads GET /metrics and nothing else (metrics.key).
    var metricsKey: String? = nil

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if request.uri.path == "/v1/health" { return try await next(request, context) }
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") else {
            return try APIProblem.unauthorized.response(from: request, context: context)
        }
        let presented = Array(header.dropFirst(7).trimmingCharacters(in: .whitespaces).utf8)
        // Every key is compared in full, so the time taken says nothing about which key (if any) matched.
        var match: APIKey?
        for key in keys where ConstantTime.equal(Array(key.key.utf8), presented) && match == nil { match = key }
        if match == nil, request.uri.path == "/metrics", let metricsKey, ConstantTime.equal(Array(metricsKey.utf8), presented) {
            match = APIKey(name: "metrics", key: metricsKey)
        }
        guard let key = match else {
            return try APIProblem.unauthorized.response(from: request, context: context)
        }
        var context = context
        context.logger[metadataKey: "api_key"] = "\(key.name)"
        return try await next(request, context)
    }
}

enum ConstantTime {
    /// True when `presented` is exactly `secret`: same length (compared in full, not a low byte
    /// of it) and same bytes. Every byte of `presented` is looked at whatever happens, and nothing
    /// else, so the time depends on the presented length only — not on where the first difference
    /// is, and not on the secret's length.
    static func equal(_ secret: [UInt8], _ presented: [UInt8]) -> Bool {
        guard !secret.isEmpty else { return presented.isEmpty }
        var difference = UInt(bitPattern: secret.count ^ presented.count)
        for i in presented.indices {
            difference |= UInt(secret[i % secret.count] ^ presented[i])
        }
        return difference == 0
    }
}
