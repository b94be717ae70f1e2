// TIFFFaxWriter+Concurrent: the same TIFF/F file as `write`, with the pages' T.4/T.6 coding done on
// every core — each page is coded into a single-page file of its own, then the coded strips are
// copied, in page order and unchanged, into the final file.

import CSpanDSP
import Dispatch
import Foundation

extension TIFFFaxWriter {
    /// Writes `pages` to `path` like `write(_:to:compression:)`, coding pages concurrently.
    /// The per-page files sit next to `path` and are removed whatever happens.
    public static func writeConcurrently(_ pages: [FaxPage], to path: String, compression: Compression = .t6) throws {
        TIFFQuiet.install()
        // Uncompressed pages have nothing to code; one page has nothing to share out.
        guard pages.count > 1, compression != .none else { return try write(pages, to: path, compression: compression) }
        let stem = "\(path).page-\(UUID().uuidString)-"
        let parts = pages.indices.map { "\(stem)\($0).tif" }
        defer { for part in parts { try? FileManager.default.removeItem(atPath: part) } }
        let failures = FailureCount()
        DispatchQueue.concurrentPerform(iterations: pages.count) { index in
            do { try write([pages[index]], to: parts[index], compression: compression) } catch { failures.add() }
        }
        guard failures.count == 0 else { throw T4Error.cannotWrite(path: path) }

        guard let tif = TIFFOpen(path, "w") else { throw T4Error.cannotWrite(path: path) }
        defer { TIFFClose(tif) }
        for (index, page) in pages.enumerated() {
            guard let part = TIFFOpen(parts[index], "r") else { throw T4Error.cannotWrite(path: path) }
            defer { TIFFClose(part) }
            guard TIFFNumberOfStrips(part) == 1 else { throw T4Error.cannotWrite(path: path) }
            let size = Int(TIFFRawStripSize(part, 0))
            guard size > 0 else { throw T4Error.cannotWrite(path: path) }
            var coded = [UInt8](repeating: 0, count: size)
            let read = coded.withUnsafeMutableBytes { TIFFReadRawStrip(part, 0, $0.baseAddress, tmsize_t($0.count)) }
            guard Int(read) == size else { throw T4Error.cannotWrite(path: path) }
            setTags(tif, page: page, index: index, count: pages.count, compression: compression)
            let wrote = coded.withUnsafeMutableBytes { TIFFWriteRawStrip(tif, 0, $0.baseAddress, tmsize_t($0.count)) }
            guard Int(wrote) == size, TIFFWriteDirectory(tif) == 1 else { throw T4Error.cannotWrite(path: path) }
        }
    }
}

/// Counts failures reported from concurrent workers.
private final class FailureCount: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func add() { lock.withLock { value += 1 } }
    var count: Int { lock.withLock { value } }
}
