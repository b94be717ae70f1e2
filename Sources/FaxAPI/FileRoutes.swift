// FileRoutes: /v1/files — upload a document once and send it by id, to one recipient or several
// (seed 004's upload-then-send). The upload is the raw body (any document type; the name from
// `?name=`) or a multipart `document` part; it streams to disk like a fax's upload, a bounded
// number at a time, is checked by its first bytes, and is durable before the answer.

import FaxAPIModels
import FaxServer
import Foundation
import Hummingbird
import Spool

struct FileRoutes: Sendable {
    let context: FaxServerContext
    /// Shared with fax submissions (api.max_concurrent_uploads).
    let uploads: Admission

    func register(on router: Router<BasicRequestContext>) {
        let spool = context.spool
        router.post("/v1/files") { request, _ in
            try await handle {
                let document = try await receive(request)
                do {
                    let format = try document.check(context.documents)
                    let size = document.size
                    let path = try await document.finish()
                    let name = Self.name(request.uri.queryParameters.get("name"))
                    let file = try await spool.addFile(path: path, name: name, size: size, format: format.rawValue)
                    return try JSONResponse.make(FileResource(file), status: .created, headers: [.location: "/v1/files/\(file.id)"])
                } catch {
                    document.discard()
                    throw error
                }
            }
        }
        router.get("/v1/files") { request, _ in
            try await handle {
                let limit = try APILimits.listLimit(request.uri.queryParameters.get("limit"), fallback: 100)
                return try JSONResponse.make(ListResource(data: try await spool.files(limit: limit).map(FileResource.init)))
            }
        }
        router.get("/v1/files/:id") { _, ctx in
            try await handle { try JSONResponse.make(FileResource(try await spool.file(fileID(ctx)))) }
        }
        router.delete("/v1/files/:id") { _, ctx in
            try await handle {
                let file = try await spool.deleteFile(fileID(ctx))
                // Faxes sent from it have links of their own: its folder is its alone.
                try? FileManager.default.removeItem(atPath: (file.path as NSString).deletingLastPathComponent)
                return Response(status: .noContent)
            }
        }
    }

    /// The upload as it arrives: a multipart `document` part, or the whole body.
    private func receive(_ request: Request) async throws -> IncomingDocument {
        let contentType = request.headers[.contentType] ?? ""
        let maxBody = context.configuration.api.maxBodyBytes
        let documents = context.documents
        if SubmissionForm.mediaType(contentType) == "multipart/form-data" {
            let boundary = try SubmissionForm.boundary(contentType)
            let form = try await uploads.run {
                try await SubmissionForm.multipart(request.body, boundary: boundary, maxBodyBytes: maxBody, documents: documents,
                                                   needsRequest: false)
            }
            guard let document = form.upload else { throw APIProblem.badRequest("a multipart upload needs a `document` part") }
            return document
        }
        return try await uploads.run {
            let document = try IncomingDocument(in: documents)
            do {
                var total = 0
                for try await chunk in request.body {
                    total += chunk.readableBytes
                    guard total <= maxBody else { throw APIProblem.bodyTooLarge(maxBody) }
                    document.append(chunk)
                    try await document.flushIfNeeded()
                }
                return document
            } catch {
                document.discard()
                throw error
            }
        }
    }

    /// A display name: one line, at most 200 characters, no path.
    static func name(_ given: String?) -> String {
        let base = (given ?? "").split(separator: "/").last.map(String.init) ?? ""
        let clean = String(base.unicodeScalars.filter { !CharacterSet.controlCharacters.contains($0) }.prefix(200))
        return clean.isEmpty ? "document" : clean
    }

    private func fileID(_ ctx: BasicRequestContext) throws -> String {
        guard let id = ctx.parameters.get("id"), id.hasPrefix("file_"), id.utf8.count <= 40 else { throw APIProblem.notFound("no such file") }
        return id
    }
}

extension FileResource {
    init(_ file: StoredFile) {
        self.init(id: file.id, name: file.name, size: file.size, format: file.format, createdAt: file.createdAt)
    }
}
