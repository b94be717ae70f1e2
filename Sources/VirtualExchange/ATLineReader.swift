// ATLineReader: how a virtual modem hears a command line from its DTE — bytes gathered up to CR,
// LF ignored, backspace honoured, at most 256 characters kept (a longer line is cut, as V.250
// lets a modem do), and only lines that begin with AT handed on.

struct ATLineReader {
    private var buffer: [UInt8] = []
    /// Whether control characters other than CR, LF and backspace are kept (the Class 2 modem
    /// keeps them, as they may be part of a quoted string; the voice modem drops them).
    let keepsControlCharacters: Bool

    init(keepsControlCharacters: Bool = true) {
        self.keepsControlCharacters = keepsControlCharacters
    }

    /// Takes one byte; returns the command line (trimmed) once CR ends one that begins with AT.
    mutating func take(_ byte: UInt8) -> String? {
        switch byte {
        case 0x0D:
            let line = String(decoding: buffer, as: UTF8.self).trimmingSpaces
            buffer.removeAll()
            return line.uppercased().hasPrefix("AT") ? line : nil
        case 0x0A:
            return nil
        case 0x08, 0x7F:
            if !buffer.isEmpty { buffer.removeLast() }
            return nil
        default:
            if (keepsControlCharacters || byte >= 0x20), buffer.count < 256 { buffer.append(byte) }
            return nil
        }
    }

    mutating func clear() { buffer.removeAll() }
}
