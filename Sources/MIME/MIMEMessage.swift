// MIMEMessage: a mail message built the way RFC 5322 and MIME (RFC 2045–2047, 2183, 2231) want —
// headers from checked addresses and HeaderText-encoded values, a UTF-8 text part, attachments in
// base64 at 76 characters a line, CRLF line ends, a boundary that occurs in no part. Nothing a
// caller hands in (a name, a subject, a file name) can add a header or end a part early.

import Foundation

public struct MIMEMessage: Sendable {
    public struct Attachment: Sendable {
        public var filename: String
        /// "application/pdf", "image/tiff", …
        public var contentType: String
        public var data: [UInt8]

        public init(filename: String, contentType: String, data: [UInt8]) {
            self.filename = filename
            self.contentType = contentType
            self.data = data
        }
    }

    public var from: MailAddress
    public var to: [MailAddress]
    public var subject: String
    public var date: Date
    /// Without angle brackets; made from a UUID and the sender's domain when nil.
    public var messageID: String?
    /// More headers (name: letters, digits and hyphens only; the value is encoded as unstructured text).
    public var headers: [(name: String, value: String)]
    public var text: String
    public var attachments: [Attachment]

    public init(from: MailAddress, to: [MailAddress], subject: String, date: Date = Date(), messageID: String? = nil,
                headers: [(name: String, value: String)] = [], text: String, attachments: [Attachment] = []) {
        self.from = from
        self.to = to
        self.subject = subject
        self.date = date
        self.messageID = messageID
        self.headers = headers
        self.text = text
        self.attachments = attachments
    }

    /// The message as bytes (CRLF line ends), ready for `sendmail -t -i` or SMTP DATA.
    public func rendered() -> [UInt8] {
        let domain = from.address.split(separator: "@").last.map(String.init) ?? "localhost"
        let id = messageID ?? "\(UUID().uuidString.lowercased())@\(domain)"
        var out = ""
        func header(_ name: String, _ value: String) { out += name + ": " + value + "\r\n" }
        header("From", from.headerValue)
        header("To", to.map(\.headerValue).joined(separator: ",\r\n "))
        header("Subject", HeaderText.unstructured(subject, nameLength: 7))
        header("Date", Self.rfc5322Date(date))
        header("Message-ID", "<" + id.filter { !$0.isWhitespace && $0 != "<" && $0 != ">" } + ">")
        header("MIME-Version", "1.0")
        for (name, value) in headers where Self.isHeaderName(name) {
            header(name, HeaderText.unstructured(value, nameLength: name.count))
        }
        let (textEncoding, textBody) = Self.textBody(text)
        if attachments.isEmpty {
            header("Content-Type", "text/plain; charset=utf-8")
            header("Content-Transfer-Encoding", textEncoding)
            out += "\r\n" + textBody
            return Array(out.utf8)
        }
        let boundary = Self.boundary(avoiding: textBody)
        header("Content-Type", "multipart/mixed;\r\n boundary=\"\(boundary)\"")
        out += "\r\nThis is a MIME message.\r\n"
        out += "--\(boundary)\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: \(textEncoding)\r\n\r\n"
        out += textBody
        for attachment in attachments {
            let type = Self.isMediaType(attachment.contentType) ? attachment.contentType : "application/octet-stream"
            let name = Self.filenameParameter(attachment.filename)
            out += "\r\n--\(boundary)\r\nContent-Type: \(type); \(name.replacingOccurrences(of: "filename", with: "name"))\r\n"
            out += "Content-Disposition: attachment; \(name)\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            out += Self.base64Lines(attachment.data)
        }
        out += "\r\n--\(boundary)--\r\n"
        return Array(out.utf8)
    }

    /// 7bit when the text is ASCII with lines of at most 998 characters, else base64; CRLF line ends.
    static func textBody(_ text: String) -> (encoding: String, body: String) {
        var lines = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false)
        if lines.count > 1, lines.last?.isEmpty == true { lines.removeLast() }  // the text's own last line end
        let ascii = text.unicodeScalars.allSatisfy { $0.value < 0x80 && ($0.value >= 0x20 || $0 == "\n" || $0 == "\r" || $0 == "\t") }
        if ascii, lines.allSatisfy({ $0.utf8.count <= 998 }) {
            return ("7bit", lines.joined(separator: "\r\n") + "\r\n")
        }
        return ("base64", base64Lines(Array((lines.joined(separator: "\r\n") + "\r\n").utf8)))
    }

    static func base64Lines(_ data: [UInt8]) -> String {
        let encoded = Data(data).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        return encoded.isEmpty ? "" : encoded + "\r\n"
    }

    /// `filename="…"` for a plain name, else RFC 2231's `filename*=UTF-8''…` (percent-encoded).
    /// Path separators and control characters are dropped; at most 100 characters.
    static func filenameParameter(_ given: String) -> String {
        let base = given.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        var name = String(HeaderText.sanitized(base).prefix(100))
        if name.isEmpty { name = "attachment" }
        if name.unicodeScalars.allSatisfy({ (0x20...0x7E).contains($0.value) && $0 != "\"" && $0 != "\\" }) {
            return "filename=\"\(name)\""
        }
        var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(0x80)))
        allowed.insert(charactersIn: "!#$&+-.^_`|~")
        return "filename*=UTF-8''" + (name.addingPercentEncoding(withAllowedCharacters: allowed) ?? "attachment")
    }

    static func boundary(avoiding body: String) -> String {
        while true {
            let candidate = "=_swiftfax_" + UUID().uuidString.replacingOccurrences(of: "-", with: "")
            if !body.contains(candidate) { return candidate }
        }
    }

    static func isHeaderName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 76 && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
    }

    static func isMediaType(_ type: String) -> Bool {
        let parts = type.split(separator: "/", omittingEmptySubsequences: false)
        let token = { (s: Substring) in !s.isEmpty && s.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "!#$&-^_.+".contains($0)) } }
        return parts.count == 2 && token(parts[0]) && token(parts[1])
    }

    /// "Sun, 06 Dec 2026 22:13:00 +0000".
    static func rfc5322Date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }
}
