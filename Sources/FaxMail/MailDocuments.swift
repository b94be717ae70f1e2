// MailDocuments: a mailed message's pages — its attachments that are documents SwiftFax faxes
// (PDF, PostScript, TIFF, PNG, JPEG, GIF, plain text; recognised by their bytes, never their
// names), or its text when it has none; the Subject (and the text beside attachments) on a cover
// page. One document without a cover is stored as it came (converted at send time like any
// other); several, or a cover, are converted into one TIFF/F now, in the isolated converter, so a
// document that cannot be faxed is refused before anything is queued.

import FaxDocuments
import FaxServer
import Foundation
import MIME

struct MailDocuments {
    struct Part {
        var name: String
        var bytes: [UInt8]
        var format: DocumentFormat
    }

    var parts: [Part]
    var cover: ConversionRequest.Cover?

    /// The documents of `message`; throws the refusal when there is nothing to fax or a part is
    /// not a document.
    static func from(_ message: MIMEEntity, subject: String, sender: String, recipient: String, coverPage: Bool) throws(MailRefusal) -> MailDocuments {
        var parts: [Part] = []
        var bodyText: String?
        for (index, leaf) in message.leaves.enumerated() {
            let name = leaf.filename ?? "part \(index + 1)"
            if !leaf.isAttachment && leaf.mediaType.hasPrefix("text/") {
                if leaf.mediaType == "text/plain", bodyText == nil { bodyText = message.textBody }
                continue  // text/html alternatives are not faxed; the text/plain one is
            }
            if leaf.mediaType.hasPrefix("multipart/") || leaf.body.isEmpty { continue }
            guard let format = DocumentFormat.detect(Array(leaf.body.prefix(4096))) else {
                throw .permanent("the attachment \(name) (\(leaf.mediaType)) is not something SwiftFax can fax: "
                                 + "send PDF, PostScript, TIFF, PNG, JPEG, GIF or plain text")
            }
            if format == .cupsRaster { throw .permanent("the attachment \(name) is CUPS raster: send PDF, TIFF or an image") }
            parts.append(Part(name: name, bytes: leaf.body, format: format))
        }
        let text = (bodyText ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if parts.isEmpty {
            guard !text.isEmpty else {
                throw .permanent("the message has no attachment to fax (PDF, PostScript, TIFF, PNG, JPEG, GIF or plain text) and no text")
            }
            parts.append(Part(name: "message.txt", bytes: Array((text + "\n").utf8), format: .text))
            // The text is the fax; the cover carries the subject alone.
            return MailDocuments(parts: parts, cover: coverPage && !subject.isEmpty
                                 ? .init(to: recipient, toNumber: recipient, from: sender, subject: subject, message: "") : nil)
        }
        let wantsCover = coverPage && (!subject.isEmpty || !text.isEmpty)
        return MailDocuments(parts: parts, cover: wantsCover
                             ? .init(to: recipient, toNumber: recipient, from: sender, subject: subject, message: String(text.prefix(4000))) : nil)
    }

    /// Stores the fax's document in a new folder of `documents`; returns its path and, when
    /// converted here, the page count. Removes everything it wrote when it fails.
    func store(in documents: DocumentStore, converter: IsolatedConverter, scratch: String) throws -> (path: String, pages: Int?) {
        if parts.count == 1, cover == nil {
            return (try documents.store(parts[0].bytes), nil)
        }
        let folder = try documents.makeFolder()
        do {
            var inputs: [String] = []
            for (index, part) in parts.enumerated() {
                let path = folder + "/part-\(index + 1)"
                guard FileManager.default.createFile(atPath: path, contents: Data(part.bytes), attributes: [.posixPermissions: 0o600]) else {
                    throw MailRefusal.temporary("cannot write \(path)")
                }
                inputs.append(path)
            }
            let output = folder + "/original.tif"
            var request = ConversionRequest(source: inputs[0], output: output, resolution: .fine, temporaryDirectory: scratch, header: nil)
            request.more = Array(inputs.dropFirst())
            request.cover = cover
            let pages: Int
            do { pages = try converter.convert(request) } catch let error as DocumentError {
                // Worded for the sender: the attachment's name, not our file's path.
                var text = error.description
                for (index, input) in inputs.enumerated().reversed() { text = text.replacingOccurrences(of: input, with: parts[index].name) }
                throw MailRefusal.permanent("the attachments cannot be faxed: \(text)")
            }
            for input in inputs { try? FileManager.default.removeItem(atPath: input) }
            try DocumentStore.syncWritten(output)
            return (output, pages)
        } catch {
            try? FileManager.default.removeItem(atPath: folder)
            throw error
        }
    }
}
