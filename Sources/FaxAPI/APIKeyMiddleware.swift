// APIKeyMiddleware: on TCP every request but GET /v1/health needs `Authorization: Bearer <key>`
// matching one of the configured keys (compared in constant time). The key's name goes into the
// request's log metadata; the key itself is never logged.

import FaxServer
import Hummingbird
import Logging

struct APIKeyMiddleware<Context: RequestContext>: RouterMiddleware {
    let keys: [APIKey]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if request.uri.path == "/v1/health" { return try await next(request, context) }
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") else {
            return try APIProblem.unauthorized.response(from: request, context: context)
        }
        let presented = Array(header.dropFirst(7).trimmingCharacters(in: .whitespaces).utf8)
        guard let key = keys.first(where: { ConstantTime.equal(Array($0.key.utf8), presented) }) else {
            return try APIProblem.unauthorized.response(from: request, context: context)
        }
        var context = context
        context.logger[metadataKey: "api_key"] = "\(key.name)"
        return try await next(request, context)
    }
}

enum ConstantTime {
    /// Equal bytes, in time that depends on the lengths only.
    static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference = UInt8(truncatingIfNeeded: a.count ^ b.count)
        for i in 0..<max(a.count, b.count) {
            difference |= (i < a.count ? a[i] : 0) ^ (i < b.count ? b[i] : 0)
        }
        return difference == 0
    }
}
