// ConfirmationReport: the one-page transmission report of a sent fax (seed 004's confirmation):
// a title, the outcome as label/value lines, and page 1 as it went out, reduced to half size in
// a frame — an A4 fine-resolution fax page, written as PDF like a received fax.

import Foundation
import T4

public struct ConfirmationReport: Sendable {
    public var title: String
    /// (label, value) lines under the title.
    public var lines: [(String, String)]
    /// Page 1 as transmitted; nil when the document is gone.
    public var firstPage: FaxPage?

    public init(title: String = "Fax transmission report", lines: [(String, String)], firstPage: FaxPage?) {
        self.title = title
        self.lines = lines
        self.firstPage = firstPage
    }

    static let resolution = FaxResolution.fine
    /// Where the reduced page 1 starts (rows from the top: 279 pt).
    static let imageTop = 760
    static let maxLines = 13

    /// The report as one fax page.
    public func page() throws -> FaxPage {
        let rows = PaperSize.a4.rows(at: Self.resolution)
        let width = FaxPageWidth.a4
        var placed = [TextLine(text: title, x: 50, baseline: 60, pointSize: 22, font: .sansBold)]
        let labelWidth = (lines.map(\.0.count).max() ?? 0) + 2
        // At most 13 lines of 13 points from 90 pt: the last baseline (246 pt) is above the image.
        for (index, (label, value)) in lines.prefix(Self.maxLines).enumerated() {
            let text = (label + ":").padding(toLength: labelWidth, withPad: " ", startingAt: 0) + String(value.prefix(70))
            placed.append(TextLine(text: text, x: 50, baseline: 90 + Double(index) * 13, pointSize: 10.5, font: .mono))
        }
        let caption = firstPage == nil ? "Page 1: the document was deleted." : "Page 1 as sent (half size):"
        placed.append(TextLine(text: caption, x: 50, baseline: Double(Self.imageTop) * 72 / Self.resolution.verticalDPI - 10,
                               pointSize: 11, font: .sans))
        var page = Bilevel.page(from: try TextRenderer.render(placed, width: width, height: rows, resolution: Self.resolution),
                                resolution: Self.resolution, method: .threshold)
        if let firstPage { Self.paste(Self.halved(firstPage), into: &page, x: (width - width / 2) / 2, y: Self.imageTop) }
        return page
    }

    /// Writes the report as a one-page PDF at `path`.
    public func writePDF(to path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        let tiff = (folder.isEmpty ? "." : folder) + "/.report-\(UUID().uuidString).tif"
        defer { try? FileManager.default.removeItem(atPath: tiff) }
        try TIFFFaxWriter.write([try page()], to: tiff)
        try FaxPDFWriter.write(tiff: tiff, to: path)
    }

    /// `page` at half its width and (at fine or finer) half its rows; a pixel is black when two
    /// or more of the pixels it stands for are (thin strokes survive, speckle does not darken it).
    static func halved(_ page: FaxPage) -> FaxPage {
        let rowStep = page.resolution == .standard ? 1 : 2
        let width = page.width / 2, length = page.length / rowStep
        let inRow = page.bytesPerRow, outRow = (width + 7) / 8
        var bits = [UInt8](repeating: 0, count: outRow * length)
        page.bits.withUnsafeBufferPointer { source in
            for y in 0..<length {
                for x in 0..<width {
                    var black = 0
                    for dy in 0..<rowStep {
                        let base = (rowStep * y + dy) * inRow
                        for dx in 0..<2 {
                            let sx = 2 * x + dx
                            if source[base + sx >> 3] & (0x80 >> UInt8(sx & 7)) != 0 { black += 1 }
                        }
                    }
                    if black >= 2 { bits[y * outRow + x >> 3] |= 0x80 >> UInt8(x & 7) }
                }
            }
        }
        return FaxPage(width: width, length: length, resolution: resolution, bits: bits)
    }

    /// `page` with `image` drawn at (x, y) inside a 2-pixel frame, clipped to the page.
    static func paste(_ image: FaxPage, into page: inout FaxPage, x: Int, y: Int) {
        page.fill(x: x - 4, y: y - 4, width: image.width + 8, height: 2)
        page.fill(x: x - 4, y: y + image.length + 2, width: image.width + 8, height: 2)
        page.fill(x: x - 4, y: y - 4, width: 2, height: image.length + 8)
        page.fill(x: x + image.width + 2, y: y - 4, width: 2, height: image.length + 8)
        var bits = page.bits
        let outRow = page.bytesPerRow
        for row in 0..<max(0, min(image.length, page.length - y)) {
            for column in 0..<max(0, min(image.width, page.width - x)) where image.isBlack(x: column, y: row) {
                let px = x + column
                bits[(y + row) * outRow + px >> 3] |= 0x80 >> UInt8(px & 7)
            }
        }
        page = FaxPage(width: page.width, length: page.length, resolution: page.resolution, bits: bits)
    }
}
