// CupsRasterDecoder: CUPS raster streams (what a CUPS print-to-fax queue delivers) to grey pages with libcups.
// Accepts 1-bit and 8-bit single-colour pages (black or white colour spaces); see docs/cups-backend notes.

import CCupsRaster
import Foundation

enum CupsRasterDecoder {
    static func decode(path: String, limits: DocumentLimits) throws -> [GreyImage] {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw DocumentError.invalid(path: path, reason: "cannot open") }
        defer { close(fd) }
        guard let raster = cupsRasterOpen(fd, CUPS_RASTER_READ) else {
            throw DocumentError.invalid(path: path, reason: "not a CUPS raster stream")
        }
        defer { cupsRasterClose(raster) }
        var pages: [GreyImage] = []
        var header = cups_page_header2_t()
        var pixelsSoFar = 0
        while cupsRasterReadHeader2(raster, &header) != 0 {
            // Sizes are the stream's word, each up to 2^32 - 1: checked with overflow-safe
            // arithmetic against the page budget before a pixel is allocated or read.
            let w = Int(header.cupsWidth), h = Int(header.cupsHeight), bpp = Int(header.cupsBitsPerPixel)
            let bytesPerLine = Int(header.cupsBytesPerLine)
            guard w > 0, h > 0, bpp == 1 || bpp == 8 else {
                throw DocumentError.invalid(path: path, reason: "unsupported CUPS raster page (\(bpp) bits per pixel)")
            }
            let minimumBytes = (w * bpp + 7) / 8  // at most 2^35: no overflow
            guard bytesPerLine >= minimumBytes, bytesPerLine <= 4 * minimumBytes + 64 else {
                throw DocumentError.invalid(path: path, reason: "CUPS raster page \(pages.count + 1): \(bytesPerLine) bytes per line for \(w) pixels")
            }
            guard pages.count < limits.maxPages else {
                throw DocumentError.tooLarge(path: path, reason: "more than \(limits.maxPages) pages")
            }
            guard let pixels = limits.pagePixels(w, h) else {
                throw DocumentError.tooLarge(path: path, reason: "page \(pages.count + 1) is \(w) × \(h) pixels (limit \(limits.maxPagePixels))")
            }
            pixelsSoFar += pixels
            guard pixelsSoFar <= limits.maxPixels else {
                throw DocumentError.tooLarge(path: path, reason: "\(pixelsSoFar) pixels (limit \(limits.maxPixels))")
            }
            // CUPS_CSPACE_K (3) and friends: set bits/high values are ink; W (0)/RGB-ish: high values are white.
            let inkIsHigh = header.cupsColorSpace != CUPS_CSPACE_W && header.cupsColorSpace != CUPS_CSPACE_SW
            var line = [UInt8](repeating: 0, count: bytesPerLine)
            var grey = [UInt8](repeating: 255, count: w * h)
            for y in 0..<h {
                let got = line.withUnsafeMutableBufferPointer { cupsRasterReadPixels(raster, $0.baseAddress, UInt32(bytesPerLine)) }
                guard got == UInt32(bytesPerLine) else {
                    throw DocumentError.invalid(path: path, reason: "truncated CUPS raster page \(pages.count + 1)")
                }
                for x in 0..<w {
                    let ink: Bool
                    let value: UInt8
                    if bpp == 1 {
                        ink = (line[x >> 3] & (0x80 >> UInt8(x & 7)) != 0) == inkIsHigh
                        value = ink ? 0 : 255
                    } else {
                        value = inkIsHigh ? 255 - line[x] : line[x]
                    }
                    grey[y * w + x] = value
                }
            }
            pages.append(GreyImage(width: w, height: h, pixels: grey,
                                   xDPI: Double(header.HWResolution.0), yDPI: Double(header.HWResolution.1)))
        }
        guard !pages.isEmpty else { throw DocumentError.invalid(path: path, reason: "CUPS raster stream without pages") }
        return pages
    }
}
