// DocumentsBenchmark: converting a multi-page PDF to fine-resolution fax pages.
//   - pages per second of DocumentConverter (Ghostscript to 1-bit pages, page header stamped,
//     T.6 coded while Ghostscript renders) as a ratio to Ghostscript's own fax device run directly with HylaFAX-style
//     options (-sDEVICE=tiffg4 -r204x196 -dFIXEDMEDIA -g1728x2292), in the same run (goal ≥ 1.0);
//   - encoded bytes per page as a ratio to that Ghostscript output (goal ≤ 1.0).
// Wall-clock time (both sides spend it in a subprocess), best of several runs.

import FaxDocuments
import Foundation
import T4

enum DocumentsBenchmark {
    static let pages = 20
    static let repetitions = 5

    static func run() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("swiftfax-bench-docs-\(getpid())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let pdf = "\(dir)/document.pdf"
        try makePDF(pdf, in: dir)

        let baseline = "\(dir)/gs.tif"
        let gsArgs = ["-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=tiffg4", "-r204x196", "-dFIXEDMEDIA",
                      "-g1728x2292", "-dPDFFitPage", "-sOutputFile=\(baseline)", pdf]
        let gsSeconds = try best { try runTool("/usr/bin/gs", gsArgs) }

        var options = ConversionOptions(resolution: .fine, compression: .t6)
        options.header = PageHeader(sender: "SwiftFax Bench", number: "+1 555 0100", recipient: "Baseline")
        let ours = "\(dir)/swiftfax.tif"
        let converter = DocumentConverter(options: options)
        let ourSeconds = try best { try converter.convert([pdf], to: ours) }
        let pagesSeconds = try best { _ = try converter.pages(for: [pdf]) }
        let rendered = try converter.pages(for: [pdf])
        let writeSeconds = try best { try TIFFFaxWriter.writeConcurrently(rendered, to: "\(dir)/write.tif", compression: .t6) }
        let plain = "\(dir)/plain.tif"
        let plainSeconds = try best { try DocumentConverter(options: ConversionOptions(resolution: .fine, compression: .t6)).convert([pdf], to: plain) }
        let plainInfo = try TIFFFaxReader.pageInfo(path: plain)

        let gsInfo = try TIFFFaxReader.pageInfo(path: baseline), ourInfo = try TIFFFaxReader.pageInfo(path: ours)
        guard gsInfo.count == pages, ourInfo.count == pages else {
            print("page counts differ: Ghostscript \(gsInfo.count), SwiftFax \(ourInfo.count)")
            return
        }
        let gsBytes = Double(gsInfo.reduce(0) { $0 + $1.encodedBytes }) / Double(pages)
        let ourBytes = Double(ourInfo.reduce(0) { $0 + $1.encodedBytes }) / Double(pages)
        let gsFile = Double(fileSize(baseline)) / Double(pages), ourFile = Double(fileSize(ours)) / Double(pages)
        print("document: \(pages)-page text PDF (A4), fine 204×196, T.6; best of \(repetitions) runs, wall clock")
        print("                       seconds   pages/s   bytes/page (data)   bytes/page (file)")
        print(row("gs tiffg4 (HylaFAX)", gsSeconds, gsBytes, gsFile))
        print(row("SwiftFax + header", ourSeconds, ourBytes, ourFile))
        let plainBytes = Double(plainInfo.reduce(0) { $0 + $1.encodedBytes }) / Double(max(1, plainInfo.count))
        print(row("SwiftFax, no header", plainSeconds, plainBytes, Double(fileSize(plain)) / Double(max(1, plainInfo.count))))
        print(String(format: "SwiftFax breakdown: render + bi-level + header %.3f s, T.6 write (libtiff, pages coded concurrently) %.3f s",
                     pagesSeconds, writeSeconds))
        print(String(format: "throughput ratio SwiftFax/gs: %.2f (goal ≥ 1.0)", gsSeconds / ourSeconds))
        print(String(format: "bytes-per-page ratio SwiftFax/gs: %.3f data, %.3f file with the header (goal ≤ 1.0); %.3f data without it",
                     ourBytes / gsBytes, ourFile / gsFile, plainBytes / gsBytes))
    }

    static func row(_ label: String, _ seconds: Double, _ data: Double, _ file: Double) -> String {
        label.padding(toLength: 22, withPad: " ", startingAt: 0)
            + String(format: "%8.3f  %8.1f  %18.0f  %18.0f", seconds, Double(pages) / seconds, data, file)
    }

    static func best(_ body: () throws -> Void) throws -> Double {
        var best = Double.infinity
        for _ in 0..<repetitions {
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        return best
    }

    static func fileSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
    }

    static func runTool(_ tool: String, _ args: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = args
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CocoaError(.executableLoad) }
    }

    /// A business-letter-like PDF: a heading, 50 lines of body text, a table of ruled lines per page.
    static func makePDF(_ path: String, in dir: String) throws {
        var ps = "%!PS-Adobe-3.0\n<< /PageSize [595 842] >> setpagedevice\n"
        let words = ["invoice", "delivery", "facsimile", "quarterly", "amount", "reference", "signature", "order"]
        for page in 1...pages {
            ps += "/Helvetica-Bold findfont 18 scalefont setfont 60 770 moveto (Document page \(page)) show\n"
            ps += "/Times-Roman findfont 11 scalefont setfont\n"
            for line in 0..<50 {
                let text = (0..<11).map { words[(page * 7 + line * 3 + $0) % words.count] }.joined(separator: " ")
                ps += "60 \(740 - line * 12) moveto (\(text)) show\n"
            }
            ps += "0.8 setlinewidth\n"
            for r in 0..<6 { ps += "60 \(100 + r * 15) moveto 535 \(100 + r * 15) lineto stroke\n" }
            ps += "showpage\n"
        }
        let source = "\(dir)/document.ps"
        try ps.write(toFile: source, atomically: true, encoding: .utf8)
        try runTool("/usr/bin/gs", ["-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=pdfwrite", "-o", path, source])
    }
}
