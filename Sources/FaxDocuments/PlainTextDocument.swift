// PlainTextDocument: lays UTF-8 text out in pages of monospaced lines (tabs expanded, long lines
// wrapped, form feeds start a new page) and renders each with TextRenderer.

import Foundation
import T4

enum PlainTextDocument {
    static let pointSize = 10.0
    static let lineHeight = 12.0
    static let margin = 42.0  // points; leaves room for the page header above the text
    static let columns = 86

    static func render(_ data: [UInt8], path: String, options: ConversionOptions) throws -> [GreyImage] {
        guard let text = String(validating: data, as: UTF8.self) else {
            throw DocumentError.invalid(path: path, reason: "not valid UTF-8 text")
        }
        let rows = options.paper.rows(at: options.resolution)
        let pageHeightPt = options.paper.heightInches * 72
        let linesPerPage = Int((pageHeightPt - 2 * margin) / lineHeight)
        let pages = paginate(text, linesPerPage: linesPerPage)
        guard pages.count <= options.limits.maxPages else {
            throw DocumentError.tooLarge(path: path, reason: "\(pages.count) pages of text (limit \(options.limits.maxPages))")
        }
        return try pages.map { lines in
            let placed = lines.enumerated().map { i, line in
                TextLine(text: line, x: margin * 0.8, baseline: margin + Double(i + 1) * lineHeight, pointSize: pointSize)
            }
            return try TextRenderer.render(placed, width: FaxPageWidth.a4, height: rows, resolution: options.resolution)
        }
    }

    /// Pages of display lines; blank pages are dropped, so an empty document has no pages.
    static func paginate(_ text: String, linesPerPage: Int) -> [[String]] {
        var pages: [[String]] = []
        var page: [String] = []
        let normalised = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        for (chunkIndex, chunk) in normalised.split(separator: "\u{0C}", omittingEmptySubsequences: false).enumerated() {
            if chunkIndex > 0 { pages.append(page); page = [] }
            var lines = chunk.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            if lines.last == "" { lines.removeLast() }
            for line in lines {
                for display in wrap(expandTabs(line)) {
                    if page.count == linesPerPage { pages.append(page); page = [] }
                    page.append(display)
                }
            }
        }
        if !page.isEmpty { pages.append(page) }
        return pages.filter { lines in lines.contains { !$0.trimmingCharacters(in: .whitespaces).isEmpty } }
    }

    static func expandTabs(_ line: String) -> String {
        guard line.contains("\t") else { return line }
        var out = ""
        for ch in line {
            if ch == "\t" { out += String(repeating: " ", count: 8 - out.count % 8) } else { out.append(ch) }
        }
        return out
    }

    static func wrap(_ line: String) -> [String] {
        let chars = Array(line)
        guard chars.count > columns else { return [line] }
        return stride(from: 0, to: chars.count, by: columns).map { String(chars[$0..<min($0 + columns, chars.count)]) }
    }
}
