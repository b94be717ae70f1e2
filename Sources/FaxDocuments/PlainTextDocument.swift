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
        guard let pages = paginate(text, linesPerPage: linesPerPage, maxPages: options.limits.maxPages) else {
            throw DocumentError.tooLarge(path: path, reason: "more than \(options.limits.maxPages) pages of text")
        }
        return try pages.map { lines in
            let placed = lines.enumerated().map { i, line in
                TextLine(text: line, x: margin * 0.8, baseline: margin + Double(i + 1) * lineHeight, pointSize: pointSize)
            }
            return try TextRenderer.render(placed, width: FaxPageWidth.a4, height: rows, resolution: options.resolution)
        }
    }

    /// Pages of display lines; blank pages are dropped, so an empty document has no pages. Nil as
    /// soon as more than `maxPages` pages (blank ones included) are laid out: the work stops there
    /// whatever the input (one 64 MB line of tabs would otherwise expand to half a gigabyte).
    static func paginate(_ text: String, linesPerPage: Int, maxPages: Int = .max) -> [[String]]? {
        var pages: [[String]] = []
        var page: [String] = []
        var laidOut = 0  // blank pages included: they cost the same work
        func endPage() -> Bool {
            if page.contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) { pages.append(page) }
            page = []
            laidOut += 1
            return laidOut <= maxPages
        }
        func add(_ display: String) -> Bool {
            if page.count == linesPerPage, !endPage() { return false }
            page.append(display)
            return true
        }
        let normalised = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        for (chunkIndex, chunk) in normalised.split(separator: "\u{0C}", omittingEmptySubsequences: false).enumerated() {
            if chunkIndex > 0, !endPage() { return nil }
            var lines = chunk.split(separator: "\n", omittingEmptySubsequences: false)
            if lines.last?.isEmpty == true { lines.removeLast() }
            for line in lines {
                guard displayLines(line, add) else { return nil }
            }
        }
        return page.isEmpty || endPage() ? pages : nil
    }

    /// Hands `line` on as display lines of at most `columns` characters, tabs expanded to the next
    /// multiple of 8 of the whole line; stops (false) when `emit` does.
    static func displayLines(_ line: Substring, _ emit: (String) -> Bool) -> Bool {
        var display = ""
        var displayCount = 0, column = 0
        func push(_ ch: Character) -> Bool {
            if displayCount == columns {
                guard emit(display) else { return false }
                display = ""
                displayCount = 0
            }
            display.append(ch)
            displayCount += 1
            column += 1
            return true
        }
        for ch in line {
            if ch == "\t" {
                for _ in 0..<(8 - column % 8) { guard push(" ") else { return false } }
            } else {
                guard push(ch) else { return false }
            }
        }
        return emit(display)
    }
}
