// TIFFFaxReader: reads the pages of a bi-level TIFF (any libtiff compression) into FaxPages.

import CSpanDSP

/// What a TIFF directory says about one page, without decoding it.
public struct FaxPageInfo: Sendable, Equatable {
    public let width: Int
    public let length: Int
    public let xDPI: Double
    public let yDPI: Double
    /// TIFF compression tag value: 1 none, 3 T.4 (G3), 4 T.6 (G4).
    public let compression: Int
    /// Bytes of compressed image data (all strips).
    public let encodedBytes: Int
    public var resolution: FaxResolution { .nearest(verticalDPI: yDPI) }
}

public enum TIFFFaxReader {
    /// The most pixels a page may have for `readPages` unless told otherwise: 64 Mpixel (8 MiB of
    /// bits), several times the largest fax page (1728 × ~4,600 rows, A4 at superfine; 4864 wide at
    /// 1200 dpi is still 5 Mpixel a foot). Files from elsewhere may state any size up to 2^32 × 2^32.
    public static let defaultMaxPagePixels = 64 << 20

    /// The page descriptions of the file's directories: all of them, or the first `limit` + 1 when
    /// a limit is given (enough for the caller to see there are too many).
    public static func pageInfo(path: String, limit: Int? = nil) throws -> [FaxPageInfo] {
        try withTIFF(path: path) { tif in
            var pages: [FaxPageInfo] = []
            repeat {
                pages.append(currentInfo(tif))
                if let limit, pages.count > limit { break }
            } while TIFFReadDirectory(tif) == 1
            return pages
        }
    }

    /// Decodes every page. Pixels are normalised to 1 = black whatever the file's photometric
    /// interpretation. A page over `maxPagePixels` (by its stated size) throws `T4Error.tooLarge`
    /// before anything is allocated for it.
    public static func readPages(path: String, maxPagePixels: Int = defaultMaxPagePixels) throws -> [FaxPage] {
        try withTIFF(path: path) { tif in
            var pages: [FaxPage] = []
            var index = 0
            repeat {
                pages.append(try decodeCurrentPage(tif, path: path, index: index, maxPagePixels: maxPagePixels))
                index += 1
            } while TIFFReadDirectory(tif) == 1
            return pages
        }
    }

    private static func withTIFF<T>(path: String, _ body: (OpaquePointer) throws -> T) throws -> T {
        TIFFQuiet.install()
        guard let tif = TIFFOpen(path, "r") else { throw T4Error.cannotOpen(path: path) }
        defer { TIFFClose(tif) }
        return try body(tif)
    }

    private static func currentInfo(_ tif: OpaquePointer) -> FaxPageInfo {
        var width: UInt32 = 0, length: UInt32 = 0
        var xres: Float = 204, yres: Float = 196
        var unit: UInt16 = UInt16(RESUNIT_INCH), compression: UInt16 = UInt16(COMPRESSION_NONE)
        _ = swiftfax_tiff_get_u32(tif, UInt32(TIFFTAG_IMAGEWIDTH), &width)
        _ = swiftfax_tiff_get_u32(tif, UInt32(TIFFTAG_IMAGELENGTH), &length)
        _ = swiftfax_tiff_get_float(tif, UInt32(TIFFTAG_XRESOLUTION), &xres)
        _ = swiftfax_tiff_get_float(tif, UInt32(TIFFTAG_YRESOLUTION), &yres)
        _ = swiftfax_tiff_get_u16(tif, UInt32(TIFFTAG_RESOLUTIONUNIT), &unit)
        _ = swiftfax_tiff_get_u16(tif, UInt32(TIFFTAG_COMPRESSION), &compression)
        let scale: Double = unit == UInt16(RESUNIT_CENTIMETER) ? 2.54 : 1
        // A stated length of 2^32 rows in one-row strips is four billion strips: count at most as
        // many as a real page could have, with saturating sums (strip sizes come from the file).
        let strips = min(TIFFNumberOfStrips(tif), 1 << 16)
        var encoded = 0
        for strip in 0..<strips {
            let (sum, overflow) = encoded.addingReportingOverflow(max(0, Int(TIFFRawStripSize(tif, strip))))
            encoded = overflow ? Int.max : sum
        }
        return FaxPageInfo(
            width: Int(width), length: Int(length),
            xDPI: (Double(xres) * scale).rounded(), yDPI: (Double(yres) * scale).rounded(),
            compression: Int(compression), encodedBytes: encoded
        )
    }

    private static func decodeCurrentPage(_ tif: OpaquePointer, path: String, index: Int, maxPagePixels: Int) throws -> FaxPage {
        let info = currentInfo(tif)
        let (pixels, overflow) = info.width.multipliedReportingOverflow(by: info.length)
        guard !overflow, pixels <= maxPagePixels else {
            throw T4Error.tooLarge(path: path, page: index + 1, width: info.width, length: info.length)
        }
        var bitsPerSample: UInt16 = 1, samples: UInt16 = 1, photometric: UInt16 = UInt16(PHOTOMETRIC_MINISWHITE)
        _ = swiftfax_tiff_get_u16(tif, UInt32(TIFFTAG_BITSPERSAMPLE), &bitsPerSample)
        _ = swiftfax_tiff_get_u16(tif, UInt32(TIFFTAG_SAMPLESPERPIXEL), &samples)
        _ = swiftfax_tiff_get_u16(tif, UInt32(TIFFTAG_PHOTOMETRIC), &photometric)
        guard bitsPerSample == 1, samples == 1, info.width > 0 else {
            throw T4Error.notBilevel(path: path, page: index + 1)
        }
        let bytesPerRow = (info.width + 7) / 8
        let scanline = max(Int(TIFFScanlineSize(tif)), bytesPerRow)
        var rowBuffer = [UInt8](repeating: 0, count: scanline)
        var bits = [UInt8](repeating: 0, count: bytesPerRow * info.length)
        let invert = photometric == UInt16(PHOTOMETRIC_MINISBLACK)
        for y in 0..<info.length {
            let ok = rowBuffer.withUnsafeMutableBytes { TIFFReadScanline(tif, $0.baseAddress, UInt32(y), 0) }
            guard ok == 1 else { throw T4Error.unreadableRow(path: path, page: index + 1, row: y) }
            let base = y * bytesPerRow
            for i in 0..<bytesPerRow {
                bits[base + i] = invert ? ~rowBuffer[i] : rowBuffer[i]
            }
            if info.width % 8 != 0 {
                bits[base + bytesPerRow - 1] &= UInt8(truncatingIfNeeded: 0xFF << (8 - info.width % 8))
            }
        }
        return FaxPage(width: info.width, length: info.length, resolution: info.resolution, bits: bits)
    }
}
