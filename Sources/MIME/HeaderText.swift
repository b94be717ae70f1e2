// HeaderText: text made safe for a mail header (RFC 5322 §2.2, RFC 2047). Untrusted values —
// a caller ID, a remote station identity, a fax header, a file name — are never concatenated
// into a header as they are: control characters (CR and LF above all: header injection) become
// spaces, and anything beyond printable ASCII, or text that merely looks like an encoded word,
// becomes RFC 2047 encoded words (UTF-8, base64), each at most 75 characters, so every header
// line stays within RFC 5322's 78.

import Foundation

public enum HeaderText {
    /// `text` as the value of an unstructured header (Subject, a comment) whose name is
    /// `nameLength` characters: plain when it is printable ASCII with no encoded-word look-alike,
    /// else encoded words. Lines (the name's included) stay within 78 characters where words
    /// allow; CR and LF occur only as folding ("\r\n ").
    public static func unstructured(_ text: String, nameLength: Int = 7) -> String {
        let clean = sanitized(text)
        let firstRoom = max(20, 78 - nameLength - 2)
        if isPlain(clean) { return fold(clean, firstRoom: firstRoom) }
        return encodedWords(clean, firstMax: min(75, firstRoom), max: 75).joined(separator: "\r\n ")
    }

    /// A display name for an address (`"Name" <addr>`): a quoted string when plain, else encoded
    /// words (RFC 2047 §5 (3): allowed in a phrase), one per line.
    public static func phrase(_ text: String) -> String {
        let clean = sanitized(text)
        if isPlain(clean) {
            let escaped = clean.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            return "\"" + escaped + "\""
        }
        return encodedWords(clean, firstMax: 60, max: 60).joined(separator: "\r\n ")
    }

    /// Control characters (C0, DEL, C1, and Unicode line and paragraph separators) become spaces;
    /// runs of white space become one; trimmed; at most 998 characters.
    static func sanitized(_ text: String) -> String {
        var out = ""
        var lastWasSpace = false
        for scalar in text.unicodeScalars {
            let isControl = scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar == "\u{2028}" || scalar == "\u{2029}"
            if isControl || scalar == " " {
                if !lastWasSpace { out.unicodeScalars.append(" ") }
                lastWasSpace = true
            } else {
                out.unicodeScalars.append(scalar)
                lastWasSpace = false
            }
        }
        return String(out.trimmingCharacters(in: .whitespaces).prefix(998))
    }

    /// Printable ASCII without "=?" (which a reader could take for an encoded word).
    static func isPlain(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { (0x20...0x7E).contains($0.value) } && !text.contains("=?")
    }

    /// Plain text folded at spaces: the first line at most `firstRoom` characters, the others 76
    /// (a word longer than that stays whole).
    static func fold(_ text: String, firstRoom: Int) -> String {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            let room = lines.isEmpty ? firstRoom : 76
            if !current.isEmpty, current.count + 1 + word.count > room {
                lines.append(current)
                current = String(word)
            } else {
                current += current.isEmpty ? String(word) : " " + word
            }
        }
        lines.append(current)
        return lines.joined(separator: "\r\n ")
    }

    /// `=?UTF-8?B?…?=` words, the first at most `firstMax` characters and the rest `max`, never
    /// splitting a character's UTF-8 bytes.
    static func encodedWords(_ text: String, firstMax: Int, max: Int) -> [String] {
        let prefix = "=?UTF-8?B?", suffix = "?="
        let payload = { (length: Int) in Swift.max(4, (length - prefix.count - suffix.count) / 4 * 3) }  // bytes whose base64 fits
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in text {
            let bytes = Array(String(character).utf8)
            let limit = payload(words.isEmpty ? firstMax : max)
            if chunk.count + bytes.count > limit, !chunk.isEmpty {
                words.append(prefix + Data(chunk).base64EncodedString() + suffix)
                chunk = []
            }
            chunk += bytes.prefix(payload(max))
        }
        if !chunk.isEmpty || words.isEmpty { words.append(prefix + Data(chunk).base64EncodedString() + suffix) }
        return words
    }
}
