// TIFFFaxWriter+Concurrent: the same TIFF/F file as `write`, with the pages' T.4/T.6 coding done on
// every core — each page is coded into a single-page file of its own as soon as it is added (so
// coding overlaps whatever produces the pages), then the coded strips are copied, in page order
// and unchanged, into the final file.

import CSpanDSP
import Dispatch
import Foundation
import Synchronization

extension TIFFFaxWriter {
    /// Writes `pages` to `path` like `write(_:to:compression:)`, coding pages concurrently.
    public static func writeConcurrently(_ pages: [FaxPage], to path: String, compression: Compression = .t6) throws {
        TIFFQuiet.install()
        // Uncompressed pages have nothing to code; one page has nothing to share out.
        guard pages.count > 1, compression != .none else { return try write(pages, to: path, compression: compression) }
        let writer = ConcurrentTIFFFaxWriter(path: path, compression: compression)
        for (index, page) in pages.enumerated() { writer.add(page, at: index) }
        try writer.finish(pageCount: pages.count)
    }
}

/// Pages added one by one (from any thread, in any order) are coded at once on the concurrent
/// queue; `finish` waits for them and assembles the file. Per-page files sit next to `path` and
/// are removed whatever happens.
public final class ConcurrentTIFFFaxWriter: Sendable {
    public let path: String
    public let compression: TIFFFaxWriter.Compression
    private let stem: String
    private let group = DispatchGroup()
    private struct State {
        var pages: [Int: FaxPage] = [:]
        var failed = false
    }
    private let state = Mutex(State())

    public init(path: String, compression: TIFFFaxWriter.Compression) {
        self.path = path
        self.compression = compression
        stem = "\(path).page-\(UUID().uuidString)-"
        TIFFQuiet.install()
    }

    deinit {
        group.wait()
        for index in state.withLock({ $0.pages.keys }) { try? FileManager.default.removeItem(atPath: part(index)) }
    }

    private func part(_ index: Int) -> String { "\(stem)\(index).tif" }

    /// Starts coding `page` (page `index`, 0-based) in the background.
    public func add(_ page: FaxPage, at index: Int) {
        state.withLock { $0.pages[index] = page }
        let file = part(index)
        let compression = self.compression
        DispatchQueue.global(qos: .userInitiated).async(group: group) { [self] in
            do { try TIFFFaxWriter.write([page], to: file, compression: compression) } catch { state.withLock { $0.failed = true } }
        }
    }

    /// Waits for every page's coding and writes the file; pages 0..<pageCount must all have been added.
    public func finish(pageCount: Int) throws {
        group.wait()
        let (pages, failed) = state.withLock { ($0.pages, $0.failed) }
        guard !failed, pageCount > 0, (0..<pageCount).allSatisfy({ pages[$0] != nil }) else { throw T4Error.cannotWrite(path: path) }
        guard let tif = TIFFOpen(path, "w") else { throw T4Error.cannotWrite(path: path) }
        defer { TIFFClose(tif) }
        for index in 0..<pageCount {
            guard let partFile = TIFFOpen(part(index), "r") else { throw T4Error.cannotWrite(path: path) }
            defer { TIFFClose(partFile) }
            guard TIFFNumberOfStrips(partFile) == 1 else { throw T4Error.cannotWrite(path: path) }
            let size = Int(TIFFRawStripSize(partFile, 0))
            guard size > 0 else { throw T4Error.cannotWrite(path: path) }
            var coded = [UInt8](repeating: 0, count: size)
            let read = coded.withUnsafeMutableBytes { TIFFReadRawStrip(partFile, 0, $0.baseAddress, tmsize_t($0.count)) }
            guard Int(read) == size else { throw T4Error.cannotWrite(path: path) }
            TIFFFaxWriter.setTags(tif, page: pages[index]!, index: index, count: pageCount, compression: compression)
            let wrote = coded.withUnsafeMutableBytes { TIFFWriteRawStrip(tif, 0, $0.baseAddress, tmsize_t($0.count)) }
            guard Int(wrote) == size, TIFFWriteDirectory(tif) == 1 else { throw T4Error.cannotWrite(path: path) }
        }
    }
}
