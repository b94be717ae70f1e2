// NetpbmStream: reads the binary greymaps (P5, pgmraw) or bitmaps (P4, pbmraw) Ghostscript
// writes back to back on a pipe.
//
// Hand-written because it is a few-token text header before raw bytes from a trusted renderer;
// reading straight from the pipe keeps pages off the disk and lets conversion overlap rendering.
// Pages must have the size asked of the renderer, so what it sends cannot make us buffer more.
// A P4 bitmap is already a fax page's own layout (rows packed MSB first, 1 = black).

import Foundation
import T4

struct NetpbmStream {
    let fd: Int32

    enum Failure: Error { case malformed(String) }

    enum Image {
        case grey(GreyImage)
        case bits(width: Int, height: Int, bits: [UInt8])
    }

    /// The next page, which must be `width` × `height` (checked before anything is allocated),
    /// or nil at a clean end of stream.
    mutating func next(width expectedWidth: Int, height expectedHeight: Int) throws -> Image? {
        guard let p = try byte() else { return nil }
        guard p == UInt8(ascii: "P"), let kind = try byte(), kind == UInt8(ascii: "5") || kind == UInt8(ascii: "4") else {
            throw Failure.malformed("not a greymap or bitmap")
        }
        guard let width = try number(), let height = try number(), width == expectedWidth, height == expectedHeight else {
            throw Failure.malformed("not a \(expectedWidth) × \(expectedHeight) page")
        }
        if kind == UInt8(ascii: "4") {
            var bits = [UInt8](repeating: 0, count: (width + 7) / 8 * height)
            try bits.withUnsafeMutableBytes { try fill($0) }
            return .bits(width: width, height: height, bits: bits)
        }
        guard try number() == 255 else { throw Failure.malformed("greymap depth is not 8 bits") }
        var pixels = [UInt8](repeating: 255, count: width * height)
        try pixels.withUnsafeMutableBytes { try fill($0) }
        return .grey(GreyImage(width: width, height: height, pixels: pixels))
    }

    /// One header byte (headers are a few dozen bytes, so unbuffered reads cost nothing), nil at the end.
    private func byte() throws -> UInt8? {
        var value: UInt8 = 0
        while true {
            let n = read(fd, &value, 1)
            if n == 1 { return value }
            if n < 0 && errno == EINTR { continue }
            return nil
        }
    }

    /// A decimal header field, skipping white space and `#` comments; consumes one delimiter after it.
    private func number() throws -> Int? {
        var c = try byte()
        while let ch = c, ch <= 0x20 || ch == UInt8(ascii: "#") {
            if ch == UInt8(ascii: "#") {
                while let skip = try byte(), skip != 0x0A {}
            }
            c = try byte()
        }
        var value = 0, digits = 0
        while let ch = c, ch >= 0x30, ch <= 0x39, digits < 9 {
            value = value * 10 + Int(ch - 0x30)
            digits += 1
            c = try byte()
        }
        return digits > 0 ? value : nil
    }

    private func fill(_ buffer: UnsafeMutableRawBufferPointer) throws {
        var offset = 0
        while offset < buffer.count {
            let n = read(fd, buffer.baseAddress! + offset, buffer.count - offset)
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw Failure.malformed("truncated greymap") }
            offset += n
        }
    }
}
