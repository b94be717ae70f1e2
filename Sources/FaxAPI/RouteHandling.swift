// RouteHandling: what every route group shares — running a handler so that any error leaves as
// problem+json, and reading a small JSON body into a request type.

import FaxAPIModels
import Foundation
import Hummingbird

/// Runs a handler; any error leaves as problem+json (APIProblem).
func handle(_ body: () async throws -> Response) async throws -> Response {
    do {
        return try await body()
    } catch {
        throw APIProblem.from(error)
    }
}

/// A JSON body of at most `limit` bytes as `T`; anything else is a 400 naming the type.
func decodeJSON<T: Decodable>(_ type: T.Type, _ request: Request, limit: Int = 64 * 1024) async throws -> T {
    let body: ByteBuffer
    do { body = try await request.body.collect(upTo: limit) } catch { throw APIProblem.bodyTooLarge(limit) }
    do {
        return try APIJSON.decoder().decode(type, from: Data(buffer: body))
    } catch {
        throw APIProblem.badRequest("the body is not a valid \(T.self) (JSON): \(error)")
    }
}
