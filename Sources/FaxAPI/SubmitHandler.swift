// SubmitHandler: POST /v1/faxes. Order matters for "bad input loses nothing and leaves nothing":
// parse (an upload streams to its file as it arrives, at most api.max_concurrent_uploads at once)
// → numbers (dial rules, destination policy) → options and limits (APILimits) → idempotency key (a replay keeps
// nothing) → document (uploaded or fetched) checked by its first bytes → fsync'd (concurrent
// requests' fsyncs run in parallel on GCD threads) → committed with its batch. A refusal at any
// step removes the document's file and folder.

import E164
import FaxAPIModels
import FaxServer
import Foundation
import HTTPTypes
import Hummingbird
import Spool

struct SubmitHandler: Sendable {
    let context: FaxServerContext
    let batcher: SubmissionBatcher
    let fetcher: DocumentFetcher
    /// Uploads streaming to disk at once (api.max_concurrent_uploads).
    let uploads: Admission

    static let resolutions: Set = ["standard", "fine", "superfine"]

    func submit(_ request: Request) async throws -> (FaxJob, created: Bool) {
        let contentType = request.headers[.contentType] ?? ""
        let key = try APILimits.idempotencyKey(request.headers[.idempotencyKey])
        let form: SubmissionForm
        switch SubmissionForm.mediaType(contentType) {
        case "application/json":
            var request = request
            let body: ByteBuffer
            do { body = try await request.collectBody(upTo: APILimits.jsonBodyBytes) } catch {
                throw APIProblem.bodyTooLarge(APILimits.jsonBodyBytes)
            }
            form = try SubmissionForm.json(body)
        case "multipart/form-data":
            let boundary = try SubmissionForm.boundary(contentType)
            let maxBody = context.configuration.api.maxBodyBytes
            form = try await uploads.run { [documents = context.documents] in
                try await SubmissionForm.multipart(request.body, boundary: boundary, maxBodyBytes: maxBody, documents: documents)
            }
        default:
            throw APIProblem.badRequest("send application/json (with document_url) or multipart/form-data (with a document file)")
        }
        var document = form.upload
        do {
            let submission = try await makeSubmission(form.request, key: key)
            if let key = submission.idempotencyKey, let existing = try await context.spool.job(idempotencyKey: key) {
                guard existing.toNumber == submission.to.text else {
                    throw APIProblem.from(SpoolError.duplicateIdempotencyKey(key, existing: existing.id))
                }
                document?.discard()
                return (existing, false)
            }
            if document == nil {
                guard let url = form.request.documentURL else {
                    throw APIProblem.badRequest("a fax needs a document: a multipart `document` part or a document_url")
                }
                document = try await fetcher.fetch(url, into: context.documents)
            }
            guard let document else { throw APIProblem.badRequest("a fax needs a document") }
            try document.check(context.documents)
            let path = try await document.finish()
            var stored = submission
            stored.documentPath = path
            switch await batcher.submit(stored) {
            case .success(let job):
                if job.documentPath != path { document.discard() }  // an idempotent replay in the same batch
                context.wake()
                return (job, job.documentPath == path)
            case .failure(let error):
                throw APIProblem.from(error)
            }
        } catch {
            document?.discard()
            throw error
        }
    }

    private func makeSubmission(_ r: SubmitFaxRequest, key: String?) async throws -> FaxSubmission {
        let to: E164Number
        do throws(DestinationRefusal) { to = try context.configuration.destination(r.to) } catch { throw APIProblem.from(error) }
        var from: E164Number?
        if let given = r.from, !given.isEmpty {
            do throws(E164Error) { from = try context.configuration.dialRules.number(given) } catch { throw APIProblem.invalidNumber(error.description) }
        }
        let options = r.options ?? FaxOptionsResource()
        try Self.check(options)
        let maxAttempts = r.maxAttempts ?? context.configuration.defaults.maxAttempts
        guard (1...20).contains(maxAttempts) else {
            throw APIProblem(.unprocessableContent, code: 4000, "Invalid request", detail: "max_attempts is 1–20")
        }
        try APILimits.check(r, groups: APILimits.dialGroups(context.configuration))
        var submission = FaxSubmission(to: to, from: from, documentPath: "-", priority: r.priority ?? 0, maxAttempts: maxAttempts,
                                       sendAt: r.sendAt, killAt: r.killAt, options: options.jobOptions, idempotencyKey: key,
                                       callbackURL: try r.callbackURL.map(WebhookRoutes.checkedURL))
        if let id = r.faxboxId {
            let box = try await context.spool.faxboxes().first { $0.id == id }
            guard let box else { throw APIProblem(.unprocessableContent, code: 4000, "Invalid request", detail: "no faxbox \(id)") }
            box.fill(&submission, maxAttemptsGiven: r.maxAttempts != nil)
        }
        return submission
    }
}

extension SubmitHandler {
    /// The options whose values the server checks: resolution, identity (TSI), time zone.
    static func check(_ options: FaxOptionsResource) throws(APIProblem) {
        if let resolution = options.resolution, !resolutions.contains(resolution) {
            throw APIProblem(.unprocessableContent, code: 4000, "Invalid request", detail: "resolution is standard, fine or superfine")
        }
        if let identity = options.identity { try checkIdentity(identity, "identity") }
        if let zone = options.timezone { try checkTimeZone(zone) }
    }

    /// A station identity (TSI/CSI): at most 20 of 0-9, + and space (T.30's numeric string).
    static func checkIdentity(_ identity: String, _ field: String) throws(APIProblem) {
        if identity.count > 20 || !identity.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "+" || $0 == " ") }) {
            throw APIProblem(.unprocessableContent, code: 4000, "Invalid request", detail: "\(field): at most 20 of 0-9, + and space")
        }
    }

    static func checkTimeZone(_ zone: String) throws(APIProblem) {
        if TimeZone(identifier: zone) == nil {
            throw APIProblem(.unprocessableContent, code: 4000, "Invalid request", detail: "unknown time zone \(zone)")
        }
    }
}

extension HTTPField.Name {
    static let idempotencyKey = HTTPField.Name("Idempotency-Key")!
}
