// DocumentConverter+Streaming: the fast path for the commonest job — one PDF, no cover page,
// automatic bi-level. pdfinfo tells the page count first, so the header bands ("Page n/m") are
// drawn while Ghostscript starts; each 1-bit page Ghostscript streams out is stamped and handed
// to the concurrent T.6 coder at once. Rendering and coding overlap on two cores instead of
// following each other; the output is the same file the ordinary path writes.

import Dispatch
import Foundation
import Synchronization
import T4

extension DocumentConverter {
    /// The converted pages, or nil when this path does not apply (the caller converts the
    /// ordinary way).
    func convertStreaming(_ path: String, to output: String) throws -> [FaxPage]? {
        guard options.bilevel == .automatic, options.compression != .none,
              (try? Self.detectFormat(path: path)) == .pdf,
              let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue,
              size <= options.limits.maxInputBytes else { return nil }
        let scratch = try ScratchDirectory(parent: options.temporaryDirectory)
        defer { scratch.remove() }
        guard let total = PDFPageCount.count(path: path, scratch: scratch), total <= options.limits.maxPages else { return nil }

        // The header bands are drawn while Ghostscript starts up.
        let bandsReady = DispatchGroup()
        let bands = BandsBox()
        if let header = options.header {
            let resolution = options.resolution
            DispatchQueue.global(qos: .userInitiated).async(group: bandsReady) {
                bands.result = Result { try header.bands(count: total, resolution: resolution) }
            }
        }
        let partial = output + ".partial-\(UUID().uuidString)"
        let writer = ConcurrentTIFFFaxWriter(path: partial, compression: options.compression)
        let stamped = StampedPages()
        var failed: Error?
        let rendered = try GhostscriptRenderer.render(path: path, options: options, maxPages: options.limits.maxPages, scratch: scratch) { index, page in
            var page = page
            bandsReady.wait()
            switch bands.result {
            case .success(let all) where index < all.count && all[index].width == page.width:
                PageHeader.stamp(&page, with: all[index])
            case .failure(let error):
                failed = error
            default:
                break
            }
            stamped.set(index, page)
            writer.add(page, at: index)
        }
        if let failed { throw failed }
        guard rendered.count == total else {
            try? FileManager.default.removeItem(atPath: partial)
            return nil  // pdfinfo and Ghostscript disagree: the ordinary path counts for itself
        }
        do {
            try writer.finish(pageCount: total)
            if FileManager.default.fileExists(atPath: output) { try FileManager.default.removeItem(atPath: output) }
            try FileManager.default.moveItem(atPath: partial, toPath: output)
        } catch {
            try? FileManager.default.removeItem(atPath: partial)
            throw DocumentError.outputFailed(path: output, reason: "\(error)")
        }
        return stamped.ordered(total)
    }
}

private final class BandsBox: @unchecked Sendable {
    var result: Result<[FaxPage], Error> = .success([])  // written before the group is left, read after
}

private final class StampedPages: Sendable {
    private let pages = Mutex<[Int: FaxPage]>([:])
    func set(_ index: Int, _ page: FaxPage) { pages.withLock { $0[index] = page } }
    func ordered(_ count: Int) -> [FaxPage] { pages.withLock { pages in (0..<count).compactMap { pages[$0] } } }
}
