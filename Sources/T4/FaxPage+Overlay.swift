// FaxPage+Overlay: page-level raster edits — blanking a band of rows and laying one page's ink over another's
// (used to stamp page headers onto document pages).

extension FaxPage {
    /// Makes rows `rows` (clipped to the page) white.
    public mutating func clearRows(_ rows: Range<Int>) {
        let r = rows.clamped(to: 0..<length)
        guard !r.isEmpty else { return }
        bits.replaceSubrange((r.lowerBound * bytesPerRow)..<(r.upperBound * bytesPerRow),
                             with: repeatElement(0, count: r.count * bytesPerRow))
    }

    /// ORs the ink of `stamp` (same width) into this page with its first row at `row`; clipped to the page.
    public mutating func overlay(_ stamp: FaxPage, atRow row: Int) {
        precondition(stamp.width == width, "overlay needs pages of equal width")
        let first = max(0, row), last = min(length, row + stamp.length), bytesPerRow = bytesPerRow
        guard first < last else { return }
        stamp.bits.withUnsafeBufferPointer { src in
            bits.withUnsafeMutableBufferPointer { dst in
                for y in first..<last {
                    let s = (y - row) * bytesPerRow, d = y * bytesPerRow
                    for i in 0..<bytesPerRow { dst[d + i] |= src[s + i] }
                }
            }
        }
    }

    /// Black pixels in rows `rows` (clipped): "is there ink in this band".
    public func blackPixelCount(inRows rows: Range<Int>) -> Int {
        let r = rows.clamped(to: 0..<length)
        return bits[(r.lowerBound * bytesPerRow)..<(r.upperBound * bytesPerRow)].reduce(0) { $0 + $1.nonzeroBitCount }
    }

    /// Black pixels in a rectangle (clipped): where content landed.
    public func blackPixelCount(x: Int, y: Int, width w: Int, height h: Int) -> Int {
        var count = 0
        for yy in max(0, y)..<min(length, y + h) {
            for xx in max(0, x)..<min(width, x + w) where isBlack(x: xx, y: yy) { count += 1 }
        }
        return count
    }
}
