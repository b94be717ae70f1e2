// TestDocuments: the documents people print and mail — a two-page PDF (Ghostscript from PostScript), a
// plain-text memo and a PNG (ImageMagick) — made with real tools in the test's folder.

import Foundation

public enum TestDocuments {
    public static func pdf(_ dir: ScratchDirectory, pages: Int = 2) throws -> String {
        var ps = "%!PS\n/Helvetica findfont 24 scalefont setfont\n"
        for page in 1...pages {
            ps += "72 700 moveto (Print to fax, page \(page)) show\n"
            ps += "72 72 \(100 + page * 40) \(200 + page * 30) rectfill\nshowpage\n"
        }
        try ps.write(toFile: dir.file("document.ps"), atomically: true, encoding: .utf8)
        try check(runTool("/usr/bin/gs", ["-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=pdfwrite", "-sPAPERSIZE=letter",
                                          "-o", dir.file("letter.pdf"), dir.file("document.ps")], timeout: 60), "gs")
        return dir.file("letter.pdf")
    }

    public static func text(_ dir: ScratchDirectory) throws -> String {
        let memo = (1...30).map { "Line \($0): the quick brown fox faxes the lazy dog." }.joined(separator: "\n") + "\n"
        try memo.write(toFile: dir.file("notes.txt"), atomically: true, encoding: .utf8)
        return dir.file("notes.txt")
    }

    public static func png(_ dir: ScratchDirectory) throws -> String {
        try check(runTool("/usr/bin/convert-im6.q16", ["-size", "600x800", "xc:white", "-fill", "black",
                                                        "-draw", "rectangle 50,50 250,300", "-draw", "circle 400,500 450,600",
                                                        dir.file("scan.png")], timeout: 60), "convert")
        return dir.file("scan.png")
    }

    public static func check(_ result: (status: Int32?, output: String), _ tool: String) throws {
        guard result.status == 0 else { throw DocumentToolError(description: "\(tool) failed: \(result.output)") }
    }
}

public struct DocumentToolError: Error, CustomStringConvertible {
    public let description: String
}
