// Header values that arrive with mail, read by MailAddress.firstAddress(inHeader:),
// AuthenticationResults and MIMEEntity.text(_:): the forms real writers use, and values that
// must come back safe or not at all.

import MIME
import Testing

@Suite struct MailHeaderFieldTests {
    @Test func firstAddressOfAHeader() {
        let cases: [(String, String?, String?)] = [
            ("\"Doe, John\" <John.Doe@Example.COM>", "John.Doe@example.com", "Doe, John"),
            ("Jane Roe <jane@example.org>", "jane@example.org", "Jane Roe"),
            ("jane@EXAMPLE.org", "jane@example.org", nil),
            ("jane@example.org (Jane Roe)", "jane@example.org", nil),
            ("Team: a@example.com, b@example.com;", "a@example.com", nil),
            ("undisclosed-recipients:;, c@example.com", "c@example.com", nil),
            ("=?utf-8?q?J=C3=BCrgen_M=C3=BCller?= <j@example.de>", "j@example.de", "Jürgen Müller"),
            ("=?utf-8?q?Evil=0D=0ABcc=3A_x=40example.com?= <e@example.com>", "e@example.com", "Evil Bcc: x@example.com"),
            ("<@relay.example:a@example.com>", "a@example.com", nil),
            ("  first@example.com ,  second@example.com", "first@example.com", nil),
        ]
        for (header, address, name) in cases {
            let parsed = MailAddress.firstAddress(inHeader: header)
            #expect(parsed?.address == address && parsed?.displayName == name, "\(header)")
        }
        for garbage in ["", "not an address", "<>", "a@b", "John a@example.com", "\"quoted local\"@example.com",
                        "bad@@example.com, good@example.com", "undisclosed-recipients:;", "a@example.com\r\nBcc: x@example.com",
                        "a@example.com Bcc: x@example.com", "<a@example.com> <b@example.com>", "<a@example.com", "a@example.com>"] {
            #expect(MailAddress.firstAddress(inHeader: garbage) == nil, "\(garbage)")
        }
    }

    @Test func authenticationResults() throws {
        let common = try #require(AuthenticationResults(
            parsing: "mx.example.com; spf=pass smtp.mailfrom=a@b.example; dkim=pass header.d=b.example (comment); dmarc=pass"))
        #expect(common.authservID == "mx.example.com")
        #expect(common.results.map { [$0.method, $0.result] } == [["spf", "pass"], ["dkim", "pass"], ["dmarc", "pass"]])
        #expect(common.results[0].properties == ["smtp.mailfrom": "a@b.example"] && common.results[1].properties == ["header.d": "b.example"])
        #expect(common.result(of: "DMARC") == "pass" && common.result(of: "arc") == nil)

        let none = try #require(AuthenticationResults(parsing: "MX.Example.COM 1; none"))
        #expect(none.authservID == "mx.example.com" && none.results.isEmpty)

        let messy = try #require(AuthenticationResults(parsing: """
            mx.example.com (a comment);
             DKIM/1 = Fail reason="bad sig; really" header.d=x.example header.b=Ab+/c=;
             SPF=SoftFail (sender (not) allowed) smtp.mailfrom=x@x.example; dmarc=none
            """))
        #expect(messy.results.map { [$0.method, $0.result] } == [["dkim", "fail"], ["spf", "softfail"], ["dmarc", "none"]])
        #expect(messy.results[0].reason == "bad sig; really" && messy.results[0].properties == ["header.d": "x.example", "header.b": "Ab+/c="])
        #expect(messy.results[1].properties == ["smtp.mailfrom": "x@x.example"])

        for garbage in ["", "; spf=pass", "(only a comment)"] {
            #expect(AuthenticationResults(parsing: garbage) == nil, "\(garbage)")
        }
    }

    @Test func encodedWords() throws {
        func subject(_ value: String) throws -> String? {
            try MIMEParser.parse(Array("Subject: \(value)\n\n".utf8)).text("Subject")
        }
        #expect(try subject("=?iso-8859-1?q?Gr=FC=DFe?= =?windows-1252?Q?=80_?= plain =?x-unknown?q?abc?=") == "Grüße€  plain =?x-unknown?q?abc?=")
        #expect(try subject("=?utf-8?b?ww==?=\n =?UTF-8?B?pA==?=") == "ä", "a character split across words")
        #expect(try subject("=?utf-8?q?bad=ZZ?= =?utf-8?q?ok?=") == "=?utf-8?q?bad=ZZ?= ok", "a bad word stays as it is")
        #expect(try subject("=?utf-8*de?q?Hallo?=") == "Hallo", "an RFC 2231 language")
        #expect(try subject("Re:=?utf-8?q?x?=!") == "Re:x!", "words not set apart are decoded too")
        #expect(try subject("=?iso-8859-15?q?=A4?=") == "€")
        #expect(try subject("=?us-ascii?q?plain?= and =?utf-8?b?w6Q?=") == "plain and ä", "missing padding")
        #expect(try subject(String(repeating: "=?utf-8?q?", count: 5_000)) == String(repeating: "=?utf-8?q?", count: 5_000))
    }
}
