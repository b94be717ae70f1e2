// SubmissionForm: a submission as the API receives it — JSON (`SubmitFaxRequest` with a
// document_url) or multipart/form-data (one `document` file part, plus fields or one `fax` part
// holding the JSON request) — parsed into one request and, if uploaded, the document. A multipart
// body is parsed as it arrives: the `document` part goes straight to its file (IncomingDocument),
// the other parts stay in memory within small limits (APILimits), so an upload costs a few hundred
// KiB of memory whatever its size.

import FaxAPIModels
import FaxServer
import Foundation
import MultipartKit
import NIOCore

struct SubmissionForm {
    var request: SubmitFaxRequest
    var upload: IncomingDocument?

    /// The media type of a Content-Type header, lower-cased, without parameters.
    static func mediaType(_ contentType: String) -> String {
        contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
    }

    static func boundary(_ contentType: String) throws(APIProblem) -> String {
        guard let boundary = parameter("boundary", in: contentType), !boundary.isEmpty, boundary.utf8.count <= 200 else {
            throw .badRequest("multipart/form-data without a boundary")
        }
        return boundary
    }

    static func json(_ body: ByteBuffer) throws(APIProblem) -> SubmissionForm {
        do {
            return SubmissionForm(request: try APIJSON.decoder().decode(SubmitFaxRequest.self, from: body), upload: nil)
        } catch {
            throw .badRequest("the JSON body is not a fax request: \(error)")
        }
    }

    /// Reads a multipart/form-data body as it arrives. The document is written into a new
    /// IncomingDocument in `documents`; on any refusal it is removed before this throws.
    static func multipart<Body: AsyncSequence>(_ body: Body, boundary: String, maxBodyBytes: Int,
                                               documents: DocumentStore, needsRequest: Bool = true) async throws -> SubmissionForm
        where Body.Element == ByteBuffer {
        let receiver = MultipartReceiver(boundary: boundary, documents: documents)
        do {
            var total = 0
            for try await chunk in body {
                total += chunk.readableBytes
                guard total <= maxBodyBytes else { throw APIProblem.bodyTooLarge(maxBodyBytes) }
                try receiver.execute(chunk)
                try await receiver.document?.flushIfNeeded()
            }
            return try receiver.form(needsRequest: needsRequest)
        } catch {
            receiver.document?.discard()
            throw error
        }
    }

    private static func parameter(_ name: String, in header: String) -> String? {
        for part in header.split(separator: ";").dropFirst() {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2, pair[0].lowercased() == name { return pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
        }
        return nil
    }

    /// The parser's callbacks, and what they have collected.
    private final class MultipartReceiver {
        let parser: MultipartParser
        let documents: DocumentStore
        var document: IncomingDocument?
        var documentComplete = false
        var fields: [String: String] = [:]
        var request: SubmitFaxRequest?
        var name = ""
        var field = ByteBuffer()
        var fieldBytes = 0
        /// Input since the parser last reported anything: bounds what it buffers for part headers.
        var quiet = 0
        var problem: APIProblem?

        init(boundary: String, documents: DocumentStore) {
            parser = MultipartParser(boundary: boundary)
            self.documents = documents
            parser.onHeader = { [unowned self] header, value in
                quiet = 0
                if header.lowercased() == "content-disposition" { name = SubmissionForm.parameter("name", in: value) ?? "" }
            }
            parser.onBody = { [unowned self] chunk in
                quiet = 0
                body(chunk)
            }
            parser.onPartComplete = { [unowned self] in
                quiet = 0
                partComplete()
                name = ""
                field = ByteBuffer()
            }
        }

        func execute(_ chunk: ByteBuffer) throws {
            quiet += chunk.readableBytes
            do { try parser.execute(chunk) } catch { throw APIProblem.badRequest("malformed multipart body: \(error)") }
            if let problem { throw problem }
            guard quiet <= APILimits.jsonBodyBytes else { throw APIProblem.badRequest("malformed multipart body: part headers too long") }
        }

        private func body(_ chunk: ByteBuffer) {
            guard problem == nil else { return }
            if name == "document" {
                if document == nil {
                    do { document = try IncomingDocument(in: documents) } catch { problem = error }
                } else if documentComplete {
                    problem = .badRequest("one document part per fax")
                }
                document?.append(chunk)
            } else {
                fieldBytes += chunk.readableBytes
                guard field.readableBytes + chunk.readableBytes <= APILimits.jsonBodyBytes, fieldBytes <= APILimits.formFieldBytes else {
                    problem = .badRequest("form fields are at most \(APILimits.jsonBodyBytes) bytes each, \(APILimits.formFieldBytes) together")
                    return
                }
                var chunk = chunk
                field.writeBuffer(&chunk)
            }
        }

        private func partComplete() {
            guard problem == nil else { return }
            switch name {
            case "document":
                if document == nil {  // an empty file part
                    do { document = try IncomingDocument(in: documents) } catch { problem = error }
                } else if documentComplete {
                    problem = .badRequest("one document part per fax")
                }
                documentComplete = true
            case "fax":
                do { request = try APIJSON.decoder().decode(SubmitFaxRequest.self, from: field) } catch {
                    problem = .badRequest("the fax part is not a fax request: \(error)")
                }
            default:
                fields[name] = String(buffer: field)
            }
        }

        func form(needsRequest: Bool) throws(APIProblem) -> SubmissionForm {
            if let problem { throw problem }
            if document != nil, !documentComplete { throw .badRequest("malformed multipart body: the document part is incomplete") }
            if !needsRequest { return SubmissionForm(request: request ?? SubmitFaxRequest(to: ""), upload: document) }
            if request == nil {
                guard let to = fields["to"] else { throw .badRequest("a fax needs a to number") }
                request = SubmitFaxRequest(
                    to: to, from: fields["from"], documentURL: fields["document_url"],
                    priority: try integer(fields["priority"], "priority"), maxAttempts: try integer(fields["max_attempts"], "max_attempts"),
                    sendAt: try date(fields["send_at"], "send_at"), killAt: try date(fields["kill_at"], "kill_at"),
                    options: FaxOptionsResource(resolution: fields["resolution"], header: fields["header"], identity: fields["identity"],
                                                ecm: fields["ecm"].map { ["true", "1", "yes", "on"].contains($0.lowercased()) },
                                                timezone: fields["timezone"], modemGroup: fields["modem_group"]),
                    faxboxId: fields["faxbox_id"], callbackURL: fields["callback_url"], fileId: fields["file_id"])
            }
            return SubmissionForm(request: request!, upload: document)
        }

        private func integer(_ text: String?, _ name: String) throws(APIProblem) -> Int? {
            guard let text else { return nil }
            guard let value = Int(text) else { throw .badRequest("\(name) must be an integer") }
            return value
        }

        private func date(_ text: String?, _ name: String) throws(APIProblem) -> Date? {
            guard let text else { return nil }
            guard let value = ISO8601DateFormatter().date(from: text) else { throw .badRequest("\(name) must be an ISO 8601 date") }
            return value
        }
    }
}
