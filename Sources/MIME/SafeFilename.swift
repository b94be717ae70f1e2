// SafeFilename: a file name from a message (Content-Disposition's filename, Content-Type's name)
// made safe to show and to store under: encoded words decoded, only the last path component
// ("/" and "\" both separate), no control characters and no bidirectional controls (a
// right-to-left override can make "evil" U+202E "fdp.exe" show as "evilexe.pdf"), no leading
// dots or spaces (no "..", no hidden files), at most 200 bytes of UTF-8 (the extension kept when
// the name is cut).

enum SafeFilename {
    static let maxBytes = 200

    /// The safe base name of `name`, nil when nothing is left.
    static func make(_ name: String) -> String? {
        var decoded = String.UnicodeScalarView()
        for scalar in EncodedWords.displayText(name).unicodeScalars where !isBidiControl(scalar) {
            decoded.append(scalar == "\t" ? " " : scalar)
        }
        let base = String(decoded).split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        var scalars = Substring(base).unicodeScalars
        while let first = scalars.first, first == "." || first == " " { scalars.removeFirst() }
        while let last = scalars.last, last == " " { scalars.removeLast() }
        let trimmed = String(scalars)
        guard !trimmed.isEmpty else { return nil }
        if trimmed.utf8.count <= maxBytes { return trimmed }
        var stem = trimmed, suffix = ""
        if let dot = trimmed.lastIndex(of: "."), trimmed.utf8[dot...].count <= 16 {
            stem = String(trimmed[..<dot])
            suffix = String(trimmed[dot...])
        }
        return prefix(stem, bytes: maxBytes - suffix.utf8.count) + suffix
    }

    /// Marks and embeddings that change the order in which text is shown (U+200E, U+200F,
    /// U+202A–U+202E, U+2066–U+2069).
    static func isBidiControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "\u{200E}" || scalar == "\u{200F}" || (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
    }

    /// The longest run of whole scalars from the start of `text` within `bytes` bytes of UTF-8.
    static func prefix(_ text: String, bytes: Int) -> String {
        var out = String.UnicodeScalarView()
        var count = 0
        for scalar in text.unicodeScalars {
            count += UTF8.width(scalar)
            if count > bytes { break }
            out.append(scalar)
        }
        return String(out)
    }
}
