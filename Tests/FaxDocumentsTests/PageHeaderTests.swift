// Page header (TTI) and cover page: text from the template, ink in the header band, distinct per page.

import FaxDocuments
import Foundation
import T4
import Testing

@Suite(.serialized) struct PageHeaderTests {
    static let date = Date(timeIntervalSince1970: 1_790_000_000)  // 2026-09-21 14:13:20 UTC

    func header() -> PageHeader {
        PageHeader(sender: "ACME GmbH", number: "+49 30 123456", recipient: "Bob",
                   timeZone: TimeZone(identifier: "Europe/Berlin")!, date: Self.date)
    }

    @Test func templateIsFilledInTheTimeZone() {
        #expect(header().text(page: 2, of: 5) == "2026-09-21 16:13  ACME GmbH  +49 30 123456  To: Bob  Page 2/5")
        var utc = header()
        utc.timeZone = TimeZone(identifier: "UTC")!
        utc.template = "{time} {page}/{pages}"
        #expect(utc.text(page: 1, of: 1) == "14:13 1/1")
    }

    @Test(arguments: FaxResolution.allCases)
    func headerInkIsStampedAndDiffersPerPage(_ resolution: FaxResolution) throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let pdf = try ws.makePDF("a.pdf", pages: 3)
        var options = ConversionOptions(resolution: resolution)
        let plain = try DocumentConverter(options: options).pages(for: [pdf])
        options.header = header()
        let stamped = try DocumentConverter(options: options).pages(for: [pdf])
        let band = 0..<Int((13 * resolution.verticalDPI / 72).rounded(.up))
        #expect(stamped.count == 3)
        for (before, after) in zip(plain, stamped) {
            #expect(before.blackPixelCount(inRows: band) == 0)
            #expect(after.blackPixelCount(inRows: band) > 300)
            // Below the band the page is untouched.
            #expect(after.blackPixelCount(inRows: band.upperBound..<after.length) == before.blackPixelCount(inRows: band.upperBound..<before.length))
        }
        // "Page 1/3", "Page 2/3", "Page 3/3": the bands differ from each other only in the page number.
        let bands = stamped.map { FaxPage(width: 1728, length: band.count, resolution: resolution,
                                          bits: Array($0.bits[0..<(band.count * $0.bytesPerRow)])) }
        #expect(bands[0] != bands[1] && bands[1] != bands[2] && bands[0] != bands[2])
        // The page number is at the end of the line: the left half of every band is identical.
        let left = { (p: FaxPage) in (0..<p.length).map { Array(p.row($0).prefix(100)) } }
        #expect(left(bands[0]) == left(bands[1]))
    }

    @Test func coverPageComesFirstAndCountsItself() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let cover = CoverPage(to: "Bob Builder", toNumber: "+1 555 0100", from: "Alice", subject: "Quote",
                              message: "Please find the quote attached.", date: Self.date)
        #expect(cover.lines(pages: 3).contains("Pages:    3 (including this page)"))
        #expect(cover.lines(pages: 3).contains { $0.contains("Bob Builder") && $0.contains("+1 555 0100") })
        var options = ConversionOptions()
        options.header = header()
        let pages = try DocumentConverter(options: options).pages(for: [try ws.makePDF("a.pdf", pages: 2)], cover: cover)
        #expect(pages.count == 3)
        // The cover has text ink in its upper part and the header band on top.
        #expect(pages[0].blackPixelCount(inRows: 100..<600) > 2000)
        #expect(pages[0].blackPixelCount(inRows: 0..<36) > 300)
        #expect(pages[1].blackPixelCount(inRows: 135..<355) > 40_000)  // page 1 of the PDF: its square
    }
}
