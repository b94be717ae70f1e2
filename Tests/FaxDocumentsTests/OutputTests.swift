// Outputs: TIFF/F to PDF (page count and physical page size for every resolution, checked with
// poppler's pdfinfo) and PNG previews/thumbnails with square pixels.

import FaxDocuments
import Foundation
import T4
import Testing

@Suite(.serialized) struct OutputTests {
    @Test(arguments: FaxResolution.allCases)
    func pdfHasOnePageEachAtA4Size(_ resolution: FaxResolution) throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let tiff = ws.file("fax.tif")
        try TIFFFaxWriter.write(TestChart.pages(count: 3, resolution: resolution, seed: 5), to: tiff, compression: .t6)
        let pdf = ws.file("fax.pdf")
        try FaxPDFWriter.write(tiff: tiff, to: pdf)
        let info = try ws.run("/usr/bin/pdfinfo", [pdf])
        #expect(info.range(of: #"Pages:\s+3\n"#, options: .regularExpression) != nil, "\(info)")
        // 1728 px / 204 dpi = 8.47 in = 609.9 pt; A4's 297 mm = 841.9 pt whatever the vertical resolution.
        let size = try #require(info.split(separator: "\n").first { $0.hasPrefix("Page size:") })
        let numbers = size.split(whereSeparator: { $0 == " " }).compactMap { Double($0) }
        #expect(numbers.count == 2)
        #expect(abs(numbers[0] - 609.9) < 1 && abs(numbers[1] - 841.9) < 2, "\(size)")
    }

    @Test func pdfOfAConvertedDocumentShowsTheContent() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let tiff = ws.file("fax.tif")
        try DocumentConverter().convert([try ws.makePDF("in.pdf", pages: 2)], to: tiff)
        let pdf = ws.file("fax.pdf")
        try FaxPDFWriter.write(tiff: tiff, to: pdf)
        // Render the PDF back independently (poppler) and look for the square in the top-left.
        try ws.run("/usr/bin/pdftoppm", ["-r", "50", "-gray", "-f", "1", "-l", "1", pdf, ws.file("back")])
        let pgm = try #require(try FileManager.default.contentsOfDirectory(atPath: ws.path).first { $0.hasPrefix("back") })
        let image = PopplerGreymap.grey(ws.file(pgm))
        #expect(image.map { $0.topLeftDark } == true)
    }

    @Test func pngPreviewsAndThumbnailsHaveSquarePixels() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let pages = TestChart.pages(count: 2, resolution: .standard, seed: 3)
        let previews = try FaxPreviewWriter.write(pages, to: ws.file("prev"))
        let thumbs = try FaxPreviewWriter.write(pages, to: ws.file("prev"), prefix: "thumb", maxWidth: 200)
        #expect(previews.count == 2 && thumbs.count == 2)
        let size = try ws.run("/usr/bin/identify-im6.q16", ["-format", "%wx%h ", previews[0], thumbs[0]])
        // 1145 standard rows at 98 dpi look like 2384 rows at 204 dpi.
        let expectedRows = Int((Double(pages[0].length) * 204 / 98).rounded())
        #expect(size == "1728x\(expectedRows) 200x\(Int((Double(expectedRows) * 200 / 1728).rounded())) ", "\(size)")
    }

    @Test func refusesToMakeAPDFFromGarbage() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let junk = ws.file("junk.tif")
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: junk))
        #expect(throws: DocumentError.self) { try FaxPDFWriter.write(tiff: junk, to: ws.file("x.pdf")) }
        #expect(!FileManager.default.fileExists(atPath: ws.file("x.pdf")))
    }
}

/// poppler's PGM output, read directly (independent of the converter's own code paths).
enum PopplerGreymap {
    struct Grey {
        let width: Int, height: Int, pixels: [UInt8]
        /// Darker top-left corner region than the page average.
        var topLeftDark: Bool {
            var corner = 0, all = 0
            for y in 0..<height { for x in 0..<width {
                let dark = pixels[y * width + x] < 128 ? 1 : 0
                all += dark
                if x < width / 4 && y < height / 6 { corner += dark }
            } }
            return corner > 0 && Double(corner) / Double(width * height / 24) > 3 * Double(all) / Double(width * height)
        }
    }

    static func grey(_ path: String) -> Grey? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        // pdftoppm -gray writes a plain P5 greymap: header "P5\nW H\n255\n".
        let bytes = [UInt8](data)
        let header = String(decoding: bytes.prefix(40), as: UTF8.self).split(whereSeparator: { $0 == "\n" || $0 == " " })
        guard header.count >= 4, header[0] == "P5", let w = Int(header[1]), let h = Int(header[2]) else { return nil }
        return Grey(width: w, height: h, pixels: Array(bytes.suffix(w * h)))
    }
}
