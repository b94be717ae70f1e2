// PGM: reads the binary greymap (P5) files Ghostscript's pgmraw device writes.
//
// Hand-written because it is a six-token text header before raw bytes from a trusted
// renderer; a library would add nothing.

import Foundation

enum PGM {
    static func read(path: String) throws -> GreyImage {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DocumentError.invalid(path: path, reason: "renderer output missing")
        }
        let bytes = [UInt8](data.prefix(256))
        var index = 0
        func token() -> Int? {
            while index < bytes.count {
                if bytes[index] == UInt8(ascii: "#") {
                    while index < bytes.count && bytes[index] != 0x0A { index += 1 }
                } else if bytes[index] <= 0x20 {
                    index += 1
                } else { break }
            }
            var value = 0, digits = 0
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39, digits < 9 {
                value = value * 10 + Int(bytes[index] - 0x30)
                index += 1
                digits += 1
            }
            return digits > 0 ? value : nil
        }
        guard bytes.count > 2, bytes[0] == UInt8(ascii: "P"), bytes[1] == UInt8(ascii: "5") else {
            throw DocumentError.invalid(path: path, reason: "renderer output is not a greymap")
        }
        index = 2
        guard let width = token(), let height = token(), let maxValue = token(), maxValue == 255 else {
            throw DocumentError.invalid(path: path, reason: "bad greymap header")
        }
        index += 1
        guard index < bytes.count, data.count - index >= width * height else {
            throw DocumentError.invalid(path: path, reason: "truncated greymap")
        }
        let start = data.startIndex + index
        return GreyImage(width: width, height: height, pixels: [UInt8](data[start..<(start + width * height)]))
    }
}
