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
    /// The page descriptions of every directory in the file.
    public static func pageInfo(path: String) throws -> [FaxPageInfo] {
        try withTIFF(path: path) { tif in
            var pages: [FaxPageInfo] = []
            repeat {
                pages.append(currentInfo(tif))
            } while TIFFReadDirectory(tif) == 1
            return pages
        }
    }

    /// Decodes every page. Pixels are normalised to 1 = black whatever the file's photometric interpretation.
    public static func readPages(path: String) throws -> [FaxPage] {
        try withTIFF(path: path) { tif in
            var pages: [FaxPage] = []
            var index = 0
            repeat {
                pages.append(try decodeCurrentPage(tif, path: path, index: index))
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
        let strips = TIFFNumberOfStrips(tif)
        let encoded = (0..<strips).reduce(0) { $0 + max(0, Int(TIFFRawStripSize(tif, $1))) }
        return FaxPageInfo(
            width: Int(width), length: Int(length),
            xDPI: (Double(xres) * scale).rounded(), yDPI: (Double(yres) * scale).rounded(),
            compression: Int(compression), encodedBytes: encoded
        )
    }

    private static func decodeCurrentPage(_ tif: OpaquePointer, path: String, index: Int) throws -> FaxPage {
        let info = currentInfo(tif)
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
