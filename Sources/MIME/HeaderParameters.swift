// HeaderParameters: a Content-Type or Content-Disposition value read as its leading value
// ("type/subtype", "attachment") and its parameters (RFC 2045 §5.1, RFC 2183) — names lowercased,
// quoted strings unquoted, comments dropped, and RFC 2231's extended parameters put together:
// charsets and percent-encoding (name*=utf-8''…) and continuations (name*0*=…; name*1=…).

enum HeaderParameters {
    /// The leading value lowercased with white space removed, and the parameters (the first of
    /// each name wins; an RFC 2231 form wins over a plain one).
    static func parse(_ fieldValue: String) -> (value: String, parameters: [String: String]) {
        let tokens = HeaderTokens.tokens(fieldValue, specials: ";=")
        let segments = tokens.split(omittingEmptySubsequences: false) { $0.kind == .special && $0.text == ";" }
        let value = (segments.first ?? []).filter { $0.kind != .comment }.map(\.text).joined().lowercased()
        var plain: [String: String] = [:]
        var extended: [String: (charset: String, bytes: [UInt8])] = [:]
        var sections: [String: [Int: (encoded: Bool, text: String)]] = [:]
        for segment in segments.dropFirst() {
            guard let equals = segment.firstIndex(where: { $0.kind == .special && $0.text == "=" }) else { continue }
            let name = HeaderTokens.joined(segment[..<equals]).lowercased()
            let text = HeaderTokens.joined(segment[(equals + 1)...])
            guard !name.isEmpty, !name.contains(" ") else { continue }
            let pieces = name.split(separator: "*", omittingEmptySubsequences: false)
            let base = String(pieces[0])
            switch pieces.count {
            case 1:
                if plain[base] == nil { plain[base] = text }
            case 2 where pieces[1].isEmpty:  // name*=charset'language'percent-encoded
                if extended[base] == nil { extended[base] = extendedValue(text, hasCharset: true) }
            case 2, 3:  // name*N= or name*N*=
                guard pieces.count == 2 || pieces[2].isEmpty, pieces[1].count <= 3,
                      pieces[1].allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(pieces[1]) else { continue }
                if sections[base, default: [:]][number] == nil { sections[base, default: [:]][number] = (pieces.count == 3, text) }
            default:
                continue
            }
        }
        var parameters = plain
        for (base, value) in extended {
            parameters[base] = decoded(value.bytes, charset: value.charset)
        }
        for (base, numbered) in sections where extended[base] == nil {
            var charset = "", bytes: [UInt8] = []
            var number = 0
            while let section = numbered[number] {  // sections 0, 1, 2, … up to the first missing one
                if section.encoded {
                    let value = extendedValue(section.text, hasCharset: number == 0)
                    if number == 0 { charset = value.charset }
                    bytes += value.bytes
                } else {
                    bytes += Array(section.text.utf8)
                }
                number += 1
            }
            if number > 0 { parameters[base] = decoded(bytes, charset: charset) }
        }
        return (value, parameters)
    }

    /// RFC 2231's `charset'language'text` (the charset and language only in a first section),
    /// with the text's %XX escapes made bytes.
    static func extendedValue(_ text: String, hasCharset: Bool) -> (charset: String, bytes: [UInt8]) {
        var charset = ""
        var encoded = Substring(text)
        if hasCharset {
            let parts = text.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
            if parts.count == 3 {
                charset = String(parts[0])
                encoded = parts[2]
            }
        }
        let raw = Array(encoded.utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(raw.count)
        var i = 0
        while i < raw.count {
            if raw[i] == UInt8(ascii: "%"), i + 2 < raw.count, let high = TransferDecoding.hexValue(raw[i + 1]),
               let low = TransferDecoding.hexValue(raw[i + 2]) {
                bytes.append(high << 4 | low)
                i += 3
            } else {
                bytes.append(raw[i])
                i += 1
            }
        }
        return (charset, bytes)
    }

    /// Bytes in a named charset; UTF-8 or else Windows-1252 when it is unnamed or unknown.
    static func decoded(_ bytes: [UInt8], charset: String) -> String {
        MailCharset.decode(bytes, charset: charset) ?? MailCharset.utf8OrWindows1252(bytes)
    }
}
