// MagickImage: a thin owner of one MagickWand (ImageMagick 6) — decode, grey export, resize, rotate, PNG.

import CMagickWand
import Foundation

/// Owns a MagickWand and destroys it on deinit. Used by one thread at a time.
final class MagickImage {
    let wand: OpaquePointer

    /// ImageMagick's one-time set-up, with resource limits so a hostile image cannot exhaust memory.
    private static let started: Bool = {
        MagickWandGenesis()
        _ = MagickSetResourceLimit(MemoryResource, 512 << 20)
        _ = MagickSetResourceLimit(MapResource, 1 << 30)
        _ = MagickSetResourceLimit(DiskResource, 0)
        // Sides and frame counts past anything a page needs are refused by ImageMagick itself
        // (the decoders check the page budget too, on a ping, before decoding).
        _ = MagickSetResourceLimit(WidthResource, 1 << 20)
        _ = MagickSetResourceLimit(HeightResource, 1 << 20)
        _ = MagickSetResourceLimit(ListLengthResource, 4096)
        // No TimeResource: ImageMagick 6 counts it from the process's start, not per image, so
        // a daemon (faxd) running longer than the limit would be killed by its first image
        // ("time limit exceeded … GetImagePixelCache" is fatal). Sizes are checked before decoding.
        return true
    }()

    init() {
        _ = Self.started
        wand = NewMagickWand()
    }

    /// A grey image from 8-bit pixels (0 black … 255 white).
    convenience init(grey: GreyImage) throws {
        // ImageMagick 6 asserts (aborting the process) when MagickConstituteImage is asked for more
        // than its width/height/area limits (policy.xml may set them low, e.g. 16K rows): refuse first.
        _ = MagickImage.started
        let limits = [(grey.width, WidthResource), (grey.height, HeightResource), (grey.width * grey.height, AreaResource)]
        for (size, resource) in limits where UInt64(size) > UInt64(MagickGetResourceLimit(resource)) {
            throw DocumentError.tooLarge(path: "image", reason: "\(grey.width) × \(grey.height) pixels is over ImageMagick's limits")
        }
        self.init()
        let ok = grey.pixels.withUnsafeBytes {
            MagickConstituteImage(wand, grey.width, grey.height, "I", CharPixel, $0.baseAddress)
        }
        guard ok == MagickTrue else { throw DocumentError.invalid(path: "image", reason: lastError) }
    }

    deinit { DestroyMagickWand(wand) }

    var lastError: String {
        var severity = UndefinedException
        guard let text = MagickGetException(wand, &severity) else { return "ImageMagick error" }
        defer { MagickRelinquishMemory(text) }
        let message = String(cString: text)
        return message.isEmpty ? "cannot decode the image" : message
    }

    var width: Int { MagickGetImageWidth(wand) }
    var height: Int { MagickGetImageHeight(wand) }
    var imageCount: Int { MagickGetNumberImages(wand) }

    func select(_ index: Int) { _ = MagickSetIteratorIndex(wand, index) }

    /// The current image's pixels as grey, transparency laid over white.
    func exportGrey() throws -> GreyImage {
        let white = NewPixelWand()
        defer { DestroyPixelWand(white) }
        _ = PixelSetColor(white, "white")
        _ = MagickSetImageBackgroundColor(wand, white)
        _ = MagickSetImageAlphaChannel(wand, RemoveAlphaChannel)
        let w = width, h = height
        var pixels = [UInt8](repeating: 255, count: w * h)
        let ok = pixels.withUnsafeMutableBytes { MagickExportImagePixels(wand, 0, 0, w, h, "I", CharPixel, $0.baseAddress) }
        guard ok == MagickTrue else { throw DocumentError.invalid(path: "image", reason: lastError) }
        return GreyImage(width: w, height: h, pixels: pixels)
    }

    func resize(width: Int, height: Int) throws {
        guard MagickResizeImage(wand, max(1, width), max(1, height), TriangleFilter, 1.0) == MagickTrue else {
            throw DocumentError.invalid(path: "image", reason: lastError)
        }
    }

    /// Rotates by `degrees` clockwise, filling with white.
    func rotate(degrees: Double) throws {
        let white = NewPixelWand()
        defer { DestroyPixelWand(white) }
        _ = PixelSetColor(white, "white")
        guard MagickRotateImage(wand, white, degrees) == MagickTrue else {
            throw DocumentError.invalid(path: "image", reason: lastError)
        }
    }

    func writePNG(to path: String) throws {
        _ = MagickSetImageFormat(wand, "PNG")
        _ = MagickSetImageDepth(wand, 8)
        guard MagickWriteImage(wand, "png:" + path) == MagickTrue else {
            throw DocumentError.outputFailed(path: path, reason: lastError)
        }
    }
}
