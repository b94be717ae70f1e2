// CoverPage: an optional first page built from a template with the job's to, from, subject, message and page count.

import Foundation
import T4

public struct CoverPage: Sendable {
    /// One line per template line. Placeholders: {to} {to_number} {from} {from_number} {subject}
    /// {message} {pages} {date}. A line starting with "# " is a heading; {message} is wrapped.
    public static let defaultTemplate = """
        # FAX
        
        To:       {to}  {to_number}
        From:     {from}  {from_number}
        Date:     {date}
        Subject:  {subject}
        Pages:    {pages} (including this page)
        
        {message}
        """

    public var template: String
    public var to: String
    public var toNumber: String
    public var from: String
    public var fromNumber: String
    public var subject: String
    public var message: String
    public var timeZone: TimeZone
    public var date: Date

    public init(template: String = CoverPage.defaultTemplate, to: String, toNumber: String = "", from: String,
                fromNumber: String = "", subject: String = "", message: String = "",
                timeZone: TimeZone = .current, date: Date = Date()) {
        self.template = template
        self.to = to
        self.toNumber = toNumber
        self.from = from
        self.fromNumber = fromNumber
        self.subject = subject
        self.message = message
        self.timeZone = timeZone
        self.date = date
    }

    static let columns = 64

    /// The cover page's lines with every placeholder filled; `pages` counts the cover page too.
    public func lines(pages: Int) -> [String] {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        formatter.dateFormat = "yyyy-MM-dd HH:mm zzz"
        let values = ["to": to, "to_number": toNumber, "from": from, "from_number": fromNumber,
                      "subject": subject, "pages": String(pages), "date": formatter.string(from: date)]
        var out: [String] = []
        for templateLine in template.split(separator: "\n", omittingEmptySubsequences: false) {
            if templateLine.trimmingCharacters(in: .whitespaces) == "{message}" {
                for paragraph in message.split(separator: "\n", omittingEmptySubsequences: false) {
                    out += wrapWords(String(paragraph))
                }
                continue
            }
            var line = String(templateLine)
            for (key, value) in values { line = line.replacingOccurrences(of: "{\(key)}", with: value) }
            out.append(line)
        }
        return out
    }

    func render(pages: Int, options: ConversionOptions) throws -> GreyImage {
        var placed: [TextLine] = []
        var baseline = 60.0
        for line in lines(pages: pages) {
            if line.hasPrefix("# ") {
                baseline += 30
                placed.append(TextLine(text: String(line.dropFirst(2)), x: 60, baseline: baseline, pointSize: 30, font: .sansBold))
                baseline += 14
            } else {
                baseline += 18
                placed.append(TextLine(text: line, x: 60, baseline: baseline, pointSize: 12, font: .mono))
            }
        }
        return try TextRenderer.render(placed, width: FaxPageWidth.a4, height: options.paper.rows(at: options.resolution),
                                       resolution: options.resolution)
    }

    private func wrapWords(_ paragraph: String) -> [String] {
        var lines: [String] = [], current = ""
        for word in paragraph.split(separator: " ") {
            if !current.isEmpty && current.count + 1 + word.count > Self.columns {
                lines.append(current)
                current = ""
            }
            current += current.isEmpty ? String(word) : " " + word
        }
        lines.append(current)
        return lines
    }
}
