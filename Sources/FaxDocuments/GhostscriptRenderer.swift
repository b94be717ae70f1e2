// GhostscriptRenderer: PDF and PostScript to bi-level fax pages with Ghostscript as a bounded subprocess.
//
// Ghostscript lays every page out on the fax medium itself (-dFIXEDMEDIA with the 1728-pixel
// width, -dPDFFitPage/-dPSFitPage: scaled to fit, landscape pages rotated) and streams the pages
// down a pipe:
//   - bi-level `automatic` (the default): 1-bit pages from the pbmraw device — what Ghostscript's
//     own fax devices render (solid text and line art, its halftone screen for images), already
//     in a fax page's bit layout, an eighth of the data to move and no per-pixel pass here;
//   - `threshold` or `halftone` asked for explicitly: 8-bit grey (pgmraw), made bi-level here
//     (a fixed threshold, or error diffusion for photographs) on the other cores while Ghostscript
//     renders the next pages.

import Dispatch
import Foundation
import Synchronization
import T4

enum GhostscriptRenderer {
    static let executable = "/usr/bin/gs"

    /// The common options: safe mode, no prompts, fit to the fixed fax medium, `-r204xV -g1728xN`.
    static func mediaArguments(resolution: FaxResolution, paper: PaperSize) -> [String] {
        let rows = paper.rows(at: resolution)
        return [
            "-dSAFER", "-dBATCH", "-dNOPAUSE", "-dQUIET",
            "-r\(Int(FaxResolution.horizontalDPI))x\(Int(resolution.verticalDPI))",
            "-dFIXEDMEDIA", "-g\(FaxPageWidth.a4)x\(rows)", "-dPDFFitPage", "-dPSFitPage",
        ]
    }

    /// Renders `path` to fax pages of exactly 1728 × paper rows. More than `maxPages` pages are refused.
    /// With `onPage`, each 1-bit page is also handed over (page index, page) the moment it arrives.
    static func render(path: String, options: ConversionOptions, maxPages: Int, scratch: ScratchDirectory,
                       onPage: ((Int, FaxPage) -> Void)? = nil) throws -> [FaxPage] {
        let device = options.bilevel == .automatic ? "pbmraw" : "pgmraw"
        let args = mediaArguments(resolution: options.resolution, paper: options.paper) + [
            "-sDEVICE=\(device)", "-sstdout=%stderr", "-dLastPage=\(maxPages + 1)", "-sOutputFile=-", "-f", path,
        ]
        let process = BoundedProcess(
            executable: executable, arguments: args, timeoutSeconds: options.limits.timeoutSeconds,
            memoryBytes: options.limits.rendererMemoryBytes, fileBytes: options.limits.rendererFileBytes,
            environment: ["TMPDIR": scratch.path]
        )
        let rows = options.paper.rows(at: options.resolution)
        let pages = PageSlots()
        var streamError: Error?
        let outcome = try process.run { fd, stop in
            var stream = NetpbmStream(fd: fd)
            let group = DispatchGroup()
            let inFlight = DispatchSemaphore(value: ProcessInfo.processInfo.activeProcessorCount + 1)
            var index = 0
            do {
                // Every page is exactly the fax medium (-g, -dFIXEDMEDIA): anything else is refused
                // before it is read, so what is held is at most maxPages fax pages.
                while let image = try stream.next(width: FaxPageWidth.a4, height: rows) {
                    guard index < maxPages else {
                        streamError = DocumentError.tooLarge(path: path, reason: "more than \(maxPages) pages")
                        stop()
                        break
                    }
                    let grey: GreyImage
                    switch image {
                    case .bits(let width, let height, let bits):
                        let page = FaxPage(width: width, length: height, resolution: options.resolution, bits: bits)
                        pages.set(index, page)
                        onPage?(index, page)
                        index += 1
                        continue
                    case .grey(let image):
                        grey = image
                    }
                    inFlight.wait()
                    let slot = index
                    DispatchQueue.global().async(group: group) {
                        pages.set(slot, Bilevel.page(from: grey, resolution: options.resolution, method: options.bilevel))
                        inFlight.signal()
                    }
                    index += 1
                }
            } catch {
                streamError = DocumentError.invalid(path: path, reason: "unexpected Ghostscript output")
                stop()
            }
            group.wait()
        }
        if outcome.timedOut { throw DocumentError.timedOut(path: path, seconds: options.limits.timeoutSeconds) }
        if outcome.logOverflowed {
            throw DocumentError.invalid(path: path, reason: "Ghostscript printed more than 1 MiB of messages (a document writing in a loop?)")
        }
        if outcome.log.contains("requires a password") { throw DocumentError.encrypted(path: path) }
        if let streamError { throw streamError }
        let rendered = pages.ordered()
        if outcome.status != 0 {
            let reason = outcome.log.split(separator: "\n").first { $0.contains("Error") }.map(String.init)
            throw DocumentError.invalid(path: path, reason: reason ?? "Ghostscript exited with status \(outcome.status)")
        }
        guard !rendered.isEmpty else {
            if outcome.log.contains("Error") { throw DocumentError.invalid(path: path, reason: "Ghostscript could not read it") }
            throw DocumentError.noPages(path: path)
        }
        return rendered
    }
}

/// Pages finished by worker threads, in page order at the end.
private final class PageSlots: Sendable {
    private let pages = Mutex<[Int: FaxPage]>([:])

    func set(_ index: Int, _ page: FaxPage) { pages.withLock { $0[index] = page } }

    func ordered() -> [FaxPage] { pages.withLock { pages in pages.keys.sorted().compactMap { pages[$0] } } }
}
