// Findings+Pages: the one check every call test ends with — the fax that arrived has exactly the
// pages that were sent: as many, each of the same size and resolution, every row identical.

import T4

extension Findings {
    /// Notes every way the TIFF/F at `path` differs from `pages`; `log` is added to the first note.
    public func checkPages(_ path: String, against pages: [FaxPage], log: String = "") {
        guard let arrived = try? TIFFFaxReader.readPages(path: path) else { return fail("\(path) cannot be read\n\(log)") }
        check(arrived, against: pages, log: log)
    }

    public func check(_ arrived: [FaxPage], against pages: [FaxPage], log: String = "") {
        check(arrived.count == pages.count, "\(arrived.count) pages arrived, \(pages.count) sent\n\(log)")
        for (index, (got, sent)) in zip(arrived, pages).enumerated() {
            check(got.width == sent.width && got.length == sent.length && got.resolution == sent.resolution,
                  "page \(index + 1): \(got.width)×\(got.length) \(got.resolution), sent \(sent.width)×\(sent.length) \(sent.resolution)")
            check(got.length != sent.length || got.differingRows(from: sent) == 0, "page \(index + 1): \(got.differingRows(from: sent)) rows differ")
        }
    }
}
