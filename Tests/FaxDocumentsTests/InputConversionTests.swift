// Every input type converts: page count, width, resolution and compression read back from the TIFF.

import CSpanDSP
import FaxDocuments
import Foundation
import T4
import Testing

@Suite(.serialized) struct InputConversionTests {
    /// Converts `input` and reads the written TIFF back.
    func convert(_ input: String, in ws: Workspace, options: ConversionOptions = ConversionOptions()) throws -> [FaxPageInfo] {
        let out = ws.file("out-\(UUID().uuidString).tif")
        try DocumentConverter(options: options).convert([input], to: out)
        return try TIFFFaxReader.pageInfo(path: out)
    }

    func expectFaxPages(_ info: [FaxPageInfo], count: Int, resolution: FaxResolution = .fine, compression: Int = 4,
                        sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(info.count == count, sourceLocation: sourceLocation)
        for page in info {
            #expect(page.width == 1728, sourceLocation: sourceLocation)
            #expect(page.xDPI == 204 && page.resolution == resolution, sourceLocation: sourceLocation)
            #expect(page.length == PaperSize.a4.rows(at: resolution), sourceLocation: sourceLocation)
            #expect(page.compression == compression, sourceLocation: sourceLocation)
        }
    }

    @Test func pdf() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        expectFaxPages(try convert(try ws.makePDF("doc.pdf", pages: 3), in: ws), count: 3)
    }

    @Test func postScript() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        expectFaxPages(try convert(try ws.makePostScript("doc.ps", pages: 2), in: ws), count: 2)
    }

    @Test func greyMultiPageTIFF() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let tiff = try ws.makeGreyTIFF("scan.tif", width: 600, height: 800, dpi: 100, pages: 2)
        expectFaxPages(try convert(tiff, in: ws), count: 2)
    }

    @Test func faxTIFFAtAnotherResolutionIsResampled() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let input = ws.file("standard.tif")
        try TIFFFaxWriter.write(TestChart.pages(count: 2, resolution: .standard, seed: 1), to: input, compression: .t4OneDimensional)
        expectFaxPages(try convert(input, in: ws), count: 2)
    }

    @Test func conformingFaxTIFFPassesThroughUnchanged() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let input = ws.file("fine.tif")
        let chart = TestChart.pages(count: 2, resolution: .fine, seed: 4)
        try TIFFFaxWriter.write(chart, to: input, compression: .t4TwoDimensional)
        let pages = try DocumentConverter().pages(for: [input])
        #expect(pages == chart)
    }

    @Test func png() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        expectFaxPages(try convert(try ws.makeImage("a.png"), in: ws), count: 1)
    }

    @Test func jpeg() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        expectFaxPages(try convert(try ws.makeImage("a.jpg"), in: ws), count: 1)
    }

    @Test func animatedGIFFramesArePages() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let a = try ws.makeImage("a.gif"), b = try ws.makeImage("b.gif", width: 200, height: 300)
        try ws.run("/usr/bin/convert-im6.q16", [a, b, ws.file("anim.gif")])
        expectFaxPages(try convert(ws.file("anim.gif"), in: ws), count: 2)
    }

    @Test func plainText() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let path = ws.file("letter.txt")
        let text = (1...100).map { "Line \($0): Grüße \u{00E9}\u{00E8} Ελληνικά\tend" }.joined(separator: "\n")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let info = try convert(path, in: ws)
        expectFaxPages(info, count: 2)  // 100 lines at 60 lines a page
    }

    /// Converts `input` to a TIFF and reads its pages back with T4's reader.
    func convertedPages(_ input: String, in ws: Workspace, options: ConversionOptions = ConversionOptions()) throws -> [FaxPage] {
        let out = ws.file("out-\(UUID().uuidString).tif")
        try DocumentConverter(options: options).convert([input], to: out)
        return try TIFFFaxReader.readPages(path: out)
    }

    /// Text lands where its lines are laid out: the layout puts the first baseline 54 pt from the
    /// top (42 pt margin + one 12 pt line) at x = 33.6 pt, in 10 pt DejaVu Sans Mono (6.02 pt a
    /// character). Ink in line 1's band only as far as its 11 characters reach, none in line 2's
    /// band (an empty line), ink in line 3's, and none in the margins.
    @Test(arguments: [FaxResolution.standard, .fine, .superfine])
    func textInkIsWhereTheLinesAre(_ resolution: FaxResolution) throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let path = ws.file("lines.txt")
        try "HELLO WORLD\n\nthird line, a longer one\n".write(toFile: path, atomically: true, encoding: .utf8)
        let pages = try convertedPages(path, in: ws, options: ConversionOptions(resolution: resolution))
        #expect(pages.count == 1)
        let page = pages[0]
        let rowsPerPoint = resolution.verticalDPI / 72, colsPerPoint = FaxResolution.horizontalDPI / 72
        /// Rows of the text line with baseline `points` from the top: ascenders 10 pt above, descenders 3 pt below.
        func band(_ baseline: Double) -> (y: Int, height: Int) {
            let top = Int(((baseline - 10) * rowsPerPoint).rounded(.down)), bottom = Int(((baseline + 3) * rowsPerPoint).rounded(.up))
            return (top, bottom - top)
        }
        let left = Int((33.6 * colsPerPoint).rounded(.down)) - 2
        let line1 = band(54), line2 = band(66), line3 = band(78)
        let helloEnd = Int(((33.6 + 11 * 6.02) * colsPerPoint).rounded(.up)) + 4
        let ink1 = page.blackPixelCount(x: left, y: line1.y, width: helloEnd - left, height: line1.height)
        #expect(ink1 > Int(300 * rowsPerPoint / 2.72), "line 1 has \(ink1) black pixels")
        #expect(page.blackPixelCount(x: helloEnd, y: line1.y, width: 1728 - helloEnd, height: line1.height) == 0,
                "ink right of HELLO WORLD")
        // Line 2 is empty: nothing between line 1's descenders and line 3's ascenders.
        let gapTop = line1.y + line1.height, gapBottom = line3.y
        #expect(gapBottom > gapTop && page.blackPixelCount(inRows: gapTop..<gapBottom) == 0, "ink in the empty line 2 (\(line2))")
        #expect(page.blackPixelCount(x: left, y: line3.y, width: 1728 - left, height: line3.height) > Int(500 * rowsPerPoint / 2.72))
        // Margins: above the first line, left of the text, below the last line.
        #expect(page.blackPixelCount(inRows: 0..<line1.y) == 0)
        #expect(page.blackPixelCount(x: 0, y: 0, width: left, height: page.length) == 0)
        #expect(page.blackPixelCount(inRows: (line3.y + line3.height)..<page.length) == 0)
    }

    /// PostScript (and the PDF made from it) lands where the program draws: the fixture's page 1
    /// has a 100 pt square 40 pt from the top-left corner, "Page 1 of a test" in 24 pt Helvetica
    /// with its baseline 542 pt from the top starting 60 pt in, and a 20 × 20 pt bar 722 pt down
    /// and 300 pt in. Ghostscript fits the 595 pt A4 width into the 1728-pixel (609.9 pt) fax
    /// width centred, 7.4 pt in.
    @Test(arguments: ["ps", "pdf"])
    func postScriptInkIsWhereTheProgramDrawsIt(_ kind: String) throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let input = kind == "ps" ? try ws.makePostScript("doc.ps", pages: 1) : try ws.makePDF("doc.pdf", pages: 1)
        let page = try convertedPages(input, in: ws)[0]
        let rowsPerPoint = FaxResolution.fine.verticalDPI / 72, colsPerPoint = FaxResolution.horizontalDPI / 72
        func x(_ pt: Double) -> Int { Int(((pt + 7.4) * colsPerPoint).rounded()) }
        func y(_ pt: Double) -> Int { Int((pt * rowsPerPoint).rounded()) }
        // The square: solid black (a few pixels in from its edges), nothing around it.
        let square = page.blackPixelCount(x: x(45), y: y(45), width: x(135) - x(45), height: y(135) - y(45))
        #expect(square == (x(135) - x(45)) * (y(135) - y(45)))
        #expect(page.blackPixelCount(inRows: 0..<y(36)) == 0, "ink in the top margin")
        // The text line: ink in its band from 60 pt to about 240 pt, none left or right of it.
        let text = (y: y(542 - 19), height: y(548) - y(542 - 19))
        let textInk = page.blackPixelCount(x: x(56), y: text.y, width: x(250) - x(56), height: text.height)
        #expect(textInk > 3000, "text band has \(textInk) black pixels")
        #expect(page.blackPixelCount(x: 0, y: text.y, width: x(56), height: text.height) == 0)
        #expect(page.blackPixelCount(x: x(260), y: text.y, width: 1728 - x(260), height: text.height) == 0)
        // Nothing between the square and the text, nor between the text and the bar.
        #expect(page.blackPixelCount(inRows: y(145)..<text.y) == 0)
        #expect(page.blackPixelCount(inRows: (text.y + text.height)..<y(718)) == 0)
        // The bar (page 1: 20 pt wide), and nothing under it.
        let bar = page.blackPixelCount(x: x(302), y: y(724), width: x(318) - x(302), height: y(740) - y(724))
        #expect(bar == (x(318) - x(302)) * (y(740) - y(724)))
        #expect(page.blackPixelCount(inRows: y(746)..<page.length) == 0)
    }

    @Test func cupsRaster() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let raster = try ws.makeCupsRaster("job.ras", pages: 2)
        expectFaxPages(try convert(raster, in: ws), count: 2)
        let pages = try DocumentConverter().pages(for: [raster])
        // 1686 pixels of A4 are padded (centred) to 1728, not scaled: the 400-pixel square stays 400 wide.
        #expect(pages[0].blackPixelCount(inRows: 0..<400) == 400 * 400)
    }

    @Test(arguments: FaxResolution.allCases)
    func resolutions(_ resolution: FaxResolution) throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let options = ConversionOptions(resolution: resolution)
        expectFaxPages(try convert(try ws.makePDF("doc.pdf", pages: 1), in: ws, options: options), count: 1, resolution: resolution)
    }

    @Test(arguments: [(TIFFFaxWriter.Compression.t4OneDimensional, 3), (.t4TwoDimensional, 3), (.t6, 4)])
    func codings(_ compression: TIFFFaxWriter.Compression, tag: Int) throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let options = ConversionOptions(compression: compression)
        expectFaxPages(try convert(try ws.makeImage("a.png"), in: ws, options: options), count: 1, compression: tag)
    }

    @Test func severalInputsConcatenate() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let pages = try DocumentConverter().pages(for: [try ws.makePDF("a.pdf", pages: 2), try ws.makeImage("b.png")])
        #expect(pages.count == 3)
    }
}
