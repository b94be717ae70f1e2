// HostileMailTests: messages built to hurt, handed to faxd the way the MTA's pipe does (faxctl
// mail-in, and the API it calls): too large, thousands of parts, nesting past the limit, broken
// base64, a zip "bomb", a PNG decompression bomb, a Subject carrying CR/LF and a header. Each is
// refused with a reason a person can read (the exit code an MTA bounces on), logged, and leaves
// no fax and no file; faxd answers afterwards as before.

import FaxAPIModels
import FaxClient
import FaxTestSupport
import Foundation
import Testing

@Suite(.serialized) struct HostileMailTests {
    /// A message from alice@mail.test with `parts` as the MIME body.
    static func message(from: String = "Alice <alice@mail.test>", subject: String = "Fax", contentType: String, body: String) -> [UInt8] {
        Array("""
        From: \(from)\r
        To: +15550200@fax.test\r
        Subject: \(subject)\r
        Message-ID: <\(UUID().uuidString)@mail.test>\r
        MIME-Version: 1.0\r
        Content-Type: \(contentType)\r
        \r
        \(body)
        """.utf8)
    }

    static func multipart(_ parts: [String], boundary: String = "b0") -> [UInt8] {
        message(contentType: "multipart/mixed; boundary=\"\(boundary)\"",
                body: parts.map { "--\(boundary)\r\n\($0)\r\n" }.joined() + "--\(boundary)--\r\n")
    }

    static func attachment(_ name: String, type: String, base64: String) -> String {
        "Content-Type: \(type)\r\nContent-Disposition: attachment; filename=\"\(name)\"\r\nContent-Transfer-Encoding: base64\r\n\r\n\(base64)"
    }

    /// Runs faxctl mail-in as the MTA would; returns its exit status and what it printed.
    static func mailIn(_ h: MailFaxHarness, _ message: [UInt8], recipient: String = "+15550200@fax.test",
                       keyFile: String? = nil, timeout: Double = 120) throws -> (Int32?, String) {
        let file = h.faxd.dir.file("in-\(UUID().uuidString).eml")
        try Data(message).write(to: URL(fileURLWithPath: file))
        let script = "exec \"$0\" mail-in --url \"$1\" --key-file \"$2\" --sender alice@mail.test --recipient \"$3\" < \"$4\""
        return try runTool("/bin/sh", ["-c", script, MailFaxHarness.faxctl, h.apiURL, keyFile ?? h.keyFile, recipient, file], timeout: timeout)
    }

    @Test func hostileMessagesAreRefusedClearlyAndLeaveNothing() async throws {
        let h = try MailFaxHarness("mail-hostile", intakeYAML: "    max_bytes: 3145728")
        defer { h.stop() }
        let pdf = try Data(contentsOf: URL(fileURLWithPath: try TestDocuments.pdf(h.faxd.dir, pages: 1))).base64EncodedString(options: .lineLength76Characters)
        // A PNG that says 40000×40000 (1.6 gigapixels): 200 MB of zero rows compressed to ~200 KB.
        let bombPath = h.faxd.dir.file("bomb.png")
        let made = try runTool("/usr/bin/python3", ["-c", """
            import struct, zlib, sys
            w = h = 40000
            def chunk(t, d): return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
            z = zlib.compressobj(9); raw = b''.join(z.compress(b'\\0' * (1 + w // 8)) for _ in range(h)) + z.flush()
            open(sys.argv[1], 'wb').write(b'\\x89PNG\\r\\n\\x1a\\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 1, 0, 0, 0, 0)) + chunk(b'IDAT', raw) + chunk(b'IEND', b''))
            """, bombPath], timeout: 120)
        try #require(made.status == 0, "\(made.output)")
        let bomb = try Data(contentsOf: URL(fileURLWithPath: bombPath)).base64EncodedString(options: .lineLength76Characters)
        let zip = Data([0x50, 0x4B, 0x03, 0x04] + [UInt8](repeating: 0, count: 2000)).base64EncodedString()

        let cases: [(String, [UInt8], String)] = [
            ("too large", Self.message(contentType: "text/plain", body: String(repeating: "x", count: 4 << 20)), "larger than"),
            ("thousands of parts", Self.multipart((0..<3000).map { _ in "Content-Type: text/plain\r\n\r\nhi" }), "parts"),
            ("nested too deep", {
                var body = "Content-Type: text/plain\r\n\r\ndeep"
                for level in 0..<20 { body = "Content-Type: multipart/mixed; boundary=\"l\(level)\"\r\n\r\n--l\(level)\r\n\(body)\r\n--l\(level)--" }
                return Self.multipart([body])
            }(), "nest"),
            ("broken base64", Self.multipart([Self.attachment("scan.pdf", type: "application/pdf", base64: "JVBERi0x!!!$$$%%%not*base64")]), "base64"),
            ("zip bomb", Self.multipart([Self.attachment("bomb.zip", type: "application/zip", base64: zip)]), "is not something SwiftFax can fax"),
            ("decompression bomb", Self.multipart(["Content-Type: text/plain\r\n\r\nsee attached",
                                                   Self.attachment("bomb.png", type: "image/png", base64: bomb)]), "cannot be faxed"),
            ("no boundary", Self.message(contentType: "multipart/mixed", body: "--x\r\nhi\r\n--x--"), "boundary"),
        ]
        for (name, message, reason) in cases {
            let (status, output) = try Self.mailIn(h, message)
            #expect(status == 65, "\(name): exit \(status.map(String.init) ?? "timeout"), \(output)")
            #expect(output.lowercased().contains(reason.lowercased()), "\(name): \(output)")
        }
        let log = try await h.client.smtpLog()
        #expect(log.count == cases.count && log.allSatisfy { !$0.accepted && $0.faxIds.isEmpty })
        #expect(try await h.client.list(limit: 10).data.isEmpty, "nothing queued")
        let documents = (try? FileManager.default.contentsOfDirectory(atPath: h.faxd.spoolDirectory + "/documents")) ?? []
        #expect(documents.isEmpty, "nothing left behind: \(documents)")

        // A Subject that smuggles CR/LF and a header: the fax goes; the log's subject is one line.
        let injected = Self.multipart([Self.attachment("lab.pdf", type: "application/pdf", base64: pdf)])
        let withSubject = Array(String(decoding: injected, as: UTF8.self)
            .replacingOccurrences(of: "Subject: Fax", with: "Subject: =?utf-8?Q?Results=0D=0ABcc:_e@other.test?=").utf8)
        let (status, output) = try Self.mailIn(h, withSubject)
        #expect(status == 0, "\(output)")
        let entry = try #require(try await h.client.smtpLog().first)
        #expect(entry.accepted && !(entry.subject ?? "").contains("\r") && !(entry.subject ?? "").contains("\n"))
        // The same message again (the MTA retrying after a timeout) makes no second fax.
        let (again, _) = try Self.mailIn(h, withSubject)
        #expect(again == 0)
        #expect(try await h.client.list(limit: 10).data.count == 1)
        // faxd goes on: healthy, and faxctl reaches it.
        #expect(try await h.client.health())
    }

    @Test func mailInWithoutAValidKeyIsKeptForLater() async throws {
        let h = try MailFaxHarness("mail-nokey")
        defer { h.stop() }
        let wrong = h.faxd.dir.file("wrong-key")
        try "not-the-key".write(toFile: wrong, atomically: true, encoding: .utf8)
        let message = Self.message(contentType: "text/plain", body: "hello")
        let (status, output) = try Self.mailIn(h, message, keyFile: wrong, timeout: 60)
        #expect(status == 75, "EX_TEMPFAIL: the MTA keeps the message; \(output)")
        // faxd down: the same, at once (no connection retries until the client's 120 s timeout).
        h.faxd.stop()
        let (down, text) = try Self.mailIn(h, message, timeout: 60)
        #expect(down == 75, "\(text)")
    }

    @Test func authenticationResultsFromTheTrustedHostDecide() async throws {
        let h = try MailFaxHarness("mail-auth", intakeYAML: "    require_authentication: [spf, dmarc]\n    authserv_id: mx.fax.test")
        defer { h.stop() }
        func with(_ headers: String) -> [UInt8] {
            Array((headers + String(decoding: Self.message(contentType: "text/plain", body: "Call me."), as: UTF8.self)).utf8)
        }
        let cases: [(String, String, Int32, String)] = [
            ("none", "", 65, "did not pass SPF"),
            ("someone else's", "Authentication-Results: evil.example; spf=pass; dmarc=pass\r\n", 65, "did not pass SPF"),
            ("dmarc failed", "Authentication-Results: mx.fax.test; spf=pass smtp.mailfrom=mail.test; dmarc=fail header.from=mail.test\r\n", 65,
             "did not pass DMARC (dmarc=fail"),
            ("passed", "Authentication-Results: mx.fax.test; spf=pass smtp.mailfrom=mail.test (ok); dkim=none; dmarc=pass header.from=mail.test\r\n",
             0, "accepted"),
        ]
        for (name, headers, expected, text) in cases {
            let (status, output) = try Self.mailIn(h, with(headers))
            #expect(status == expected && output.contains(text), "\(name): exit \(status.map(String.init) ?? "timeout"): \(output)")
        }
        #expect(try await h.client.list(limit: 10).data.count == 1)
    }

    @Test func faxboxesTakeMailAtTheirOwnAddressesFromTheirOwnSenders() async throws {
        let h = try MailFaxHarness("mail-boxes")
        defer { h.stop() }
        let ward = try await h.client.createFaxbox(FaxboxRequest(name: "Ward 3", customSmtpEmailAddress: "ward3.example",
                                                                 smtpPermissionList: ["nurse@mail.test", "*.clinic.test"]))
        #expect(ward.customSmtpEmailAddress == "ward3.example" && ward.smtpPermissionList == ["nurse@mail.test", "*.clinic.test"])
        let label = ward.id.replacingOccurrences(of: "_", with: "-").lowercased()
        let nurse = Self.message(from: "Nurse <nurse@mail.test>", contentType: "text/plain", body: "Bed 12.")
        let cases: [(String, [UInt8], String, Int32, String)] = [
            ("the box's subdomain", nurse, "+15550200@\(label).fax.test", 0, "accepted"),
            ("the box's own domain", Self.message(from: "doc@ward.clinic.test", contentType: "text/plain", body: "Bed 14."),
             "+15550200@ward3.example", 0, "accepted"),
            ("not on the box's list", Self.message(contentType: "text/plain", body: "hi"), "+15550200@ward3.example", 65,
             "may not send faxes through faxbox \(ward.id)"),
            ("no such box", nurse, "+15550200@fbx-nothing.fax.test", 65, "there is no faxbox fbx-nothing"),
            ("no box has that domain", nurse, "+15550200@elsewhere.example", 65, "takes no faxes by mail for elsewhere.example"),
        ]
        for (name, message, recipient, expected, text) in cases {
            let (status, output) = try Self.mailIn(h, message, recipient: recipient)
            #expect(status == expected && output.contains(text), "\(name): exit \(status.map(String.init) ?? "timeout"): \(output)")
        }
        let faxes = try await h.client.list(limit: 10).data
        #expect(faxes.count == 2 && faxes.allSatisfy { $0.faxboxId == ward.id })
        // Another box cannot take the same domain.
        await #expect(throws: ProblemResource.self) {
            try await h.client.createFaxbox(FaxboxRequest(name: "Copy", customSmtpEmailAddress: "WARD3.example"))
        }
    }
}
