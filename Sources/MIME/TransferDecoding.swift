// TransferDecoding: a body part's Content-Transfer-Encoding undone (RFC 2045 §6) — base64
// strictly (an illegal character, or data after the padding, is an error: such a part is
// damaged, and guessing would hand on a damaged document) but tolerating line breaks, white
// space and missing final padding; quoted-printable leniently, as RFC 2045 advises. One pass
// over the bytes each, with no look-back beyond the current line.

enum TransferDecoding {
    /// The bytes `text` encodes, or nil when it is not base64.
    static func base64(_ text: ArraySlice<UInt8>) -> [UInt8]? {
        let table = base64Table
        var failed = false
        let decoded = [UInt8](unsafeUninitializedCapacity: text.count / 4 * 3 + 3) { out, written in
            var quantum: UInt32 = 0, sextets = 0, padsExpected = 0, padded = false
            text.withUnsafeBufferPointer { input in
                table.withUnsafeBufferPointer { table in
                    for byte in input {
                        let value = table[Int(byte)]
                        if value < 64 {
                            if padded { failed = true; return }
                            quantum = quantum << 6 | UInt32(value)
                            sextets += 1
                            if sextets == 4 {
                                out[written] = UInt8(truncatingIfNeeded: quantum >> 16)
                                out[written + 1] = UInt8(truncatingIfNeeded: quantum >> 8)
                                out[written + 2] = UInt8(truncatingIfNeeded: quantum)
                                written += 3
                                quantum = 0
                                sextets = 0
                            }
                        } else if value == whiteSpace {
                            continue
                        } else if value == pad {
                            if padded {
                                guard padsExpected > 0 else { failed = true; return }
                                padsExpected -= 1
                                continue
                            }
                            guard sextets >= 2 else { failed = true; return }
                            padsExpected = 3 - sextets
                            flush(quantum, sextets, into: out, at: &written)
                            padded = true
                            quantum = 0
                            sextets = 0
                        } else {
                            failed = true
                            return
                        }
                    }
                }
            }
            if sextets == 1 { failed = true }
            if !failed { flush(quantum, sextets, into: out, at: &written) }
        }
        return failed ? nil : decoded
    }

    /// The last 2 or 3 sextets of unpadded (or just padded) data: 1 or 2 bytes.
    private static func flush(_ quantum: UInt32, _ sextets: Int, into out: UnsafeMutableBufferPointer<UInt8>, at written: inout Int) {
        if sextets == 2 {
            out[written] = UInt8(truncatingIfNeeded: quantum >> 4)
            written += 1
        } else if sextets == 3 {
            out[written] = UInt8(truncatingIfNeeded: quantum >> 10)
            out[written + 1] = UInt8(truncatingIfNeeded: quantum >> 2)
            written += 2
        }
    }

    private static let whiteSpace: UInt8 = 64, pad: UInt8 = 65, illegal: UInt8 = 255

    /// Each byte's sextet, or one of the markers above.
    private static let base64Table: [UInt8] = {
        var table = [UInt8](repeating: illegal, count: 256)
        for (value, byte) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            table[Int(byte)] = UInt8(value)
        }
        for byte in " \t\r\n\u{0B}\u{0C}".utf8 { table[Int(byte)] = whiteSpace }
        table[Int(UInt8(ascii: "="))] = pad
        return table
    }()

    /// The bytes `text` encodes in quoted-printable: "=XX" is a byte, "=" ending a line joins it
    /// to the next, white space ending a line is dropped (transports add it), line ends stay as
    /// they came (LF or CRLF), and an "=" starting nothing valid stays itself.
    static func quotedPrintable(_ text: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.count)
        var keep = 0  // out.count without the current line's trailing literal white space
        var i = text.startIndex
        let end = text.endIndex
        while i < end {
            let byte = text[i]
            switch byte {
            case UInt8(ascii: "="):
                if i + 2 < end, let high = hexValue(text[i + 1]), let low = hexValue(text[i + 2]) {
                    out.append(high << 4 | low)
                    keep = out.count
                    i += 3
                    continue
                }
                var j = i + 1  // a soft line break: "=", optional white space, a line end
                while j < end, text[j] == UInt8(ascii: " ") || text[j] == UInt8(ascii: "\t") { j += 1 }
                if j < end, text[j] == UInt8(ascii: "\r") { j += 1 }
                if j == end || text[j] == UInt8(ascii: "\n") {
                    i = min(j + 1, end)
                    continue
                }
                out.append(byte)
                keep = out.count
            case UInt8(ascii: " "), UInt8(ascii: "\t"):
                out.append(byte)
            case UInt8(ascii: "\n"):
                let crlf = out.last == UInt8(ascii: "\r")
                if crlf { out.removeLast() }
                if out.count > keep { out.removeLast(out.count - keep) }
                out.append(contentsOf: crlf ? [13, 10] : [10])
                keep = out.count
            default:
                out.append(byte)
                if byte != UInt8(ascii: "\r") { keep = out.count }
            }
            i += 1
        }
        if out.count > keep { out.removeLast(out.count - keep) }
        return out
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}
