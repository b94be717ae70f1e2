// TIFFDecoder: any TIFF (every compression, bit depth, resolution, page count) to pages via libtiff.
// Conforming TIFF/F pages (1728 wide, 1 bit, the target resolution) pass through undecoded by grey.

import CSpanDSP
import Foundation
import T4

enum TIFFDecoder {
    /// Pages of the TIFF at `path`, every stated size checked against `options.limits` first.
    static func decode(path: String, options: ConversionOptions) throws -> [SourcePage] {
        let limits = options.limits
        let infos: [FaxPageInfo]
        do { infos = try TIFFFaxReader.pageInfo(path: path, limit: limits.maxPages) } catch {
            throw DocumentError.invalid(path: path, reason: "not a readable TIFF file")
        }
        guard infos.count <= limits.maxPages else {
            throw DocumentError.tooLarge(path: path, reason: "more than \(limits.maxPages) pages")
        }
        let target = options.resolution
        func isConforming(_ info: FaxPageInfo) -> Bool {
            info.width == FaxPageWidth.a4 && abs(info.xDPI - FaxResolution.horizontalDPI) < 8
                && abs(info.yDPI - target.verticalDPI) < target.verticalDPI * 0.05
                && info.length <= options.paper.rows(at: target) * 2
        }
        // Sizes are the file's word (each up to 2^32 - 1): every page within the page budget, the
        // whole within the memory budget (fax pages kept at 1 bit count an eighth), before decoding.
        let conforming = infos.allSatisfy(isConforming)
        var total = 0
        for (index, info) in infos.enumerated() {
            guard info.width > 0, info.length > 0 else {
                throw DocumentError.invalid(path: path, reason: "page \(index + 1) is empty")
            }
            guard let pixels = limits.pagePixels(info.width, info.length) else {
                throw DocumentError.tooLarge(path: path, reason: "page \(index + 1) is \(info.width) × \(info.length) pixels (limit \(limits.maxPagePixels))")
            }
            total += conforming ? (pixels + 7) / 8 : pixels
        }
        guard total <= limits.maxPixels else {
            throw DocumentError.tooLarge(path: path, reason: "\(total) pixels (limit \(limits.maxPixels))")
        }
        if conforming, let pages = try? TIFFFaxReader.readPages(path: path, maxPagePixels: limits.maxPagePixels) {
            return pages.map { .fax(FaxPage(width: $0.width, length: $0.length, resolution: target, bits: $0.bits)) }
        }
        return try decodeRGBA(path: path, pages: infos.count, limits: limits).map { .image($0) }
    }

    /// libtiff's RGBA interface decodes every photometric and compression it supports.
    private static func decodeRGBA(path: String, pages: Int, limits: DocumentLimits) throws -> [GreyImage] {
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
            guard images.count < pages, limits.pagePixels(w, h) != nil else {
                throw DocumentError.tooLarge(path: path, reason: "page \(images.count + 1) is \(w) × \(h) pixels")
            }
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
