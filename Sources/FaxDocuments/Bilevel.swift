// Bilevel: grey pages to black-and-white fax pages — threshold for text, error diffusion for photos.
//
// Written here rather than done by ImageMagick because Ghostscript's pages never pass through
// ImageMagick, the loops are short, and packing straight into FaxPage rows avoids two more copies.

import T4

enum Bilevel {
    /// Share of mid-grey pixels (of all pixels) above which `.automatic` halftones a page.
    static let halftoneShare = 0.06

    /// `image` (already exactly the fax page size) as a FaxPage.
    static func page(from image: GreyImage, resolution: FaxResolution, method: BilevelMethod) -> FaxPage {
        let useHalftone: Bool
        switch method {
        case .threshold: useHalftone = false
        case .halftone: useHalftone = true
        case .automatic: useHalftone = midGreyShare(image) > halftoneShare
        }
        let bits = useHalftone ? diffuse(image) : threshold(image)
        return FaxPage(width: image.width, length: image.height, resolution: resolution, bits: bits)
    }

    /// Fraction of pixels that are neither near-white nor near-black (sampled every 8th row).
    static func midGreyShare(_ image: GreyImage) -> Double {
        var mid = 0, total = 0
        image.pixels.withUnsafeBufferPointer { px in
            var y = 0
            while y < image.height {
                let base = y * image.width
                for x in 0..<image.width {
                    let v = px[base + x]
                    if v > 40 && v < 215 { mid += 1 }
                }
                total += image.width
                y += 8
            }
        }
        return total == 0 ? 0 : Double(mid) / Double(total)
    }

    /// 50 % threshold, eight pixels packed per step without branches.
    static func threshold(_ image: GreyImage) -> [UInt8] {
        let bytesPerRow = (image.width + 7) / 8, width = image.width
        var bits = [UInt8](repeating: 0, count: bytesPerRow * image.height)
        image.pixels.withUnsafeBufferPointer { px in
            bits.withUnsafeMutableBufferPointer { out in
                for y in 0..<image.height {
                    let src = y * width, dst = y * bytesPerRow
                    let whole = width / 8
                    for i in 0..<whole {
                        let p = src + i * 8
                        var byte: UInt8 = 0
                        for k in 0..<8 { byte = byte << 1 | (px[p + k] >> 7 ^ 1) }
                        out[dst + i] = byte
                    }
                    for x in (whole * 8)..<width where px[src + x] < 128 {
                        out[dst + x >> 3] |= 0x80 >> UInt8(x & 7)
                    }
                }
            }
        }
        return bits
    }

    /// Floyd–Steinberg error diffusion (serpentine scan, two error rows).
    static func diffuse(_ image: GreyImage) -> [UInt8] {
        let w = image.width
        let bytesPerRow = (w + 7) / 8
        var bits = [UInt8](repeating: 0, count: bytesPerRow * image.height)
        var current = [Int32](repeating: 0, count: w + 2)
        var next = [Int32](repeating: 0, count: w + 2)
        image.pixels.withUnsafeBufferPointer { px in
            bits.withUnsafeMutableBufferPointer { out in
                for y in 0..<image.height {
                    let leftToRight = y % 2 == 0
                    let dir = leftToRight ? 1 : -1
                    for i in next.indices { next[i] = 0 }
                    var x = leftToRight ? 0 : w - 1
                    for _ in 0..<w {
                        let value = Int32(px[y * w + x]) + current[x + 1] / 16
                        let black = value < 128
                        if black { out[y * bytesPerRow + x >> 3] |= 0x80 >> UInt8(x & 7) }
                        let error = value - (black ? 0 : 255)
                        current[x + 1 + dir] += error * 7
                        next[x + 1 - dir] += error * 3
                        next[x + 1] += error * 5
                        next[x + 1 + dir] += error
                        x += dir
                    }
                    swap(&current, &next)
                }
            }
        }
        return bits
    }
}
