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
