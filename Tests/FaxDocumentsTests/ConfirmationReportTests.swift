// ConfirmationReport: the report page holds page 1 reduced at its place, framed, under the text;
// without a page (the document deleted) that place is white inside the frame; it writes as a
// one-page PDF.

import FaxDocuments
import FaxTestSupport
import Foundation
import T4
import Testing

@Suite struct ConfirmationReportTests {
    @Test func theReportShowsPageOneReducedUnderTheOutcome() throws {
        let dir = ScratchDirectory("report")
        let page = TestChart.pages(count: 1, resolution: .fine, seed: 9, density: 0.3)[0]
        let lines = [("Fax", "01JTESTTESTTESTTESTTESTTES"), ("Result", "SENT"), ("Completion", "0 OK"), ("To", "+15550200"),
                     ("From", "+15550300"), ("Remote station", "+1 555 0200"), ("Pages sent", "1 of 1"), ("Attempts", "1 of 3"),
                     ("Submitted", "2026-12-06 10:00:00 UTC"), ("Ended", "2026-12-06 10:01:02 UTC"), ("Line time", "41 s"),
                     ("Speed", "14400 bit/s, T.6, ECM"), ("Faxbox", "fbx_01JTESTTESTTESTTESTTESTTES")]
        let report = try ConfirmationReport(lines: lines, firstPage: page).page()
        #expect(report.width == 1728 && report.resolution == .fine)
        // The image region holds page 1's content (a reduced chart is far from blank) and nothing
        // of the text reaches into it: the rows between the text and the frame are white.
        let imageRows = 760..<(760 + page.length / 2)
        let inImage = imageRows.reduce(0) { sum, y in sum + (432..<1296).filter { report.isBlack(x: $0, y: y) }.count }
        #expect(inImage > page.blackPixelCount / 10, "page 1 is not in the report")
        let textRows = 0..<700
        #expect(textRows.contains { y in (0..<1728).contains { report.isBlack(x: $0, y: y) } }, "no text")
        let blank = try ConfirmationReport(lines: lines, firstPage: nil).page()
        #expect(imageRows.dropFirst(4).dropLast(4).allSatisfy { y in !(440..<1288).contains { blank.isBlack(x: $0, y: y) } })
        // As PDF: one page.
        let pdf = dir.file("report.pdf")
        try ConfirmationReport(lines: lines, firstPage: page).writePDF(to: pdf)
        #expect(try runTool("/usr/bin/pdfinfo", [pdf]).output.contains("Pages:           1"))
        if let keep = ProcessInfo.processInfo.environment["KEEP_REPORT"] { try FileManager.default.copyItem(atPath: pdf, toPath: keep) }
    }
}
