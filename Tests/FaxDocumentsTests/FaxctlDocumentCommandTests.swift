// faxctl convert and faxctl preview as a user runs them: a PDF and a PNG to one TIFF/F with the
// page header, previews of exactly those pages, and a bad input refused with 4201 and no output.

import FaxTestSupport
import Foundation
import T4
import Testing

@Suite struct FaxctlDocumentCommandTests {
    static let faxctl = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("faxctl").path

    @Test func convertAndPreviewThroughTheCommandLine() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.faxctl), "faxctl is not built next to the tests")
        let ws = try Workspace()
        defer { ws.remove() }
        let pdf = try ws.makePDF("two.pdf", pages: 2)
        let png = try ws.makeImage("one.png")
        let output = ws.file("out.tif")

        let (status, text) = try runTool(Self.faxctl, ["convert", pdf, png, "-o", output, "--resolution", "superfine", "--header", "Ward 7"])
        #expect(status == 0, "\(text)")
        let info = try TIFFFaxReader.pageInfo(path: output)
        #expect(info.count == 3)
        #expect(info.allSatisfy { $0.width == 1728 && $0.resolution == .superfine && $0.compression == 4 })  // 4: T.6
        let pages = try TIFFFaxReader.readPages(path: output)
        for page in pages {  // the header band is inked on every page
            #expect(page.blackPixelCount(x: 0, y: 0, width: 1728, height: 40) > 100)
        }

        let previews = ws.file("previews")
        let (previewStatus, previewText) = try runTool(Self.faxctl, ["preview", pdf, png, "-o", previews, "--resolution", "superfine", "--header", "Ward 7"])
        #expect(previewStatus == 0, "\(previewText)")
        let files = try FileManager.default.contentsOfDirectory(atPath: previews).sorted()
        #expect(files.filter { $0.hasPrefix("page-") && $0.hasSuffix(".png") }.count == 3)
        let (_, identify) = try runTool("/usr/bin/identify-im6.q16", [previews + "/" + files.first { $0.hasPrefix("page-") }!])
        #expect(identify.contains("1728x"), "\(identify)")

        let garbage = ws.file("garbage.bin")
        try Data((0..<3000).map { _ in UInt8.random(in: 0...255) } + [0]).write(to: URL(fileURLWithPath: garbage))
        let refused = ws.file("refused.tif")
        let (badStatus, badText) = try runTool(Self.faxctl, ["convert", garbage, "-o", refused])
        #expect(badStatus != 0)
        #expect(badText.contains("4201"), "\(badText)")
        #expect(!FileManager.default.fileExists(atPath: refused))
    }
}
