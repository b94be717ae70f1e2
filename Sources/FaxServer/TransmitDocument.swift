// TransmitDocument: from a job's submitted document to the TIFF/F a call sends — converted once
// (resolution, page header with sender, number, recipient, time zone and "Page n/m" stamped into
// the image, so the archived copy is what went out), and for an attempt that resumes after pages
// the far end already confirmed, only the pages still to send (their headers keep the numbers of
// the whole document).

import FaxDocuments
import Foundation
import Spool
import T4

enum TransmitDocument {
    /// Converts `job`'s document into `folder/transmit.tif`, its headers dated `date`; returns its
    /// path and page count. With a `converter` the work runs in its helper process (faxd always
    /// does this); without, in this process.
    static func convert(_ job: FaxJob, defaults: JobDefaults, identity: String, folder: String,
                        date: Date = Date(), converter: IsolatedConverter? = nil) throws -> (path: String, pages: Int) {
        guard let source = job.documentPath else {
            throw DocumentError.invalid(path: "job \(job.id)", reason: "the document was deleted")
        }
        let zone = TimeZone(identifier: job.options.timeZone ?? defaults.timezone) != nil ? (job.options.timeZone ?? defaults.timezone) : "UTC"
        let header = ConversionRequest.Header(sender: job.options.headerText ?? defaults.header,
                                              number: job.options.localIdentity ?? identity, recipient: job.toNumber,
                                              timeZone: zone, date: date)
        let output = folder + "/transmit.tif"
        let request = ConversionRequest(source: source, output: output,
                                        resolution: FaxResolution(rawValue: job.options.resolution ?? defaults.resolution) ?? .fine,
                                        temporaryDirectory: folder, header: header)
        let pages = try converter?.convert(request) ?? request.perform()
        chmod(output, 0o600)
        return (output, pages)
    }

    /// The pages from `firstPage` (1-based) on, as a file beside `path`; `path` itself when 1.
    static func remainder(of path: String, from firstPage: Int) throws -> String {
        guard firstPage > 1 else { return path }
        let pages = try TIFFFaxReader.readPages(path: path)
        guard firstPage <= pages.count else {
            throw DocumentError.invalid(path: path, reason: "page \(firstPage) of a \(pages.count)-page document")
        }
        let output = (path as NSString).deletingPathExtension + "-from-\(firstPage).tif"
        try TIFFFaxWriter.write(Array(pages[(firstPage - 1)...]), to: output)
        chmod(output, 0o600)
        return output
    }
}
