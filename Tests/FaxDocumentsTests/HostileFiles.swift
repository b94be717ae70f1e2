// HostileFiles: inputs written byte by byte, as an attacker would — TIFF directories and CUPS raster
// headers whose 32-bit sizes are near 2^32, PNG headers claiming huge images — for the tests that
// prove such files are refused with 4201/4202 rather than crashing the process.

import CCupsRaster
import Foundation

enum HostileFiles {
    /// One page of a hand-written little-endian TIFF: an IFD with these sizes and a few bytes of data.
    struct TIFFPage: Sendable {
        var width: UInt32
        var length: UInt32
        var bitsPerSample: UInt16 = 1
        var samplesPerPixel: UInt16 = 1
        var compression: UInt16 = 1
        var rowsPerStrip: UInt32? = nil  // nil: the page length (one strip)
        var dpi: UInt32 = 204
        var yDPI: UInt32 = 196
    }

    /// A classic TIFF ("II*\0") with one directory per page; each page's single strip points at
    /// 16 bytes of zeros, whatever the sizes claim.
    static func tiff(_ pages: [TIFFPage]) -> [UInt8] {
        var out: [UInt8] = Array("II".utf8) + le16(42) + le32(8)
        for (index, page) in pages.enumerated() {
            let entryCount = 12
            let ifdStart = out.count
            let ifdSize = 2 + entryCount * 12 + 4
            let xResAt = UInt32(ifdStart + ifdSize), yResAt = xResAt + 8, dataAt = yResAt + 8
            let nextIFD: UInt32 = index == pages.count - 1 ? 0 : dataAt + 16
            out += le16(UInt16(entryCount))
            func entry(_ tag: UInt16, _ type: UInt16, _ value: UInt32) {
                out += le16(tag) + le16(type) + le32(1)
                out += type == 3 ? le16(UInt16(truncatingIfNeeded: value)) + le16(0) : le32(value)
            }
            entry(256, 4, page.width)
            entry(257, 4, page.length)
            entry(258, 3, UInt32(page.bitsPerSample))
            entry(259, 3, UInt32(page.compression))
            entry(262, 3, 0)  // min-is-white
            entry(273, 4, dataAt)
            entry(277, 3, UInt32(page.samplesPerPixel))
            entry(278, 4, page.rowsPerStrip ?? page.length)
            entry(279, 4, 16)
            entry(282, 5, xResAt)
            entry(283, 5, yResAt)
            entry(296, 3, 2)  // inch
            out += le32(nextIFD)
            out += le32(page.dpi) + le32(1) + le32(page.yDPI) + le32(1)
            out += [UInt8](repeating: 0, count: 16)
        }
        return out
    }

    /// `raster` (a CUPS raster v3 stream, "RaS3" in native byte order) with its first page header's
    /// width, height and bytes per line overwritten.
    static func cupsRaster(_ raster: [UInt8], width: UInt32, height: UInt32, bytesPerLine: UInt32,
                           bitsPerPixel: UInt32? = nil) -> [UInt8] {
        var bytes = raster
        func put(_ value: UInt32, _ field: PartialKeyPath<cups_page_header2_t>) {
            let at = 4 + MemoryLayout<cups_page_header2_t>.offset(of: field)!
            withUnsafeBytes(of: value) { for i in 0..<4 { bytes[at + i] = $0[i] } }
        }
        put(width, \cups_page_header2_t.cupsWidth)
        put(height, \cups_page_header2_t.cupsHeight)
        put(bytesPerLine, \cups_page_header2_t.cupsBytesPerLine)
        if let bitsPerPixel {
            put(bitsPerPixel, \cups_page_header2_t.cupsBitsPerPixel)
            put(bitsPerPixel, \cups_page_header2_t.cupsBitsPerColor)
        }
        return bytes
    }

    /// Offsets (after the 4-byte sync word) of a page header's size fields, for the fuzzer.
    static let cupsSizeFieldOffsets: [Int] = ([
        \cups_page_header2_t.cupsWidth, \cups_page_header2_t.cupsHeight, \cups_page_header2_t.cupsBytesPerLine,
        \cups_page_header2_t.cupsBitsPerPixel, \cups_page_header2_t.cupsBitsPerColor,
        \cups_page_header2_t.HWResolution, \cups_page_header2_t.cupsColorSpace,
    ] as [PartialKeyPath<cups_page_header2_t>]).map { 4 + MemoryLayout<cups_page_header2_t>.offset(of: $0)! }

    /// A PNG signature and IHDR chunk (correct CRC) claiming `width` × `height` 8-bit grey, then a
    /// tiny IDAT and IEND: the header says huge, the data is a few bytes.
    static func png(width: UInt32, height: UInt32) -> [UInt8] {
        var out: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        out += chunk("IHDR", be32(width) + be32(height) + [8, 0, 0, 0, 0])
        out += chunk("IDAT", [0x78, 0x9C, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01])
        out += chunk("IEND", [])
        return out
    }

    /// A GIF87a whose logical screen and one image descriptor claim `width` × `height`.
    static func gif(width: UInt16, height: UInt16) -> [UInt8] {
        var out = Array("GIF87a".utf8) + le16(width) + le16(height) + [0x80, 0, 0]
        out += [0, 0, 0, 255, 255, 255]  // 2-colour global table
        out += [0x2C] + le16(0) + le16(0) + le16(width) + le16(height) + [0]
        out += [2, 2, 0x44, 0x01, 0]  // a scrap of LZW data
        out += [0x3B]
        return out
    }

    static func le16(_ v: UInt16) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8)] }
    static func le32(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }
    static func be32(_ v: UInt32) -> [UInt8] { le32(v).reversed() }

    private static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let body = Array(type.utf8) + data
        return be32(UInt32(data.count)) + body + be32(crc32(body))
    }

    private static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}
