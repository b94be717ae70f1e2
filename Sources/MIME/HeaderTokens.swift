// HeaderTokens: a structured header value (RFC 5322 §3.2) cut into atoms, quoted strings,
// comments and the special characters a caller asks for, in one pass. Quoted strings and
// comments lose their quoting (quoted pairs unescaped; nested comments flattened); an
// unterminated one runs to the end of the value. Content-Type, addresses and
// Authentication-Results are read through it.

struct HeaderToken: Equatable {
    enum Kind: Equatable { case atom, quoted, comment, special }
    var kind: Kind
    var text: String
    /// White space (or a comment) came before it.
    var spaceBefore: Bool
}

enum HeaderTokens {
    /// The tokens of `value`; `specials` are the ASCII characters that stand alone (anything
    /// else but white space, '"' and '(' belongs to an atom).
    static func tokens(_ value: String, specials: String) -> [HeaderToken] {
        let bytes = Array(value.utf8)
        let special = Set(specials.utf8)
        let isSpace = { (b: UInt8) in b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A }
        var tokens: [HeaderToken] = []
        var spaceBefore = false
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            if isSpace(byte) {
                spaceBefore = true
                i += 1
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "(") {
                let isComment = byte == UInt8(ascii: "(")
                var text: [UInt8] = []
                var depth = 1
                i += 1
                while i < bytes.count {
                    let b = bytes[i]
                    if b == UInt8(ascii: "\\"), i + 1 < bytes.count {
                        text.append(bytes[i + 1])
                        i += 2
                        continue
                    }
                    i += 1
                    if isComment, b == UInt8(ascii: "(") {
                        depth += 1
                    } else if isComment ? b == UInt8(ascii: ")") : b == UInt8(ascii: "\"") {
                        depth -= 1
                        if depth == 0 { break }
                    }
                    text.append(b)
                }
                tokens.append(HeaderToken(kind: isComment ? .comment : .quoted, text: String(decoding: text, as: UTF8.self), spaceBefore: spaceBefore))
                spaceBefore = isComment
            } else if special.contains(byte) {
                tokens.append(HeaderToken(kind: .special, text: String(UnicodeScalar(byte)), spaceBefore: spaceBefore))
                spaceBefore = false
                i += 1
            } else {
                let start = i
                while i < bytes.count, !isSpace(bytes[i]), !special.contains(bytes[i]),
                      bytes[i] != UInt8(ascii: "\""), bytes[i] != UInt8(ascii: "(") { i += 1 }
                tokens.append(HeaderToken(kind: .atom, text: String(decoding: bytes[start..<i], as: UTF8.self), spaceBefore: spaceBefore))
                spaceBefore = false
            }
        }
        return tokens
    }

    /// The texts of `tokens` (comments left out) as one string, a space wherever white space was.
    static func joined(_ tokens: some Sequence<HeaderToken>) -> String {
        var out = ""
        for token in tokens where token.kind != .comment {
            if token.spaceBefore, !out.isEmpty { out += " " }
            out += token.text
        }
        return out
    }
}
