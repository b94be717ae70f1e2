// DocumentFormat: recognises an input's format from its first bytes (magic numbers), never its name.

/// The input formats the converter accepts.
public enum DocumentFormat: String, Sendable, CaseIterable {
    case pdf, postScript, tiff, png, jpeg, gif, cupsRaster, text

    /// The format `head` (the first bytes of a file, 512 or more when available) starts with, or nil.
    public static func detect(_ head: [UInt8]) -> DocumentFormat? {
        func starts(_ magic: [UInt8]) -> Bool { head.count >= magic.count && Array(head.prefix(magic.count)) == magic }
        // PDF allows up to 1 KiB of junk before the header; look for it in the head.
        if indexOf(Array("%PDF-".utf8), in: head.prefix(1024)) != nil { return .pdf }
        if starts(Array("%!".utf8)) || starts([0xC5, 0xD0, 0xD3, 0xC6]) { return .postScript }
        if starts([0x49, 0x49, 0x2A, 0x00]) || starts([0x4D, 0x4D, 0x00, 0x2A]) { return .tiff }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if starts([0xFF, 0xD8, 0xFF]) { return .jpeg }
        if starts(Array("GIF87a".utf8)) || starts(Array("GIF89a".utf8)) { return .gif }
        // CUPS raster sync words: v1 "RaSt", v2 "RaS2", v3 "RaS3", either byte order.
        for sync in ["RaSt", "RaS2", "RaS3"] {
            let magic = Array(sync.utf8)
            if starts(magic) || starts(magic.reversed()) { return .cupsRaster }
        }
        return isText(head) ? .text : nil
    }

    /// Plain text: valid UTF-8 (a truncated last character allowed), no NULs, few control characters.
    static func isText(_ head: [UInt8]) -> Bool {
        guard !head.isEmpty, !head.contains(0) else { return false }
        var bytes = ArraySlice(head)
        // Drop an incomplete UTF-8 sequence cut off at the end of the head.
        if let lead = bytes.lastIndex(where: { $0 & 0xC0 != 0x80 }), head[lead] >= 0xC0 {
            let need = head[lead] >= 0xF0 ? 4 : head[lead] >= 0xE0 ? 3 : 2
            if head.count - lead < need { bytes = bytes[..<lead] }
        }
        guard String(validating: bytes, as: UTF8.self) != nil else { return false }
        let controls = bytes.filter { $0 < 0x20 && ![0x09, 0x0A, 0x0C, 0x0D].contains($0) }.count
        return controls * 100 <= bytes.count
    }

    private static func indexOf(_ needle: [UInt8], in haystack: ArraySlice<UInt8>) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        let start = haystack.startIndex
        for i in start...(haystack.endIndex - needle.count) where haystack[i..<(i + needle.count)].elementsEqual(needle) {
            return i
        }
        return nil
    }
}
