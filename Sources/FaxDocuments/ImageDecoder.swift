// ImageDecoder: PNG, JPEG and GIF (every frame a page) to grey images with MagickWand.

import CMagickWand
import Foundation

enum ImageDecoder {
    /// Decodes `data`; the pixel limit is checked on a header-only read (ping) before decoding.
    static func decode(_ data: [UInt8], path: String, limits: DocumentLimits) throws -> [GreyImage] {
        let ping = MagickImage()
        let pinged = data.withUnsafeBytes { MagickPingImageBlob(ping.wand, $0.baseAddress, $0.count) }
        guard pinged == MagickTrue else {
            // ImageMagick's own width/height/list-length limits refuse a header before we see it.
            // It does not always say so: a PNG or GIF header's own size over the budget is 4202.
            let reason = ping.lastError
            if let (w, h) = declaredSize(data), limits.pagePixels(w, h) == nil {
                throw DocumentError.tooLarge(path: path, reason: "\(w) × \(h) pixels (limit \(limits.maxPagePixels))")
            }
            if reason.contains("exceeds limit") || reason.contains("ResourceLimit") {
                throw DocumentError.tooLarge(path: path, reason: reason)
            }
            throw DocumentError.invalid(path: path, reason: reason)
        }
        guard ping.imageCount <= limits.maxPages else {
            throw DocumentError.tooLarge(path: path, reason: "\(ping.imageCount) frames (limit \(limits.maxPages))")
        }
        var pixels = 0
        for i in 0..<ping.imageCount {
            ping.select(i)
            pixels += try checkedPixels(ping, frame: i, path: path, limits: limits)
        }
        guard pixels <= limits.maxPixels else {
            throw DocumentError.tooLarge(path: path, reason: "\(pixels) pixels (limit \(limits.maxPixels))")
        }
        let image = MagickImage()
        let read = data.withUnsafeBytes { MagickReadImageBlob(image.wand, $0.baseAddress, $0.count) }
        guard read == MagickTrue, image.imageCount > 0 else { throw DocumentError.invalid(path: path, reason: image.lastError) }
        guard image.imageCount <= limits.maxPages else {
            throw DocumentError.tooLarge(path: path, reason: "\(image.imageCount) frames (limit \(limits.maxPages))")
        }
        return try (0..<image.imageCount).map { index in
            image.select(index)
            // The decoded size again (a decoder may disagree with its ping) before exporting pixels.
            _ = try checkedPixels(image, frame: index, path: path, limits: limits)
            do {
                return try image.exportGrey()
            } catch {
                throw DocumentError.invalid(path: path, reason: image.lastError)
            }
        }
    }

    /// The size a PNG (IHDR) or GIF (logical screen) header states, read from its fixed place.
    static func declaredSize(_ data: [UInt8]) -> (Int, Int)? {
        func be32(_ at: Int) -> Int { data[at..<(at + 4)].reduce(0) { $0 << 8 | Int($1) } }
        if DocumentFormat.detect(Array(data.prefix(16))) == .png, data.count >= 24 { return (be32(16), be32(20)) }
        if DocumentFormat.detect(Array(data.prefix(16))) == .gif, data.count >= 10 {
            return (Int(data[6]) | Int(data[7]) << 8, Int(data[8]) | Int(data[9]) << 8)
        }
        return nil
    }

    /// The selected frame's pixel count, refused (4201 empty, 4202 over the page budget) otherwise.
    private static func checkedPixels(_ image: MagickImage, frame: Int, path: String, limits: DocumentLimits) throws -> Int {
        let w = image.width, h = image.height
        guard w > 0, h > 0 else { throw DocumentError.invalid(path: path, reason: "frame \(frame + 1) is empty") }
        guard let pixels = limits.pagePixels(w, h) else {
            throw DocumentError.tooLarge(path: path, reason: "frame \(frame + 1) is \(w) × \(h) pixels (limit \(limits.maxPagePixels))")
        }
        return pixels
    }
}
