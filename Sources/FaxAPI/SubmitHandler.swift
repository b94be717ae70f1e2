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
import MIME
import Spool

struct SubmitHandler: Sendable {
    let context: FaxServerContext
    let batcher: SubmissionBatcher
    let fetcher: DocumentFetcher
    /// Uploads streaming to disk at once (api.max_concurrent_uploads).
    let uploads: Admission

    static let resolutions: Set = ["standard", "fine", "superfine"]

    /// What a submission made: one fax, or one per recipient when `to` was a list.
    struct SubmitOutcome {
        var jobs: [FaxJob]
        /// At least one fax is new (not an idempotent replay).
        var created: Bool
        var fanOut: Bool
    }

    func submit(_ request: Request) async throws -> SubmitOutcome {
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
            let r = form.request
            let recipients = r.recipients ?? [r.to]
            guard recipients.count <= APILimits.recipients else {
                throw APIProblem.badRequest("at most \(APILimits.recipients) recipients in one request")
            }
            guard [document != nil, r.documentURL != nil, r.fileId != nil].filter({ $0 }).count <= 1 else {
                throw APIProblem.badRequest("give one document: a `document` part, a document_url or a file_id")
            }
            // Every recipient checked before anything is stored; with a key, each recipient's
            // fax has the key and its number (a replay returns the same faxes).
            var submissions: [FaxSubmission] = []
            for to in recipients {
                var one = r
                one.to = to
                submissions.append(try await makeSubmission(one, key: key.map { recipients.count > 1 ? "\($0)/\(to)" : $0 }))
            }
            var existing: [Int: FaxJob] = [:]
            for (index, submission) in submissions.enumerated() {
                guard let key = submission.idempotencyKey, let job = try await context.spool.job(idempotencyKey: key) else { continue }
                guard job.toNumber == submission.to.text else {
                    throw APIProblem.from(SpoolError.duplicateIdempotencyKey(key, existing: job.id))
                }
                existing[index] = job
            }
            if existing.count == submissions.count {
                document?.discard()
                return SubmitOutcome(jobs: submissions.indices.compactMap { existing[$0] }, created: false, fanOut: r.recipients != nil)
            }
            // The document: uploaded, fetched, or an uploaded file's (each fax gets its own link).
            var base: String
            var owned: Bool
            if let fileID = r.fileId {
                let file: StoredFile
                do { file = try await context.spool.file(fileID) } catch {
                    throw APIProblem(.unprocessableContent, code: 4000, "Invalid request", detail: "no file \(fileID)")
                }
                (base, owned) = (file.path, false)
            } else {
                if document == nil {
                    guard let url = r.documentURL else {
                        throw APIProblem.badRequest("a fax needs a document: a multipart `document` part, a document_url or a file_id")
                    }
                    document = try await fetcher.fetch(url, into: context.documents)
                }
                guard let document else { throw APIProblem.badRequest("a fax needs a document") }
                try document.check(context.documents)
                (base, owned) = (try await document.finish(), true)
            }
            var jobs: [FaxJob] = []
            var created = false
            for (index, submission) in submissions.enumerated() {
                if let job = existing[index] {
                    jobs.append(job)
                    continue
                }
                let path: String
                if owned {
                    path = base
                    owned = false
                } else {
                    do { path = try context.documents.duplicate(base) } catch {
                        throw APIProblem(.internalServerError, code: 5300, "Internal error", detail: "cannot link the document: \(error)")
                    }
                }
                var stored = submission
                stored.documentPath = path
                switch await batcher.submit(stored) {
                case .success(let job):
                    if job.documentPath != path {  // an idempotent replay in the same batch
                        try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent)
                    } else {
                        created = true
                    }
                    if path == base { document = nil }  // a fax owns it now: a later failure must not remove it
                    jobs.append(job)
                case .failure(let error):
                    if path != base { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
                    throw APIProblem.from(error)
                }
            }
            if owned { document?.discard() }  // every recipient was a replay
            context.wake()
            return SubmitOutcome(jobs: jobs, created: created, fanOut: r.recipients != nil)
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
            let box = try await context.spool.faxboxIfAny(id)
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
        if let addresses = options.notifyEmail {
            guard addresses.count <= 10 else { throw APIProblem.badRequest("options.notify_email has at most 10 addresses") }
            for address in addresses {
                do throws(MailAddress.Problem) { _ = try MailAddress(address) } catch { throw APIProblem.badRequest("options.notify_email: \(error)") }
            }
        }
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
