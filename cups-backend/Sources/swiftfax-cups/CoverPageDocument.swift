// CoverPageDocument: a job with a cover page becomes one TIFF/F — the cover page (FaxDocuments'
// CoverPage, the template faxctl uses) followed by the printed document, converted by faxd's own
// converter at the fax's resolution and with no page header: faxd stamps the header when it sends,
// as on any other document. faxd takes one document per fax, so the cover is joined here.

import FaxDocuments
import Foundation
import T4

enum CoverPageDocument {
    /// The TIFF/F bytes of cover + `document`; scratch files live in `temporaryDirectory`.
    static func make(_ cover: CoverPageRequest, document: [UInt8], number: String, from sender: String,
                     resolution: String?, temporaryDirectory: String) throws -> [UInt8] {
        let folder = temporaryDirectory + "/swiftfax-cups-\(getpid())-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let input = folder + "/document", output = folder + "/fax.tif"
        try Data(document).write(to: URL(fileURLWithPath: input))
        var options = ConversionOptions(resolution: FaxResolution(rawValue: resolution ?? "fine") ?? .fine)
        options.temporaryDirectory = folder
        let page = CoverPage(to: cover.to, toNumber: number, from: sender, subject: cover.subject, message: cover.message)
        _ = try DocumentConverter(options: options).convert([input], to: output, cover: page)
        return [UInt8](try Data(contentsOf: URL(fileURLWithPath: output)))
    }
}
