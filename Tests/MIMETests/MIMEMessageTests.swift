// MIMEMessage, read back by an independent parser — Python's `email` package (policy.default,
// which decodes RFC 2047 and RFC 2231) — with hostile values: names and subjects carrying CRLF and
// a forged "Bcc:", non-ASCII text, a path in a file name, long subjects, binary attachments. The
// parser must see exactly the headers we meant, the same text, the same attachment bytes, and no
// line over RFC 5322's limits.

import FaxTestSupport
import Foundation
import MIME
import Testing

@Suite struct MIMEMessageTests {
    /// What Python's parser makes of a message, as JSON.
    static let parser = #"""
import email, email.policy, hashlib, json, sys
raw = open(sys.argv[1], "rb").read()
m = email.message_from_bytes(raw, policy=email.policy.default)
lines = raw.split(b"\r\n")
head = raw.split(b"\r\n\r\n", 1)[0].split(b"\r\n")
parts = []
for p in m.walk():
    if p.is_multipart(): continue
    payload = p.get_payload(decode=True) or b""
    parts.append({"type": p.get_content_type(), "filename": p.get_filename(), "sha256": hashlib.sha256(payload).hexdigest(),
                  "size": len(payload), "text": p.get_content() if p.get_content_maintype() == "text" else None})
print(json.dumps({
    "from_name": m["From"].addresses[0].display_name, "from_addr": m["From"].addresses[0].addr_spec,
    "to": [a.addr_spec for a in m["To"].addresses], "subject": str(m["Subject"]),
    "header_names": [k for k in m.keys()], "x_fax": str(m.get("X-Fax-Remote-Station", "")),
    "defects": [str(d) for d in m.defects] + [str(d) for p in m.walk() for d in p.defects],
    "longest_header_line": max(len(l) for l in head), "longest_line": max(len(l) for l in lines),
    "bare_lf": b"\n" in raw.replace(b"\r\n", b""), "parts": parts}))
"""#

    struct Parsed: Decodable {
        struct Part: Decodable { let type: String; let filename: String?; let sha256: String; let size: Int; let text: String? }
        let from_name: String, from_addr: String, to: [String], subject: String, header_names: [String], x_fax: String
        let defects: [String], longest_header_line: Int, longest_line: Int, bare_lf: Bool, parts: [Part]
    }

    static func parse(_ message: MIMEMessage) throws -> Parsed {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mime-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data(message.rendered()).write(to: URL(fileURLWithPath: dir + "/message.eml"))
        try parser.write(toFile: dir + "/parse.py", atomically: true, encoding: .utf8)
        let run = try runTool("/usr/bin/python3", [dir + "/parse.py", dir + "/message.eml"])
        try #require(run.status == 0, "\(run.output)")
        return try JSONDecoder().decode(Parsed.self, from: Data(run.output.utf8))
    }

    static func sha256(_ bytes: [UInt8]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sha-\(UUID().uuidString)").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        return String(try runTool("/usr/bin/sha256sum", [path]).output.prefix(64))
    }

    @Test func hostileValuesStayInTheirHeaders() throws {
        var generator = SystemRandomNumberGenerator()
        let pdf = Array("%PDF-1.4\n".utf8) + (0..<100_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let tiff: [UInt8] = [0x49, 0x49, 0x2A, 0x00] + (0..<5_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let caller = "+1 555 0200\r\nBcc: victim@example.com"
        let subject = "Fax von Müller – 3 Seiten\r\nBcc: x@example.com " + String(repeating: "lang ", count: 40) + "=?utf-8?q?forged?="
        let message = MIMEMessage(
            from: try MailAddress("fax@hospital.example", displayName: "Fax \"Ward 3\"\r\nBcc: a@b.example"),
            to: [try MailAddress("ward3@hospital.example", displayName: "Station 3 – Ärzte"), try MailAddress("archive@hospital.example")],
            subject: subject, headers: [("X-Fax-Remote-Station", caller), ("Bad Header\r\nBcc", "dropped")],
            text: "Fax from \(caller)\nPages: 3\n\nGrüße\n" + String(repeating: "x", count: 2000),
            attachments: [.init(filename: "../../etc/pässwd.pdf", contentType: "application/pdf", data: pdf),
                          .init(filename: "fax.tif", contentType: "image/tiff\r\nBcc: y@example.com", data: tiff)])
        let parsed = try Self.parse(message)
        #expect(parsed.defects.isEmpty, "\(parsed.defects)")
        #expect(!parsed.header_names.contains { $0.lowercased() == "bcc" }, "a value added a header: \(parsed.header_names)")
        #expect(parsed.header_names == ["From", "To", "Subject", "Date", "Message-ID", "MIME-Version", "X-Fax-Remote-Station", "Content-Type"])
        #expect(parsed.from_addr == "fax@hospital.example" && parsed.from_name == "Fax \"Ward 3\" Bcc: a@b.example")
        #expect(parsed.to == ["ward3@hospital.example", "archive@hospital.example"])
        #expect(parsed.subject == "Fax von Müller – 3 Seiten Bcc: x@example.com " + String(repeating: "lang ", count: 39) + "lang =?utf-8?q?forged?=")
        #expect(parsed.x_fax == "+1 555 0200 Bcc: victim@example.com")
        #expect(parsed.longest_header_line <= 78, "a header line of \(parsed.longest_header_line) characters")
        #expect(parsed.longest_line <= 998 && !parsed.bare_lf)
        try #require(parsed.parts.count == 3)
        #expect(parsed.parts[0].type == "text/plain" && parsed.parts[0].text?.contains("Grüße") == true)
        #expect(parsed.parts[0].text?.replacingOccurrences(of: "\r\n", with: "\n").contains("Fax from +1 555 0200\nBcc: victim@example.com\n") == true,
                "the body keeps the text, as text (a line of the body is no header)")
        #expect(parsed.parts[1].type == "application/pdf" && parsed.parts[1].filename == "pässwd.pdf")
        let (pdfHash, tiffHash) = (try Self.sha256(pdf), try Self.sha256(tiff))
        #expect(parsed.parts[1].size == pdf.count && parsed.parts[1].sha256 == pdfHash)
        #expect(parsed.parts[2].type == "application/octet-stream", "a content type with CRLF is not used")
        #expect(parsed.parts[2].filename == "fax.tif" && parsed.parts[2].sha256 == tiffHash)
    }

    @Test func plainMessagesStayPlain() throws {
        let message = MIMEMessage(from: try MailAddress("fax@example.com"), to: [try MailAddress("a@example.com", displayName: "A. Person")],
                                  subject: "Fax received from +15550200 (2 pages)", text: "Two pages arrived.\n")
        let text = String(decoding: message.rendered(), as: UTF8.self)
        #expect(text.contains("Subject: Fax received from +15550200 (2 pages)\r\n"))
        #expect(text.contains("To: \"A. Person\" <a@example.com>\r\n"))
        #expect(text.contains("Content-Transfer-Encoding: 7bit\r\n"))
        let parsed = try Self.parse(message)
        #expect(parsed.defects.isEmpty && parsed.parts.count == 1)
        #expect(parsed.parts.first?.text?.replacingOccurrences(of: "\r\n", with: "\n") == "Two pages arrived.\n")
    }

    @Test func addressesAreCheckedWhenMade() {
        for bad in ["", "plain", "a@b", "a@@b.example", "a b@c.example", "a@b.example\r\nBcc: x@y.example", "<a@b.example>",
                    "a..b@c.example", ".a@c.example", "a@-b.example", "a@b_c.example", "\"quoted\"@b.example",
                    String(repeating: "a", count: 65) + "@b.example"] {
            #expect(throws: MailAddress.Problem.self, "\(bad)") { try MailAddress(bad) }
        }
        for good in ["a@b.example", "first.last+fax@sub.domain.example", "x_y-z@d1.example", "!#$%&'*+-/=?^_`{|}~@x.example"] {
            #expect(throws: Never.self, "\(good)") { try MailAddress(good) }
        }
    }
}
