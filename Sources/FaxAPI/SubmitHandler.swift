// SubmitHandler: POST /v1/faxes. Order matters for "bad input loses nothing and leaves nothing":
// parse → numbers (dial rules, destination policy) → options → idempotency key (a replay stores nothing) → document
// (uploaded or fetched) checked by its bytes → stored and fsync'd (concurrent requests' fsyncs
// run in parallel on GCD threads) → committed with its batch. A refusal at
// any step after storing removes the stored file.

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

    static let resolutions: Set = ["standard", "fine", "superfine"]

    func submit(_ request: Request, body: ByteBuffer) async throws -> (FaxJob, created: Bool) {
        let form = try SubmissionForm.parse(contentType: request.headers[.contentType] ?? "", body: body)
        let submission = try makeSubmission(form.request, key: request.headers[.idempotencyKey])
        if let key = submission.idempotencyKey, let existing = try await context.spool.job(idempotencyKey: key) {
            guard existing.toNumber == submission.to.text else {
                throw APIProblem.from(SpoolError.duplicateIdempotencyKey(key, existing: existing.id))
            }
            return (existing, false)
        }
        let bytes: [UInt8]
        if let upload = form.upload {
            bytes = upload
        } else if let url = form.request.documentURL {
            bytes = try await fetcher.fetch(url)
        } else {
            throw APIProblem.badRequest("a fax needs a document: a multipart `document` part or a document_url")
        }
        do {
            _ = try context.documents.check(bytes)
        } catch {
            throw APIProblem.from(error)
        }
        let path = try await Self.offPool { [documents = context.documents] in try documents.store(bytes) }
        var stored = submission
        stored.documentPath = path
        switch await batcher.submit(stored) {
        case .success(let job):
            if job.documentPath != path { context.documents.remove(path) }  // an idempotent replay in the same batch
            context.wake()
            return (job, job.documentPath == path)
        case .failure(let error):
            context.documents.remove(path)
            throw APIProblem.from(error)
        }
    }

    private func makeSubmission(_ r: SubmitFaxRequest, key: String?) throws(APIProblem) -> FaxSubmission {
        let to: E164Number
        do throws(DestinationRefusal) { to = try context.configuration.destination(r.to) } catch { throw .from(error) }
        var from: E164Number?
        if let given = r.from, !given.isEmpty {
            do throws(E164Error) { from = try context.configuration.dialRules.number(given) } catch { throw .invalidNumber(error.description) }
        }
        let options = r.options ?? FaxOptionsResource()
        if let resolution = options.resolution, !Self.resolutions.contains(resolution) {
            throw APIProblem(.unprocessableContent, code: 4000, "Invalid request", detail: "resolution is standard, fine or superfine")
        }
        if let identity = options.identity, identity.count > 20 || !identity.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "+" || $0 == " ") }) {
            throw APIProblem(.unprocessableContent, code: 4000, "Invalid request", detail: "identity: at most 20 of 0-9, + and space")
        }
        if let zone = options.timezone, TimeZone(identifier: zone) == nil {
            throw APIProblem(.unprocessableContent, code: 4000, "Invalid request", detail: "unknown time zone \(zone)")
        }
        let maxAttempts = r.maxAttempts ?? context.configuration.defaults.maxAttempts
        guard (1...20).contains(maxAttempts) else {
            throw APIProblem(.unprocessableContent, code: 4000, "Invalid request", detail: "max_attempts is 1–20")
        }
        return FaxSubmission(to: to, from: from, documentPath: "-", priority: r.priority ?? 0, maxAttempts: maxAttempts,
                             sendAt: r.sendAt, killAt: r.killAt, options: options.jobOptions, idempotencyKey: key)
    }

    /// Blocking file I/O off the cooperative pool.
    static func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try body() }) }
        }
    }
}

extension HTTPField.Name {
    static let idempotencyKey = HTTPField.Name("Idempotency-Key")!
}
