// GhostscriptRenderer: PDF and PostScript to grey fax-size pages with Ghostscript as a bounded subprocess.
//
// Ghostscript lays every page out on the fax medium itself (-dFIXEDMEDIA with the 1728-pixel
// width, -dPDFFitPage/-dPSFitPage: scaled to fit, landscape pages rotated) and writes 8-bit grey
// (pgmraw), so the bi-level step can choose threshold or halftone per page.

import Foundation
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

    /// Renders `path` to greymap files of exactly 1728 × paper rows in `scratch` and returns their paths
    /// in page order. More than `maxPages` pages are refused.
    static func render(path: String, options: ConversionOptions, maxPages: Int, scratch: ScratchDirectory) throws -> [String] {
        let prefix = "gs-\(UUID().uuidString)-"
        let pattern = scratch.file(prefix + "%05d.pgm")
        let args = mediaArguments(resolution: options.resolution, paper: options.paper) + [
            "-sDEVICE=pgmraw",
            "-dLastPage=\(maxPages + 1)", "-sOutputFile=\(pattern)", "-f", path,
        ]
        let process = BoundedProcess(
            executable: executable, arguments: args, timeoutSeconds: options.limits.timeoutSeconds,
            memoryBytes: options.limits.rendererMemoryBytes, environment: ["TMPDIR": scratch.path]
        )
        let outcome = try process.run(logPath: scratch.file("gs.log"))
        if outcome.timedOut { throw DocumentError.timedOut(path: path, seconds: options.limits.timeoutSeconds) }
        if outcome.log.contains("requires a password") || outcome.log.contains("encrypted") && outcome.log.contains("password") {
            throw DocumentError.encrypted(path: path)
        }
        let files = (try? FileManager.default.contentsOfDirectory(atPath: scratch.path))?
            .filter { $0.hasPrefix(prefix) && $0.hasSuffix(".pgm") }.sorted() ?? []
        if files.count > maxPages {
            throw DocumentError.tooLarge(path: path, reason: "more than \(maxPages) pages")
        }
        if outcome.status != 0 {
            let reason = outcome.log.split(separator: "\n").first { $0.contains("Error") }.map(String.init)
            throw DocumentError.invalid(path: path, reason: reason ?? "Ghostscript exited with status \(outcome.status)")
        }
        guard !files.isEmpty else {
            if outcome.log.contains("Error") { throw DocumentError.invalid(path: path, reason: "Ghostscript could not read it") }
            throw DocumentError.noPages(path: path)
        }
        return files.map { scratch.file($0) }
    }
}
