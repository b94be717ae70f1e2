// Format detection: by content (magic bytes), never by file name.

import FaxDocuments
import Foundation
import Testing

@Suite struct FormatDetectionTests {
    @Test func magicBytesDecide() {
        let cases: [(String, [UInt8], DocumentFormat?)] = [
            ("pdf", Array("%PDF-1.7\n".utf8), .pdf),
            ("pdf after junk", Array("junk\r\n%PDF-1.4".utf8), .pdf),
            ("ps", Array("%!PS-Adobe-3.0".utf8), .postScript),
            ("tiff le", [0x49, 0x49, 0x2A, 0x00, 8, 0, 0, 0], .tiff),
            ("tiff be", [0x4D, 0x4D, 0x00, 0x2A, 0, 0, 0, 8], .tiff),
            ("png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0], .png),
            ("jpeg", [0xFF, 0xD8, 0xFF, 0xE0], .jpeg),
            ("gif", Array("GIF89a".utf8), .gif),
            ("cups raster v3", Array("RaS3".utf8), .cupsRaster),
            ("cups raster swapped", Array("2SaR".utf8), .cupsRaster),
            ("text", Array("Dear Sir,\nthank you.\n".utf8), .text),
            ("utf-8 text", Array("Grüße, Ελληνικά\n".utf8), .text),
            ("binary", [0x00, 0x01, 0x02, 0xFE, 0xFF], nil),
            ("invalid utf-8", [0x41, 0xC3, 0x28, 0x41], nil),
            ("empty", [], nil),
        ]
        for (name, bytes, expected) in cases {
            #expect(DocumentFormat.detect(bytes) == expected, "\(name)")
        }
    }

    @Test func theExtensionIsIgnored() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let png = try ws.makeImage("square.png")
        let misnamed = ws.file("really-a-png.pdf")
        try FileManager.default.copyItem(atPath: png, toPath: misnamed)
        #expect(try DocumentConverter.detectFormat(path: misnamed) == .png)
        let pages = try DocumentConverter().pages(for: [misnamed])
        #expect(pages.count == 1)
    }
}
