// MIMEParser against mail written by an independent writer — Python's `email` package, with a
// PDF and PNGs, RFC 2231 file names, an RFC 2047 subject, alternative and related parts, LF and
// CRLF line ends — and by our own MIMEMessage; then against hostile mail, each case held to its
// specific error or safe result: too many parts, too deep, too large, huge header blocks,
// broken base64, encoded CR/LF, missing boundaries, a 5 MiB line.

import FaxTestSupport
import Foundation
import MIME
import Testing

@Suite struct MIMEParserTests {
    /// Builds a message with Python's email package from files in a directory and says, as
    /// JSON, what Python itself reads in it (message/rfc822 parts as leaves, like ours).
    static let writer = #"""
import email, email.policy, json, sys
from email.message import EmailMessage
from email.headerregistry import Address
d, line_ends = sys.argv[1], sys.argv[2]
read = lambda n: open(d + "/" + n, "rb").read()
m = EmailMessage()
m["From"] = Address("Jürgen Müller", "Juergen", "Example.COM")
m["To"] = "fax+15550200@fax.example"
m["Subject"] = "Rechnung für März – bitte faxen 📠 " + "lang " * 12 + "Ende"
m.set_content("Grüße aus Köln,\nanbei die Rechnung. " + "Zeile " * 30 + "\n", cte="quoted-printable")
m.add_alternative("<p>Grüße aus Köln <img src=\"cid:photo@example\"></p>\n", subtype="html")
m.get_payload()[1].add_related(read("photo.png"), "image", "png", cid="<photo@example>")
m.add_attachment(read("invoice.pdf"), maintype="application", subtype="pdf",
                 filename="Rechnung März 2026 – Überweisung an die Stadtwerke Köln für Strom und Gas, Zählernummer 12345.pdf")
m.add_attachment(read("scan.png"), maintype="image", subtype="png", filename="скан.png")
inner = EmailMessage()
inner["Subject"] = "forwarded"
inner.set_content("inner text\n")
m.add_attachment(inner)
raw = m.as_bytes(policy=email.policy.SMTP if line_ends == "crlf" else email.policy.default)
open(d + "/message.eml", "wb").write(raw)
p = email.message_from_bytes(raw, policy=email.policy.default)
def leaves(x):
    if x.get_content_maintype() == "multipart":
        for y in x.iter_parts(): yield from leaves(y)
    else: yield x
print(json.dumps({"subject": str(p["Subject"]), "text": p.get_body(("plain",)).get_content(),
                  "leaves": [{"type": x.get_content_type(), "filename": x.get_filename()} for x in leaves(p)]}))
"""#

    struct Written: Decodable {
        struct Leaf: Decodable { let type: String; let filename: String? }
        let subject: String, text: String, leaves: [Leaf]
    }

    /// `text` with CRLF line ends (or LF), as bytes.
    static func mail(_ text: String, crlf: Bool = true) -> [UInt8] {
        Array((crlf ? text.replacingOccurrences(of: "\n", with: "\r\n") : text).utf8)
    }

    static func randomBytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }

    @Test(arguments: ["lf", "crlf"]) func readsWhatPythonWrites(lineEnds: String) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mime-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let pdf = Array("%PDF-1.4\n".utf8) + Self.randomBytes(150_000)
        let scan = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Self.randomBytes(40_000)
        let photo = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Self.randomBytes(3_001)
        try Data(pdf).write(to: URL(fileURLWithPath: dir + "/invoice.pdf"))
        try Data(scan).write(to: URL(fileURLWithPath: dir + "/scan.png"))
        try Data(photo).write(to: URL(fileURLWithPath: dir + "/photo.png"))
        try Self.writer.write(toFile: dir + "/write.py", atomically: true, encoding: .utf8)
        let run = try runTool("/usr/bin/python3", [dir + "/write.py", dir, lineEnds])
        try #require(run.status == 0, "\(run.output)")
        let python = try JSONDecoder().decode(Written.self, from: Data(run.output.utf8))
        let raw = [UInt8](try Data(contentsOf: URL(fileURLWithPath: dir + "/message.eml")))
        #expect(raw.contains(13) == (lineEnds == "crlf"))

        let message = try MIMEParser.parse(raw)
        #expect(message.mediaType == "multipart/mixed")
        #expect(message.parts.map(\.mediaType) == ["multipart/alternative", "application/pdf", "image/png", "message/rfc822"])
        #expect(message.parts.first?.parts.last?.mediaType == "multipart/related")
        #expect(message.text("Subject") == python.subject)
        #expect(message.textBody == python.text.replacingOccurrences(of: "\r\n", with: "\n"), "textBody has LF line ends")
        let from = MailAddress.firstAddress(inHeader: message.field("From") ?? "")
        #expect(from?.address == "Juergen@example.com" && from?.displayName == "Jürgen Müller")

        let leaves = message.leaves
        #expect(leaves.map(\.mediaType) == python.leaves.map(\.type))
        #expect(leaves.map(\.filename) == python.leaves.map(\.filename))
        #expect(leaves.map(\.isAttachment) == [false, false, false, true, true, true])
        try #require(leaves.count == 6)
        #expect(leaves[2].body == photo && leaves[2].field("content-id") == "<photo@example>")
        #expect(leaves[3].body == pdf, "the PDF's bytes")
        #expect(leaves[4].body == scan, "the PNG's bytes")
        #expect(leaves[4].filename == "скан.png")
        #expect(String(decoding: leaves[5].body, as: UTF8.self).contains("Subject: forwarded"), "message/rfc822 is a leaf: the message as bytes")
        #expect(leaves[5].parts.isEmpty)
    }

    @Test func readsWhatMIMEMessageWrites() throws {
        let pdf = Array("%PDF-1.4\n".utf8) + Self.randomBytes(60_000)
        let tiff: [UInt8] = [0x49, 0x49, 0x2A, 0x00] + Self.randomBytes(5_000)
        let text = "Fax from +1 555 0200\r\nBcc: victim@example.com\nPages: 3\n\nGrüße\n" + String(repeating: "x", count: 2000)
        let written = MIMEMessage(
            from: try MailAddress("fax@hospital.example", displayName: "Fax \"Ward 3\"\r\nBcc: a@b.example"),
            to: [try MailAddress("ward3@hospital.example", displayName: "Station 3 – Ärzte")],
            subject: "Fax von Müller – 3 Seiten\r\nBcc: x@example.com " + String(repeating: "lang ", count: 40) + "=?utf-8?q?forged?=",
            headers: [("X-Fax-Remote-Station", "+1 555 0200\r\nBcc: victim@example.com")], text: text,
            attachments: [.init(filename: "../../etc/pässwd.pdf", contentType: "application/pdf", data: pdf),
                          .init(filename: "fax.tif", contentType: "image/tiff\r\nBcc: y@example.com", data: tiff)])
        let message = try MIMEParser.parse(written.rendered())
        #expect(!message.fields.contains { $0.name.lowercased() == "bcc" })
        #expect(message.text("Subject") == "Fax von Müller – 3 Seiten Bcc: x@example.com " + String(repeating: "lang ", count: 39)
            + "lang =?utf-8?q?forged?=", "decoded once: text that looks like an encoded word stays text")
        #expect(message.text("X-Fax-Remote-Station") == "+1 555 0200 Bcc: victim@example.com")
        let from = MailAddress.firstAddress(inHeader: message.field("From") ?? "")
        #expect(from?.address == "fax@hospital.example" && from?.displayName == "Fax \"Ward 3\" Bcc: a@b.example")
        let to = MailAddress.firstAddress(inHeader: message.field("To") ?? "")
        #expect(to?.address == "ward3@hospital.example" && to?.displayName == "Station 3 – Ärzte")
        #expect(message.textBody == text.replacingOccurrences(of: "\r\n", with: "\n") + "\n")
        let leaves = message.leaves
        try #require(leaves.count == 3)
        #expect(leaves[1].mediaType == "application/pdf" && leaves[1].filename == "pässwd.pdf" && leaves[1].body == pdf)
        #expect(leaves[2].mediaType == "application/octet-stream" && leaves[2].filename == "fax.tif" && leaves[2].body == tiff)
        #expect(leaves.map(\.isAttachment) == [false, true, true])
    }

    // MARK: Multipart structure

    @Test(arguments: [false, true]) func multipartBoundaries(crlf: Bool) throws {
        let message = try MIMEParser.parse(Self.mail("""
            From: a@example.com
            Content-Type: multipart/mixed; boundary=b

            preamble, with a line that only starts like a delimiter:
            --bogus
            --b  \t
            Content-Type: text/plain

            one
            --bnot a delimiter
            still one
            --b

            two, with no header at all
            --b
            Content-Type: multipart/alternative; boundary="b-inner"

            --b-inner
            Content-Type: text/html

            <p>three</p>
            --b-inner--
            inner epilogue
            --b
            Content-Type: application/octet-stream
            Content-Transfer-Encoding: base64

            AAEC
            /w==
            """, crlf: crlf))
        let nl = crlf ? "\r\n" : "\n"
        #expect(message.parts.count == 4, "the last part has no close delimiter: it runs to the end")
        #expect(message.leaves.map { String(decoding: $0.body, as: UTF8.self) }.prefix(3)
            == ["one\(nl)--bnot a delimiter\(nl)still one", "two, with no header at all", "<p>three</p>"])
        #expect(message.parts[1].mediaType == "text/plain" && message.parts[1].fields.isEmpty)
        #expect(message.parts[2].parts.count == 1)
        #expect(message.parts[3].body == [0, 1, 2, 255])
        #expect(message.textBody == "one\n--bnot a delimiter\nstill one")
    }

    @Test func epilogueAndMboxLineAreIgnored() throws {
        let message = try MIMEParser.parse(Self.mail("""
            From sender@example.com Mon Jan  5 10:00:00 2026
            Subject: hi
            Content-Type: multipart/mixed; boundary="x y"

            --x y
            
            only
            --x y--
            --x y
            epilogue, not a part
            """))
        #expect(message.fields.map(\.name) == ["Subject", "Content-Type"])
        #expect(message.parts.count == 1 && message.parts.first?.body == Array("only".utf8))
        let obsolete = try MIMEParser.parse(Self.mail("From : a@example.com\nContent-Type: multipart/alternative; boundary=----=_Part_1.2\n\n------=_Part_1.2\n\nx\n"))
        #expect(obsolete.field("from") == "a@example.com", "a From field with space before its colon is no mbox line")
        #expect(obsolete.parameters["boundary"] == "----=_Part_1.2" && obsolete.parts.count == 1, "an unquoted boundary with \"=\"")
    }

    @Test func aMultipartNeedsItsBoundary() {
        let noParameter = Self.mail("Content-Type: multipart/mixed\n\n--x\n\nhi\n--x--\n")
        #expect(throws: MIMEParseError.missingBoundary(.message)) { try MIMEParser.parse(noParameter) }
        let nested = Self.mail("Content-Type: multipart/mixed; boundary=x\n\n--x\nContent-Type: multipart/related\n\nhi\n--x--\n")
        #expect(throws: MIMEParseError.missingBoundary(.number(1))) { try MIMEParser.parse(nested) }
        let unused = Self.mail("Content-Type: multipart/mixed; boundary=x\n\n--y\n\nhi\n--y--\n")
        #expect(throws: MIMEParseError.boundaryNotFound(.message)) { try MIMEParser.parse(unused) }
        #expect(MIMEParseError.missingBoundary(.number(1)).description == "part 1 is a multipart without a boundary")
    }

    // MARK: Limits

    /// A multipart/mixed message of `count` small text parts.
    static func manyParts(_ count: Int) -> [UInt8] {
        var text = "Content-Type: multipart/mixed; boundary=p\n\n"
        for i in 0..<count { text += "--p\nContent-Type: text/plain\n\npart \(i)\n" }
        return mail(text + "--p--\n")
    }

    @Test func partsAreLimited() throws {
        #expect(try MIMEParser.parse(Self.manyParts(100)).leaves.count == 100)
        #expect(throws: MIMEParseError.tooManyParts(limit: 100)) { try MIMEParser.parse(Self.manyParts(101)) }
        #expect(throws: MIMEParseError.tooManyParts(limit: 100)) { try MIMEParser.parse(Self.manyParts(200_000)) }
        #expect(MIMEParseError.tooManyParts(limit: 100).description == "the message has more than 100 MIME parts")
        #expect(throws: MIMEParseError.tooManyParts(limit: 3)) { try MIMEParser.parse(Self.manyParts(4), limits: MailLimits(maxParts: 3)) }
    }

    /// `depth` multiparts, each the only part of the one around it, around one text part.
    static func nested(_ depth: Int) -> [UInt8] {
        var text = ""
        for level in 0..<depth { text += "Content-Type: multipart/mixed; boundary=\"level\(level)\"\n\n--level\(level)\n" }
        text += "Content-Type: text/plain\n\ndeep\n"
        for level in (0..<depth).reversed() { text += "--level\(level)--\n" }
        return mail(text)
    }

    @Test func nestingIsLimited() throws {
        let eight = try MIMEParser.parse(Self.nested(8))
        #expect(eight.leaves.count == 1 && eight.textBody == "deep")
        #expect(throws: MIMEParseError.tooDeep(limit: 8)) { try MIMEParser.parse(Self.nested(9)) }
        #expect(throws: MIMEParseError.tooDeep(limit: 8)) { try MIMEParser.parse(Self.nested(5_000)) }
        #expect(throws: MIMEParseError.tooDeep(limit: 64), "at most 64 whatever is asked") {
            try MIMEParser.parse(Self.nested(100), limits: MailLimits(maxDepth: 1_000_000, maxParts: 1_000))
        }
        #expect(MIMEParseError.tooDeep(limit: 8).description == "the message nests multiparts more than 8 deep")
    }

    @Test func sizeIsLimited() {
        let big = [UInt8](repeating: UInt8(ascii: "a"), count: 26 << 20)
        #expect(throws: MIMEParseError.tooLarge(limit: 25 << 20)) { try MIMEParser.parse(big) }
        #expect(MIMEParseError.tooLarge(limit: 25 << 20).description == "the message is larger than 25 MiB")
    }

    @Test func headerBlocksAreLimited() throws {
        let folded = "Subject: big\nX-Filler: " + String(repeating: String(repeating: "y", count: 99) + "\n ", count: 1024) + "end\n\nbody\n"
        #expect(throws: MIMEParseError.headerTooLarge(.message, limit: 64 << 10)) { try MIMEParser.parse(Self.mail(folded)) }
        let oneLine = "Subject: " + String(repeating: "z", count: 100 << 10)  // no line end, no body
        #expect(throws: MIMEParseError.headerTooLarge(.message, limit: 64 << 10)) { try MIMEParser.parse(Self.mail(oneLine)) }
        let inPart = "Content-Type: multipart/mixed; boundary=p\n\n--p\n" + folded + "--p--\n"
        #expect(throws: MIMEParseError.headerTooLarge(.number(1), limit: 64 << 10)) { try MIMEParser.parse(Self.mail(inPart)) }
        #expect(MIMEParseError.headerTooLarge(.number(1), limit: 64 << 10).description == "the header of part 1 is larger than 64 KiB")

        let fields = { (n: Int) in Self.mail((0..<n).map { "X-F\($0): v\n" }.joined() + "\nbody") }
        #expect(try MIMEParser.parse(fields(500)).fields.count == 500)
        #expect(throws: MIMEParseError.tooManyHeaderFields(.message, limit: 500)) { try MIMEParser.parse(fields(501)) }
    }

    @Test func malformedHeaders() {
        #expect(throws: MIMEParseError.malformedHeader(.message)) { try MIMEParser.parse(Self.mail("Subject hi\n\nbody")) }
        #expect(throws: MIMEParseError.malformedHeader(.message)) { try MIMEParser.parse(Self.mail(" folded: first\n\nbody")) }
        #expect(throws: MIMEParseError.malformedHeader(.message)) { try MIMEParser.parse(Self.mail(": no name\n\nbody")) }
        let inPart = Self.mail("Content-Type: multipart/mixed; boundary=p\n\n--p\nContent-Type: text/plain\nnot a field\n\nx\n--p--\n")
        #expect(throws: MIMEParseError.malformedHeader(.number(1))) { try MIMEParser.parse(inPart) }
        #expect(MIMEParseError.malformedHeader(.message).description == "the header of the message has a malformed line")
    }

    // MARK: Transfer encodings

    @Test func brokenBase64NamesThePart() throws {
        func attachment(_ base64: String, filename: String = "scan.pdf") -> [UInt8] {
            Self.mail("""
                Content-Type: multipart/mixed; boundary=p

                --p
                Content-Type: application/pdf
                Content-Disposition: attachment; filename="\(filename)"
                Content-Transfer-Encoding: base64

                \(base64)
                --p--
                """)
        }
        #expect(throws: MIMEParseError.brokenBase64(.file("scan.pdf"))) { try MIMEParser.parse(attachment("JVBERi0x*LjQK")) }
        #expect(throws: MIMEParseError.brokenBase64(.file("scan.pdf")), "padding in the middle") { try MIMEParser.parse(attachment("QQ==\nQUJD")) }
        #expect(throws: MIMEParseError.brokenBase64(.file("scan.pdf")), "a lone sextet") { try MIMEParser.parse(attachment("QUJDR")) }
        #expect(throws: MIMEParseError.brokenBase64(.file("scan.pdf")), "8-bit bytes") { try MIMEParser.parse(attachment("QUJD\u{E9}")) }
        #expect(throws: MIMEParseError.brokenBase64(.file("scan.pdf")), "padding after one sextet") { try MIMEParser.parse(attachment("QUJDR===")) }
        #expect(MIMEParseError.brokenBase64(.file("scan.pdf")).description == "the base64 encoding of the attachment “scan.pdf” is broken")
        let unnamed = Self.mail("Content-Transfer-Encoding: base64\n\n!!!!\n")
        #expect(throws: MIMEParseError.brokenBase64(.message)) { try MIMEParser.parse(unnamed) }

        #expect(try MIMEParser.parse(attachment("QUJD\n RA")).leaves.first?.body == Array("ABCD".utf8), "missing padding, white space")
        #expect(try MIMEParser.parse(attachment("QUJD\r\nRA==\r\n\r\n")).leaves.first?.body == Array("ABCD".utf8))
        #expect(try MIMEParser.parse(attachment("QUJDRA=")).leaves.first?.body == Array("ABCD".utf8), "half the padding")
        #expect(try MIMEParser.parse(attachment("")).leaves.first?.body == [])
    }

    @Test func quotedPrintableAndUnknownEncodings() throws {
        for crlf in [false, true] {
            let message = try MIMEParser.parse(Self.mail("""
                Content-Type: text/plain; charset=utf-8
                Content-Transfer-Encoding: Quoted-Printable

                a=3Db =
                 c \t
                d=
                e=XY Gr=C3=BC=C3=9Fe=20
                """, crlf: crlf))
            #expect(message.body == Array("a=b  c\(crlf ? "\r\n" : "\n")de=XY Grüße ".utf8))
        }
        let uuencoded = Self.mail("Content-Transfer-Encoding: x-uuencode\n\nbegin 644 a\n")
        #expect(throws: MIMEParseError.unknownTransferEncoding(.message, encoding: "x-uuencode")) { try MIMEParser.parse(uuencoded) }
        let binary = Array("Content-Transfer-Encoding: binary\r\n\r\n".utf8) + [0, 255, 13, 10, 0]
        #expect(try MIMEParser.parse(binary).body == [0, 255, 13, 10, 0])
    }

    // MARK: Header values

    @Test func encodedLineBreaksCannotInjectHeaders() throws {
        let message = try MIMEParser.parse(Array("""
            Subject: =?utf-8?Q?a=0D=0ABcc:_x?=\r
            X-B: =?UTF-8?B?YQ0KQmNjOiB4AA==?=\r
            X-Raw: a\rBcc: x\0y\u{1B}z\r
            Content-Type: application/pdf; name="=?utf-8?q?evil=0D=0ATo:_x.pdf?="\r
            \r
            body
            """.utf8))
        let subject = try #require(message.text("Subject"))
        #expect(subject == "a  Bcc: x")
        #expect(message.text("X-B") == "a  Bcc: x ")
        #expect(message.field("X-Raw") == "a Bcc: x y z" && message.text("X-Raw") == "a Bcc: x y z")
        #expect(message.filename == "evil  To: x.pdf")
        for value in [subject, message.text("X-B") ?? "", message.field("X-Raw") ?? "", message.filename ?? ""] {
            #expect(!value.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }, "\(value.debugDescription)")
        }
    }

    @Test func contentTypeParameters() throws {
        let message = try MIMEParser.parse(Self.mail("""
            Content-Type: multipart/mixed; boundary=p

            --p
            Content-Type: Text/PLAIN (a comment) ; CHARSET="ISO-8859-1" ; Format=flowed
            Content-Disposition: attachment

            x
            --p
            Content-Type: application/pdf; name*0*=iso-8859-1''R%E9sum%E9; name*1=" final.pdf"

            x
            --p
            Content-Type: application/pdf; name="ignored.pdf"
            Content-Disposition: inline; filename="=?utf-8?b?w5xiZXJzaWNodC5wZGY=?="

            x
            --p
            Content-Type: application/pdf; name=plain.pdf; name*=UTF-8'de'%C3%A4rger.pdf

            x
            --p
            Content-Type: text; charset=utf-8

            x
            --p--
            """))
        let parts = message.parts
        try #require(parts.count == 5)
        #expect(parts[0].mediaType == "text/plain" && parts[0].parameters == ["charset": "ISO-8859-1", "format": "flowed"])
        #expect(parts[0].disposition == "attachment" && parts[0].isAttachment && parts[0].filename == nil)
        #expect(parts[1].filename == "Résumé final.pdf", "RFC 2231 continuations, encoded and plain")
        #expect(parts[2].filename == "Übersicht.pdf" && parts[2].disposition == "inline" && parts[2].isAttachment,
                "Content-Disposition's filename wins; RFC 2047 in it is decoded")
        #expect(parts[3].parameters["name"] == "ärger.pdf", "name* wins over name")
        #expect(parts[4].mediaType == "text/plain" && parts[4].parameters.isEmpty, "an unreadable type is text/plain")
        #expect(message.textBody == "x", "the attachment is skipped")
    }

    @Test func filenamesAreSafeBaseNames() throws {
        func filename(_ parameter: String) throws -> String? {
            try MIMEParser.parse(Self.mail("Content-Disposition: attachment; filename=\(parameter)\n\nx")).filename
        }
        #expect(try filename("\"../../etc/passwd\"") == "passwd")
        #expect(try filename("\"C:\\\\Users\\\\x\\\\..\\\\evil.exe\"") == "evil.exe")
        #expect(try filename("\"...hidden\"") == "hidden")
        #expect(try filename("\"../\"") == nil)
        #expect(try filename("\"invoice\u{202E}fdp.exe\"") == "invoicefdp.exe", "no right-to-left override")
        #expect(try filename("\"=?utf-8?q?a=00b=09c=0D=0A.pdf?=\"") == "a b c  .pdf")
        let long = try #require(try filename("\"" + String(repeating: "x", count: 300) + ".pdf\""))
        #expect(long.utf8.count == 200 && long.hasSuffix(".pdf"))
        let wide = try #require(try filename("\"" + String(repeating: "ä", count: 150) + ".pdf\""))
        #expect(wide.utf8.count <= 200 && wide.hasSuffix(".pdf") && wide.hasPrefix("ää"))
        #expect(try MIMEParser.parse(Self.mail("Content-Disposition: attachment; filename=\"../\"\n\nx")).isAttachment)
    }

    @Test func textBodyCharsets() throws {
        let latin1 = Array("Content-Type: text/plain; charset=iso-8859-1\r\n\r\nGr".utf8) + [0xFC, 0xDF, 0x65, 13, 10, 0x80]
        #expect(try MIMEParser.parse(latin1).textBody == "Grüße\n€")
        let cp1252 = Array("Content-Type: text/plain; charset=windows-1252\r\n\r\n".utf8) + [0x93, 0x41, 0x94]
        #expect(try MIMEParser.parse(cp1252).textBody == "“A”")
        let untyped = Array("Subject: x\n\n".utf8) + Array("Grüße".utf8)
        #expect(try MIMEParser.parse(untyped).textBody == "Grüße", "no charset: UTF-8 when it is")
        let htmlOnly = Self.mail("Content-Type: text/html\n\n<p>x</p>")
        #expect(try MIMEParser.parse(htmlOnly).textBody == nil)
    }

    // MARK: Speed and robustness

    @Test func aLongLineIsNoProblem() throws {
        let line = [UInt8](repeating: UInt8(ascii: "a"), count: 5 << 20)
        let clock = ContinuousClock()
        var plain: MIMEEntity?
        let plainTime = try clock.measure { plain = try MIMEParser.parse(Array("Subject: x\r\n\r\n".utf8) + line) }
        #expect(plain?.body.count == 5 << 20)
        let base64 = Array(Data(line).base64EncodedString().utf8)
        let multipart = Array("Content-Type: multipart/mixed; boundary=p\r\n\r\n--p\r\nContent-Transfer-Encoding: base64\r\n\r\n".utf8)
            + base64 + Array("\r\n--p--\r\n".utf8)
        var decoded: MIMEEntity?
        let base64Time = try clock.measure { decoded = try MIMEParser.parse(multipart) }
        #expect(decoded?.leaves.first?.body == line)
        let headerTime = clock.measure { _ = try? MIMEParser.parse(Array("Subject: ".utf8) + line) }
        print("5 MiB on one line: plain \(plainTime), base64 \(base64Time), as a header \(headerTime)")
    }

    @Test func speedFigure() throws {
        let chunk = Self.randomBytes(1 << 16)
        let data = Array((0..<288).map { _ in chunk }.joined())  // 18 MiB: 25 MiB as base64 lines
        let encoded = Data(data).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        let message = Self.mail("""
            From: a@example.com
            Subject: big
            Content-Type: multipart/mixed; boundary=p

            --p

            text
            --p
            Content-Type: application/pdf
            Content-Transfer-Encoding: base64


            """) + Array(encoded.utf8) + Array("\r\n--p--\r\n".utf8)
        var parsed: MIMEEntity?
        let time = try ContinuousClock().measure { parsed = try MIMEParser.parse(message) }
        #expect(parsed?.leaves.last?.body == data)
        print("parsed \(message.count) bytes (\(data.count) of attachment) in \(time)")
    }

    /// Damaged versions of a valid message: each parses or throws, none traps.
    @Test func damagedMessagesNeverTrap() throws {
        let original = MIMEMessage(from: try MailAddress("a@example.com", displayName: "Ä"), to: [try MailAddress("b@example.com")],
                                   subject: "Grüße", text: "Grüße\n", attachments: [.init(filename: "ä.pdf", contentType: "application/pdf", data: Self.randomBytes(600))])
            .rendered()
        let pieces = ["\r\n", "\n", "--", "=", "=?utf-8?q?", "?=", "\"", "(", "\\", ";", "*0*=", "%", "'", "\u{0}", "=?utf-8?b?", ":", " ", "multipart/mixed; boundary=", "\u{FF}"]
            .map { Array($0.utf8) }
        var generator = SystemRandomNumberGenerator()
        var outcomes = (parsed: 0, refused: 0)
        for _ in 0..<3_000 {
            var bytes = original
            for _ in 0..<Int.random(in: 1...6, using: &generator) {
                let at = Int.random(in: 0..<bytes.count, using: &generator)
                switch Int.random(in: 0..<4, using: &generator) {
                case 0: bytes[at] = UInt8.random(in: 0...255, using: &generator)
                case 1: bytes.insert(contentsOf: pieces.randomElement(using: &generator) ?? [], at: at)
                case 2: bytes.removeSubrange(at..<min(bytes.count, at + Int.random(in: 1...40, using: &generator)))
                default: bytes = Array(bytes.prefix(max(1, at)))
                }
                if bytes.isEmpty { bytes = [10] }
            }
            do {
                let entity = try MIMEParser.parse(bytes)
                _ = (entity.textBody, entity.leaves.map(\.filename), entity.fields.map { entity.text($0.name) })
                _ = MailAddress.firstAddress(inHeader: entity.field("From") ?? "")
                outcomes.parsed += 1
            } catch {
                #expect(!error.description.isEmpty)
                outcomes.refused += 1
            }
        }
        print("damaged messages: \(outcomes.parsed) parsed, \(outcomes.refused) refused")
    }
}
