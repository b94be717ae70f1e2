// FaxPDFWriter: a received (or sent) TIFF/F file to PDF, one PDF page per fax page at the page's real
// size — libtiff's tiff2pdf, which embeds the G3/G4 data as-is and sizes pages from the TIFF resolution,
// so standard, fine and superfine pages all come out at the same physical A4/Letter size.

import Foundation
import T4

public enum FaxPDFWriter {
    public static let executable = "/usr/bin/tiff2pdf"

    /// Writes `output` from the TIFF at `input`; a failure leaves no partial PDF behind.
    public static func write(tiff input: String, to output: String, timeoutSeconds: Double = 60) throws {
        let infos: [FaxPageInfo]
        do { infos = try TIFFFaxReader.pageInfo(path: input) } catch {
            throw DocumentError.invalid(path: input, reason: "not a readable TIFF file")
        }
        guard !infos.isEmpty else { throw DocumentError.noPages(path: input) }
        let scratch = try ScratchDirectory(parent: (output as NSString).deletingLastPathComponent.isEmpty
                                               ? FileManager.default.currentDirectoryPath
                                               : (output as NSString).deletingLastPathComponent)
        defer { scratch.remove() }
        let partial = scratch.file("out.pdf")
        // The PDF embeds the fax data as it is: a little more than the TIFF, so four times its size
        // (and at least 16 MiB) is a generous cap on the one file tiff2pdf writes.
        let inputBytes = (try? FileManager.default.attributesOfItem(atPath: input)[.size] as? NSNumber)?.intValue ?? 0
        let process = BoundedProcess(executable: executable, arguments: ["-o", partial, "-t", "Fax", "-c", "SwiftFax", input],
                                     timeoutSeconds: timeoutSeconds, memoryBytes: 1 << 30,
                                     fileBytes: max(16 << 20, min(inputBytes, 1 << 40) * 4))
        let outcome = try process.run()
        if outcome.timedOut { throw DocumentError.timedOut(path: input, seconds: timeoutSeconds) }
        guard outcome.status == 0, FileManager.default.fileExists(atPath: partial) else {
            throw DocumentError.outputFailed(path: output, reason: "tiff2pdf: \(outcome.log.prefix(200))")
        }
        try? FileManager.default.removeItem(atPath: output)
        do { try FileManager.default.moveItem(atPath: partial, toPath: output) } catch {
            throw DocumentError.outputFailed(path: output, reason: "\(error)")
        }
    }
}
