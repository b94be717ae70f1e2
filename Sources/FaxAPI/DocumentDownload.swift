// DocumentDownload: GET /v1/faxes/{id}/document — the original as submitted (its own type), the
// TIFF/F as transmitted (header stamped) or the fax as received, as TIFF or as PDF (one page per
// fax page at the right aspect ratio, made with tiff2pdf when asked). A PDF made for a download
// is built in the spool's private scratch directory (0700, file 0600) and removed once read —
// never in the shared /tmp, where anyone on the machine could read a fax or swap the file.

import FaxDocuments
import FaxServer
import Foundation
import Hummingbird
import Spool

enum DocumentDownload {
    /// `scratchDirectory`: where a PDF is made (the spool's `tmp`, ServerConfiguration.scratchDirectory).
    static func response(for job: FaxJob, query: Parameters? = nil, scratchDirectory: String) async throws -> Response {
        let kind = query?.get("kind") ?? (job.direction == .inbound ? "received" : "original")
        let format = query?.get("format") ?? (kind == "original" ? "original" : "pdf")
        let path: String?
        switch kind {
        case "original": path = job.documentPath
        case "transmitted": path = job.transmitPath
        case "received": path = job.receivedPath
        default: throw APIProblem.badRequest("kind is original, transmitted or received")
        }
        guard let path, FileManager.default.fileExists(atPath: path) else {
            throw APIProblem.notFound("fax \(job.id) has no \(kind) document (not made yet, or deleted)")
        }
        if kind == "original" {
            let detected = try? DocumentConverter.detectFormat(path: path)
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            return JSONResponse.bytes(data, contentType: detected.map(mediaType) ?? "application/octet-stream", filename: "\(job.id)-original")
        }
        switch format {
        case "tiff":
            return JSONResponse.bytes(try Data(contentsOf: URL(fileURLWithPath: path)), contentType: "image/tiff", filename: "\(job.id).tif")
        case "pdf":
            let sibling = (path as NSString).deletingPathExtension + ".pdf"
            if FileManager.default.fileExists(atPath: sibling) {
                return JSONResponse.bytes(try Data(contentsOf: URL(fileURLWithPath: sibling)), contentType: "application/pdf", filename: "\(job.id).pdf")
            }
            let folder = try privateFolder(in: scratchDirectory)
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let scratch = folder + "/\(job.id).pdf"
            try await OffPool.run {
                try FaxPDFWriter.write(tiff: path, to: scratch)
                chmod(scratch, 0o600)
            }
            return JSONResponse.bytes(try Data(contentsOf: URL(fileURLWithPath: scratch)), contentType: "application/pdf", filename: "\(job.id).pdf")
        default:
            throw APIProblem.badRequest("format is pdf or tiff")
        }
    }

    /// A new folder of our own (0700) in `directory`, which is created 0700 when missing.
    static func privateFolder(in directory: String) throws -> String {
        if mkdir(directory, 0o700) != 0, errno != EEXIST {
            throw DocumentError.outputFailed(path: directory, reason: String(cString: strerror(errno)))
        }
        let folder = directory + "/download-\(UUID().uuidString)"
        guard mkdir(folder, 0o700) == 0 else {
            throw DocumentError.outputFailed(path: folder, reason: String(cString: strerror(errno)))
        }
        return folder
    }

    static func mediaType(_ format: DocumentFormat) -> String {
        switch format {
        case .pdf: "application/pdf"
        case .postScript: "application/postscript"
        case .tiff: "image/tiff"
        case .png: "image/png"
        case .jpeg: "image/jpeg"
        case .gif: "image/gif"
        case .cupsRaster: "application/vnd.cups-raster"
        case .text: "text/plain; charset=utf-8"
        }
    }
}
