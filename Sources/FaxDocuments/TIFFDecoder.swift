// TIFFDecoder: any TIFF (every compression, bit depth, resolution, page count) to pages via libtiff.
// Conforming TIFF/F pages (1728 wide, 1 bit, the target resolution) pass through undecoded by grey.

import CSpanDSP
import Foundation
import T4

enum TIFFDecoder {
    static func decode(path: String, options: ConversionOptions) throws -> [SourcePage] {
        let infos: [FaxPageInfo]
        do { infos = try TIFFFaxReader.pageInfo(path: path) } catch {
            throw DocumentError.invalid(path: path, reason: "not a readable TIFF file")
        }
        guard infos.count <= options.limits.maxPages else {
            throw DocumentError.tooLarge(path: path, reason: "\(infos.count) pages (limit \(options.limits.maxPages))")
        }
        let pixels = infos.reduce(0) { $0 + $1.width * $1.length }
        guard pixels <= options.limits.maxPixels else {
            throw DocumentError.tooLarge(path: path, reason: "\(pixels) pixels (limit \(options.limits.maxPixels))")
        }
        let target = options.resolution
        let conforming = infos.allSatisfy {
            $0.width == FaxPageWidth.a4 && abs($0.xDPI - FaxResolution.horizontalDPI) < 8
                && abs($0.yDPI - target.verticalDPI) < target.verticalDPI * 0.05
                && $0.length <= options.paper.rows(at: target) * 2
        }
        if conforming, let pages = try? TIFFFaxReader.readPages(path: path) {
            return pages.map { .fax(FaxPage(width: $0.width, length: $0.length, resolution: target, bits: $0.bits)) }
        }
        return try decodeRGBA(path: path).map { .image($0) }
    }

    /// libtiff's RGBA interface decodes every photometric and compression it supports.
    private static func decodeRGBA(path: String) throws -> [GreyImage] {
        guard let tif = TIFFOpen(path, "r") else { throw DocumentError.invalid(path: path, reason: "cannot open TIFF") }
        defer { TIFFClose(tif) }
        var images: [GreyImage] = []
        repeat {
            var width: UInt32 = 0, length: UInt32 = 0, unit = UInt16(RESUNIT_INCH)
            var xres: Float = 0, yres: Float = 0
            _ = swiftfax_tiff_get_u32(tif, UInt32(TIFFTAG_IMAGEWIDTH), &width)
            _ = swiftfax_tiff_get_u32(tif, UInt32(TIFFTAG_IMAGELENGTH), &length)
            _ = swiftfax_tiff_get_float(tif, UInt32(TIFFTAG_XRESOLUTION), &xres)
            _ = swiftfax_tiff_get_float(tif, UInt32(TIFFTAG_YRESOLUTION), &yres)
            _ = swiftfax_tiff_get_u16(tif, UInt32(TIFFTAG_RESOLUTIONUNIT), &unit)
            let w = Int(width), h = Int(length)
            guard w > 0, h > 0 else { throw DocumentError.invalid(path: path, reason: "empty TIFF page") }
            var raster = [UInt32](repeating: 0, count: w * h)
            let ok = raster.withUnsafeMutableBufferPointer {
                TIFFReadRGBAImageOriented(tif, width, length, $0.baseAddress, Int32(ORIENTATION_TOPLEFT), 0)
            }
            guard ok == 1 else { throw DocumentError.invalid(path: path, reason: "TIFF page \(images.count + 1) cannot be decoded") }
            var grey = [UInt8](repeating: 255, count: w * h)
            for i in 0..<(w * h) {
                let p = raster[i]  // ABGR, alpha laid over white
                let r = p & 0xFF, g = (p >> 8) & 0xFF, b = (p >> 16) & 0xFF, a = (p >> 24) & 0xFF
                let luma = (r * 77 + g * 150 + b * 29) >> 8
                grey[i] = UInt8((luma * a + 255 * (255 - a)) / 255)
            }
            let scale: Double = unit == UInt16(RESUNIT_CENTIMETER) ? 2.54 : unit == UInt16(RESUNIT_NONE) ? 0 : 1
            images.append(GreyImage(width: w, height: h, pixels: grey,
                                    xDPI: Double(xres) * scale, yDPI: Double(yres) * scale))
        } while TIFFReadDirectory(tif) == 1
        return images
    }
}
