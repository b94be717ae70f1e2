// EncodedWords: header text as a reader should see it — RFC 2047 encoded words
// (=?charset?B?…?= and =?charset?Q?…?=) decoded, and control characters, whether they came
// raw or encoded, made spaces, so a decoded value can never carry a line break into another
// header. Words in a charset not known here, or badly encoded, stay as they are.

enum EncodedWords {
    /// `value` decoded and made safe: C0 controls but tab, DEL, C1 controls and the Unicode
    /// line and paragraph separators become spaces.
    static func displayText(_ value: String) -> String {
        withoutControls(decode(value))
    }

    static func withoutControls(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars { scalars.append(isControl(scalar) ? " " : scalar) }
        return String(scalars)
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value < 0x20 && scalar != "\t") || (0x7F...0x9F).contains(scalar.value) || scalar == "\u{2028}" || scalar == "\u{2029}"
    }

    /// `value` with its encoded words decoded. White space between two encoded words goes (RFC
    /// 2047 §6.2); adjacent words in one charset are joined before decoding, so a character
    /// split across two words (which some writers do) survives. Words need not stand apart from
    /// other text, as many writers forget that rule.
    static func decode(_ value: String) -> String {
        guard value.contains("=?") else { return value }
        let bytes = Array(value.utf8)
        var out = ""
        var literalStart = 0, afterWord = false
        var pending: (charset: String, bytes: [UInt8])?
        func flush() {
            if let run = pending { out += MailCharset.decode(run.bytes, charset: run.charset) ?? "" }
            pending = nil
        }
        var i = 0
        while i + 1 < bytes.count {
            guard bytes[i] == UInt8(ascii: "="), bytes[i + 1] == UInt8(ascii: "?"), let word = encodedWord(bytes, at: i) else {
                i += 1
                continue
            }
            let between = bytes[literalStart..<i]
            if !(afterWord && between.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") })) {
                flush()
                out += String(decoding: between, as: UTF8.self)
            }
            if let run = pending, run.charset == word.charset {
                pending?.bytes += word.bytes
            } else {
                flush()
                pending = (word.charset, word.bytes)
            }
            afterWord = true
            i = word.end
            literalStart = i
        }
        flush()
        out += String(decoding: bytes[literalStart...], as: UTF8.self)
        return out
    }

    /// The encoded word starting at `start` ("=?"): its charset (lowercased, without an RFC 2231
    /// language), its bytes, and the index after its "?=" — nil when there is none there, or its
    /// charset is unknown, or its text does not decode.
    static func encodedWord(_ bytes: [UInt8], at start: Int) -> (charset: String, bytes: [UInt8], end: Int)? {
        var i = start + 2
        let charsetStart = i
        while i < bytes.count, i - charsetStart <= 75, (33...126).contains(bytes[i]), !tokenSpecials.contains(bytes[i]) { i += 1 }
        guard i > charsetStart, i + 2 < bytes.count, bytes[i] == UInt8(ascii: "?"), bytes[i + 2] == UInt8(ascii: "?") else { return nil }
        var charset = String(decoding: bytes[charsetStart..<i], as: UTF8.self).lowercased()
        if let star = charset.firstIndex(of: "*") { charset = String(charset[..<star]) }
        let encoding = bytes[i + 1] | 0x20  // lowercased
        i += 3
        let textStart = i
        while i < bytes.count, (33...126).contains(bytes[i]), bytes[i] != UInt8(ascii: "?") { i += 1 }
        guard i + 1 < bytes.count, bytes[i] == UInt8(ascii: "?"), bytes[i + 1] == UInt8(ascii: "="),
              MailCharset.decode([], charset: charset) != nil else { return nil }
        let text = bytes[textStart..<i]
        let decoded: [UInt8]?
        switch encoding {
        case UInt8(ascii: "b"): decoded = TransferDecoding.base64(text)
        case UInt8(ascii: "q"): decoded = qDecoded(text)
        default: decoded = nil
        }
        guard let decoded else { return nil }
        return (charset, decoded, i + 2)
    }

    /// RFC 2047's especials, which a charset name cannot contain.
    private static let tokenSpecials = Set("()<>@,;:\"/[]?.=".utf8)

    /// RFC 2047's Q encoding: "_" is a space, "=XX" a byte.
    static func qDecoded(_ text: ArraySlice<UInt8>) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(text.count)
        var i = text.startIndex
        while i < text.endIndex {
            switch text[i] {
            case UInt8(ascii: "_"):
                out.append(0x20)
            case UInt8(ascii: "="):
                guard i + 2 < text.endIndex, let high = TransferDecoding.hexValue(text[i + 1]),
                      let low = TransferDecoding.hexValue(text[i + 2]) else { return nil }
                out.append(high << 4 | low)
                i += 2
            case let byte:
                out.append(byte)
            }
            i += 1
        }
        return out
    }
}
