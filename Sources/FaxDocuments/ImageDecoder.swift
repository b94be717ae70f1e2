// ImageDecoder: PNG, JPEG and GIF (every frame a page) to grey images with MagickWand.

import CMagickWand
import Foundation

enum ImageDecoder {
    /// Decodes `data`; the pixel limit is checked on a header-only read (ping) before decoding.
    static func decode(_ data: [UInt8], path: String, limits: DocumentLimits) throws -> [GreyImage] {
        let ping = MagickImage()
        let pinged = data.withUnsafeBytes { MagickPingImageBlob(ping.wand, $0.baseAddress, $0.count) }
        guard pinged == MagickTrue else { throw DocumentError.invalid(path: path, reason: ping.lastError) }
        var pixels = 0
        for i in 0..<ping.imageCount {
            ping.select(i)
            pixels += ping.width * ping.height
        }
        guard pixels <= limits.maxPixels else {
            throw DocumentError.tooLarge(path: path, reason: "\(pixels) pixels (limit \(limits.maxPixels))")
        }
        guard ping.imageCount <= limits.maxPages else {
            throw DocumentError.tooLarge(path: path, reason: "\(ping.imageCount) frames (limit \(limits.maxPages))")
        }
        let image = MagickImage()
        let read = data.withUnsafeBytes { MagickReadImageBlob(image.wand, $0.baseAddress, $0.count) }
        guard read == MagickTrue, image.imageCount > 0 else { throw DocumentError.invalid(path: path, reason: image.lastError) }
        return try (0..<image.imageCount).map { index in
            image.select(index)
            do {
                return try image.exportGrey()
            } catch {
                throw DocumentError.invalid(path: path, reason: image.lastError)
            }
        }
    }
}
