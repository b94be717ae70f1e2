// SubmissionForm: a submission as the API receives it — JSON (`SubmitFaxRequest` with a
// document_url) or multipart/form-data (one `document` file part, plus fields or one `fax` part
// holding the JSON request) — parsed into one request and the document's bytes, if uploaded.

import FaxAPIModels
import Foundation
import MultipartKit
import NIOCore

struct SubmissionForm {
    var request: SubmitFaxRequest
    var upload: [UInt8]?

    static func parse(contentType: String, body: ByteBuffer) throws(APIProblem) -> SubmissionForm {
        let type = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        switch type {
        case "application/json":
            do {
                return SubmissionForm(request: try APIJSON.decoder().decode(SubmitFaxRequest.self, from: body), upload: nil)
            } catch {
                throw .badRequest("the JSON body is not a fax request: \(error)")
            }
        case "multipart/form-data":
            guard let boundary = parameter("boundary", in: contentType) else { throw .badRequest("multipart/form-data without a boundary") }
            return try multipart(body, boundary: boundary)
        default:
            throw .badRequest("send application/json (with document_url) or multipart/form-data (with a document file)")
        }
    }

    private static func parameter(_ name: String, in header: String) -> String? {
        for part in header.split(separator: ";").dropFirst() {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2, pair[0].lowercased() == name { return pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
        }
        return nil
    }

    private static func multipart(_ body: ByteBuffer, boundary: String) throws(APIProblem) -> SubmissionForm {
        var parts: [(name: String, body: ByteBuffer)] = []
        var name = ""
        var current = ByteBuffer()
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { field, value in
            if field.lowercased() == "content-disposition" { name = parameter("name", in: value) ?? "" }
        }
        parser.onBody = { chunk in current.writeBuffer(&chunk) }
        parser.onPartComplete = {
            parts.append((name, current))
            current = ByteBuffer()
            name = ""
        }
        do { try parser.execute(body) } catch { throw .badRequest("malformed multipart body: \(error)") }

        var fields: [String: String] = [:]
        var upload: [UInt8]?
        var request: SubmitFaxRequest?
        for part in parts {
            switch part.name {
            case "document":
                guard upload == nil else { throw .badRequest("one document part per fax") }
                upload = Array(part.body.readableBytesView)
            case "fax":
                do { request = try APIJSON.decoder().decode(SubmitFaxRequest.self, from: part.body) } catch {
                    throw .badRequest("the fax part is not a fax request: \(error)")
                }
            default:
                fields[part.name] = String(buffer: part.body)
            }
        }
        if request == nil {
            guard let to = fields["to"] else { throw .badRequest("a fax needs a to number") }
            request = SubmitFaxRequest(
                to: to, from: fields["from"], documentURL: fields["document_url"],
                priority: try integer(fields["priority"], "priority"), maxAttempts: try integer(fields["max_attempts"], "max_attempts"),
                sendAt: try date(fields["send_at"], "send_at"), killAt: try date(fields["kill_at"], "kill_at"),
                options: FaxOptionsResource(resolution: fields["resolution"], header: fields["header"], identity: fields["identity"],
                                            ecm: fields["ecm"].map { ["true", "1", "yes", "on"].contains($0.lowercased()) },
                                            timezone: fields["timezone"], modemGroup: fields["modem_group"]))
        }
        return SubmissionForm(request: request!, upload: upload)
    }

    private static func integer(_ text: String?, _ name: String) throws(APIProblem) -> Int? {
        guard let text else { return nil }
        guard let value = Int(text) else { throw .badRequest("\(name) must be an integer") }
        return value
    }

    private static func date(_ text: String?, _ name: String) throws(APIProblem) -> Date? {
        guard let text else { return nil }
        guard let value = ISO8601DateFormatter().date(from: text) else { throw .badRequest("\(name) must be an ISO 8601 date") }
        return value
    }
}
