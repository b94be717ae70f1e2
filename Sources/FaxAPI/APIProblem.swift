// APIProblem: every refusal or failure of the REST API as RFC 9457 problem details
// (`application/problem+json`) with SwiftFax's stable `code` — request errors 40xx (docs/api.md;
// 4001/4002 for destinations, from FaxServer's DestinationPolicy), document errors 42xx, busy 5030
// (503, try again), internal 5300 — mapped from the spool's and document layer's errors.

import FaxAPIModels
import FaxDocuments
import FaxServer
import Foundation
import HTTPTypes
import Hummingbird
import Spool

struct APIProblem: HTTPResponseError, Sendable {
    let status: HTTPResponse.Status
    let code: Int
    let title: String
    let detail: String?
    var headers: HTTPFields = [:]

    init(_ status: HTTPResponse.Status, code: Int, _ title: String, detail: String? = nil) {
        self.status = status
        self.code = code
        self.title = title
        self.detail = detail
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = ProblemResource(type: "https://swiftfax.dev/problems/\(code)", title: title, status: Int(status.code),
                                   detail: detail, code: code)
        var fields = headers
        fields[.contentType] = "application/problem+json"
        let data = try APIJSON.encoder().encode(body)
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func badRequest(_ detail: String) -> APIProblem { APIProblem(.badRequest, code: 4000, "Bad request", detail: detail) }
    static func invalidNumber(_ detail: String) -> APIProblem {
        APIProblem(.unprocessableContent, code: 4001, "Not a phone number", detail: detail)
    }
    static func destinationNotAllowed(_ detail: String) -> APIProblem {
        APIProblem(.unprocessableContent, code: 4002, "Destination not allowed", detail: detail)
    }

    /// 4001 for a number that cannot exist, 4002 for an emergency number or one the site's policy refuses.
    static func from(_ refusal: DestinationRefusal) -> APIProblem {
        refusal.kind == .invalid ? .invalidNumber(refusal.reason) : .destinationNotAllowed(refusal.reason)
    }
    static let unauthorized: APIProblem = {
        var problem = APIProblem(.unauthorized, code: 4010, "API key required",
                                 detail: "send Authorization: Bearer <key>; keys are configured in faxd.yaml (api.keys)")
        problem.headers[.wwwAuthenticate] = "Bearer realm=\"swiftfax\""
        return problem
    }()
    static func notFound(_ detail: String) -> APIProblem { APIProblem(.notFound, code: 4040, "Not found", detail: detail) }
    static func documentURLRefused(_ detail: String) -> APIProblem {
        APIProblem(.unprocessableContent, code: 4204, "Document URL not allowed", detail: detail)
    }
    static func downloadFailed(_ detail: String) -> APIProblem {
        APIProblem(.unprocessableContent, code: 4203, "Document download failed", detail: detail)
    }
    static func tooLarge(_ detail: String) -> APIProblem { APIProblem(.contentTooLarge, code: 4202, "Document too large", detail: detail) }
    static func bodyTooLarge(_ limit: Int) -> APIProblem {
        APIProblem(.contentTooLarge, code: 4202, "Request too large", detail: "the request body is larger than \(limit) bytes")
    }
    static func unprocessable(_ detail: String) -> APIProblem {
        APIProblem(.unprocessableContent, code: 4000, "Invalid request", detail: detail)
    }
    /// Too much of one kind of work in progress: try again shortly.
    static func busy(_ detail: String) -> APIProblem {
        var problem = APIProblem(.serviceUnavailable, code: 5030, "Busy", detail: detail)
        problem.headers[.retryAfter] = "1"
        return problem
    }

    static func from(_ error: SpoolError) -> APIProblem {
        switch error {
        case .notFound(let id): .notFound("no fax \(id)")
        case .webhookNotFound(let id): .notFound("no webhook endpoint \(id)")
        case .faxboxNotFound(let id): .notFound("no faxbox \(id)")
        case .fileNotFound(let id): .notFound("no file \(id)")
        case .invalidTransition: APIProblem(.conflict, code: 4090, "Not allowed in this state", detail: error.description)
        case .duplicateIdempotencyKey: APIProblem(.conflict, code: 4091, "Idempotency key already used", detail: error.description)
        case .invalidNumber: .invalidNumber(error.description)
        case .invalidRequest: APIProblem(.unprocessableContent, code: 4000, "Invalid request", detail: error.description)
        case .jobInCall: APIProblem(.conflict, code: 4092, "The fax is on a call", detail: error.description)
        case .noAttemptInProgress, .modemBusy, .alreadyOwned, .storage:
            APIProblem(.internalServerError, code: 5300, "Internal error", detail: error.description)
        }
    }

    static func from(_ error: DocumentError) -> APIProblem {
        switch error {
        case .tooLarge: .tooLarge(error.description)
        case .unsupportedFormat: APIProblem(.unsupportedMediaType, code: 4201, "Unsupported document", detail: error.description)
        case .outputFailed: APIProblem(.internalServerError, code: 5300, "Internal error", detail: error.description)
        default: APIProblem(.unprocessableContent, code: 4201, "Invalid document", detail: error.description)
        }
    }

    static func from(_ error: any Error) -> APIProblem {
        switch error {
        case let problem as APIProblem: problem
        case let spool as SpoolError: from(spool)
        case let refusal as DestinationRefusal: from(refusal)
        case let document as DocumentError: from(document)
        default: APIProblem(.internalServerError, code: 5300, "Internal error", detail: String(describing: error))
        }
    }
}
