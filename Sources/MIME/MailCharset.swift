// MailCharset: text in the charsets mail names (a text part's charset parameter, an encoded
// word's charset) made into a String — UTF-8, US-ASCII, ISO-8859-1, ISO-8859-15, Windows-1252 —
// and raw 8-bit header bytes, whose charset nobody names, read as UTF-8 or else Windows-1252.
// As browsers do (WHATWG Encoding), ISO-8859-1 and US-ASCII labels are read as Windows-1252:
// mail so labelled is very often Windows-1252, and the two differ only in C1 controls.

enum MailCharset {
    /// `bytes` in `charset` (a name in any case, with aliases), nil for a charset not known here.
    /// Malformed UTF-8 becomes U+FFFD.
    static func decode(_ bytes: some Collection<UInt8>, charset: String) -> String? {
        switch charset.trimmingASCIISpaces().lowercased() {
        case "utf-8", "utf8":
            return String(decoding: bytes, as: UTF8.self)
        case "us-ascii", "ascii", "ansi_x3.4-1968", "iso646-us":
            return utf8OrWindows1252(bytes)
        case "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1",
             "windows-1252", "cp1252", "x-cp1252":
            return windows1252(bytes, latin9: false)
        case "iso-8859-15", "iso8859-15", "iso_8859-15", "latin-9", "latin9":
            return windows1252(bytes, latin9: true)
        default:
            return nil
        }
    }

    /// UTF-8 when `bytes` are valid UTF-8, else Windows-1252.
    static func utf8OrWindows1252(_ bytes: some Collection<UInt8>) -> String {
        if bytes.allSatisfy({ $0 < 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        return windows1252(bytes, latin9: false)
    }

    /// Windows-1252 (its five unassigned bytes as the C1 controls they are in ISO-8859-1), or with
    /// `latin9` ISO-8859-15 (ISO-8859-1 with the euro sign and seven letters in place of symbols).
    static func windows1252(_ bytes: some Collection<UInt8>, latin9: Bool) -> String {
        var scalars = String.UnicodeScalarView()
        for byte in bytes {
            var value = UInt32(byte)
            if latin9 {
                value = latin9Changes[byte] ?? value
            } else if (0x80...0x9F).contains(byte) {
                value = c1Row[Int(byte) - 0x80]
            }
            scalars.append(Unicode.Scalar(value) ?? "\u{FFFD}")
        }
        return String(scalars)
    }

    /// Windows-1252 0x80–0x9F.
    private static let c1Row: [UInt32] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]

    /// Where ISO-8859-15 differs from ISO-8859-1.
    private static let latin9Changes: [UInt8: UInt32] = [
        0xA4: 0x20AC, 0xA6: 0x0160, 0xA8: 0x0161, 0xB4: 0x017D, 0xB8: 0x017E, 0xBC: 0x0152, 0xBD: 0x0153, 0xBE: 0x0178,
    ]
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs.
    func trimmingASCIISpaces() -> String {
        let isSpace = { (c: Character) in c == " " || c == "\t" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
