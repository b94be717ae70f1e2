// TIFFFaxWriter: writes FaxPages as a multi-page TIFF/F file (RFC 3949 profile S/F: bi-level, min-is-white).

import CSpanDSP

public enum TIFFFaxWriter {
    /// The compression written into the file.
    public enum Compression: Sendable {
        case none, t4OneDimensional, t4TwoDimensional, t6

        var tag: UInt16 {
            switch self {
            case .none: UInt16(COMPRESSION_NONE)
            case .t4OneDimensional, .t4TwoDimensional: UInt16(COMPRESSION_CCITTFAX3)
            case .t6: UInt16(COMPRESSION_CCITTFAX4)
            }
        }
    }

    /// Writes `pages` to `path`, replacing any file there.
    public static func write(_ pages: [FaxPage], to path: String, compression: Compression = .t6) throws {
        TIFFQuiet.install()
        guard !pages.isEmpty else { throw T4Error.noPages(path: path) }
        guard let tif = TIFFOpen(path, "w") else { throw T4Error.cannotWrite(path: path) }
        defer { TIFFClose(tif) }
        for (index, page) in pages.enumerated() {
            setTags(tif, page: page, index: index, count: pages.count, compression: compression)
            var row = [UInt8](repeating: 0, count: page.bytesPerRow)
            for y in 0..<page.length {
                row.replaceSubrange(0..<page.bytesPerRow, with: page.row(y))
                let ok = row.withUnsafeMutableBytes { TIFFWriteScanline(tif, $0.baseAddress, UInt32(y), 0) }
                guard ok == 1 else { throw T4Error.cannotWrite(path: path) }
            }
            guard TIFFWriteDirectory(tif) == 1 else { throw T4Error.cannotWrite(path: path) }
        }
    }

    /// The TIFF/F tags of page `index` of `count` (the page's own directory).
    static func setTags(_ tif: OpaquePointer, page: FaxPage, index: Int, count: Int, compression: Compression) {
        set(tif, TIFFTAG_SUBFILETYPE, u32: UInt32(FILETYPE_PAGE))
        set(tif, TIFFTAG_IMAGEWIDTH, u32: UInt32(page.width))
        set(tif, TIFFTAG_IMAGELENGTH, u32: UInt32(page.length))
        set(tif, TIFFTAG_BITSPERSAMPLE, u16: 1)
        set(tif, TIFFTAG_SAMPLESPERPIXEL, u16: 1)
        set(tif, TIFFTAG_COMPRESSION, u16: compression.tag)
        if compression == .t4TwoDimensional {
            set(tif, TIFFTAG_GROUP3OPTIONS, u32: UInt32(GROUP3OPT_2DENCODING))
        }
        set(tif, TIFFTAG_PHOTOMETRIC, u16: UInt16(PHOTOMETRIC_MINISWHITE))
        set(tif, TIFFTAG_FILLORDER, u16: UInt16(FILLORDER_LSB2MSB))
        set(tif, TIFFTAG_PLANARCONFIG, u16: UInt16(PLANARCONFIG_CONTIG))
        set(tif, TIFFTAG_ROWSPERSTRIP, u32: UInt32(page.length))
        set(tif, TIFFTAG_RESOLUTIONUNIT, u16: UInt16(RESUNIT_INCH))
        _ = swiftfax_tiff_set_float(tif, UInt32(TIFFTAG_XRESOLUTION), Float(FaxResolution.horizontalDPI))
        _ = swiftfax_tiff_set_float(tif, UInt32(TIFFTAG_YRESOLUTION), Float(page.resolution.verticalDPI))
        _ = swiftfax_tiff_set_page(tif, UInt16(index), UInt16(count))
        _ = swiftfax_tiff_set_string(tif, UInt32(TIFFTAG_SOFTWARE), "SwiftFax")
    }

    private static func set(_ tif: OpaquePointer, _ tag: Int32, u32 value: UInt32) {
        _ = swiftfax_tiff_set_u32(tif, UInt32(tag), value)
    }

    private static func set(_ tif: OpaquePointer, _ tag: Int32, u16 value: UInt16) {
        _ = swiftfax_tiff_set_u16(tif, UInt32(tag), value)
    }
}
