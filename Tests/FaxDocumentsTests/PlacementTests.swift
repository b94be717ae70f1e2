// Content lands where it should: quadrant ink statistics, landscape rotation, threshold vs halftone.

import FaxDocuments
import Foundation
import T4
import Testing

@Suite(.serialized) struct PlacementTests {
    /// The dominant ink of a page with a black square top-left is in the top-left quadrant.
    func expectTopLeft(_ page: FaxPage, sourceLocation: SourceLocation = #_sourceLocation) {
        let ink = quadrantInk(page)
        #expect(ink[0] > 0.05, "top-left ink \(ink)", sourceLocation: sourceLocation)
        #expect(ink[0] > 4 * max(ink[1], ink[2], ink[3]), "quadrants \(ink)", sourceLocation: sourceLocation)
    }

    @Test func pdfSquareLandsTopLeft() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let page = try #require(try DocumentConverter().pages(for: [try ws.makePDF("a.pdf", pages: 1)]).first)
        // Independent reference: the square is 100 pt at (40 pt, 40 pt from the top) of an A4 page.
        // Scaled by 1728/1687 (A4 fitted across 1728 pixels): x ≈ 116…398, y ≈ 111…383 at 204×196.
        let inside = page.blackPixelCount(x: 140, y: 135, width: 230, height: 220)
        #expect(Double(inside) > 0.98 * 230 * 220)
        #expect(page.blackPixelCount(x: 0, y: 0, width: 100, height: 100) == 0)
        expectTopLeft(page)
    }

    @Test func imageSquareLandsTopLeft() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        for name in ["a.png", "a.jpg", "a.gif"] {
            let page = try #require(try DocumentConverter().pages(for: [try ws.makeImage(name)]).first)
            expectTopLeft(page)
        }
    }

    @Test func tiffAndCupsSquaresLandTopLeft() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let tiff = try ws.makeGreyTIFF("scan.tif", width: 800, height: 1100, dpi: 100, pages: 1)
        let cups = try ws.makeCupsRaster("job.ras", pages: 1)
        for page in try DocumentConverter().pages(for: [tiff, cups]) { expectTopLeft(page) }
    }

    @Test func landscapePagesAreRotatedOntoPortraitPages() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let pdf = try ws.makePDF("land.pdf", pages: 1, landscape: true)
        let png = try ws.makeImage("land.png", width: 400, height: 300)
        for page in try DocumentConverter().pages(for: [pdf, png]) {
            #expect(page.width == 1728 && page.length == 2292)
            // Turned a quarter anticlockwise: the landscape page's top-left corner is now bottom-left.
            let ink = quadrantInk(page)
            #expect(ink[2] > 4 * max(ink[0], ink[1], ink[3]), "quadrants \(ink)")
        }
    }

    @Test func photosAreHalftonedAndTextIsThresholded() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let gradient = ws.file("photo.png")
        try ws.run("/usr/bin/convert-im6.q16", ["-size", "300x400", "gradient:white-black", gradient])
        // The middle band (mid-grey) must be a dot pattern near 50 % ink with halftone (automatic picks it) …
        for method in [BilevelMethod.automatic, .halftone] {
            var options = ConversionOptions()
            options.bilevel = method
            let page = try #require(try DocumentConverter(options: options).pages(for: [gradient]).first)
            let middle = Double(page.blackPixelCount(x: 200, y: 1100, width: 1300, height: 60)) / (1300 * 60)
            #expect(middle > 0.3 && middle < 0.7, "\(method): \(middle)")
        }
        // … and a hard edge with threshold: rows are either almost white or almost black.
        var options = ConversionOptions()
        options.bilevel = .threshold
        let page = try #require(try DocumentConverter(options: options).pages(for: [gradient]).first)
        let above = Double(page.blackPixelCount(x: 200, y: 900, width: 1300, height: 40)) / (1300 * 40)
        let below = Double(page.blackPixelCount(x: 200, y: 1400, width: 1300, height: 40)) / (1300 * 40)
        #expect(above < 0.02 && below > 0.98, "\(above) \(below)")
        // Text stays thresholded under automatic: a text PDF has no dot pattern in its blank areas.
        let text = try #require(try DocumentConverter().pages(for: [try ws.makePDF("t.pdf", pages: 1)]).first)
        #expect(text.blackPixelCount(x: 0, y: 1500, width: 1728, height: 400) == 0)
    }
}
