// FaxPage: one bi-level fax page held in memory as packed rows, for writing, reading back and comparing.

/// One bi-level page. Rows are packed 8 pixels a byte, most significant bit first, 1 = black
/// (TIFF "min-is-white"), `bytesPerRow = (width + 7) / 8`.
public struct FaxPage: Sendable, Equatable {
    public let width: Int
    public let length: Int
    public let resolution: FaxResolution
    public internal(set) var bits: [UInt8]

    public var bytesPerRow: Int { (width + 7) / 8 }

    /// A white page.
    public init(width: Int = FaxPageWidth.a4, length: Int, resolution: FaxResolution) {
        self.width = width
        self.length = length
        self.resolution = resolution
        self.bits = [UInt8](repeating: 0, count: ((width + 7) / 8) * length)
    }

    public init(width: Int, length: Int, resolution: FaxResolution, bits: [UInt8]) {
        precondition(bits.count == ((width + 7) / 8) * length, "row data does not match the page size")
        self.width = width
        self.length = length
        self.resolution = resolution
        self.bits = bits
    }

    public func row(_ y: Int) -> ArraySlice<UInt8> {
        bits[(y * bytesPerRow)..<((y + 1) * bytesPerRow)]
    }

    public func isBlack(x: Int, y: Int) -> Bool {
        bits[y * bytesPerRow + x / 8] & (0x80 >> UInt8(x % 8)) != 0
    }

    /// Paints a black rectangle, clipped to the page.
    public mutating func fill(x: Int, y: Int, width w: Int, height h: Int) {
        let x0 = max(0, x), x1 = min(width, x + w)
        let y0 = max(0, y), y1 = min(length, y + h)
        guard x0 < x1, y0 < y1 else { return }
        for yy in y0..<y1 {
            let base = yy * bytesPerRow
            for xx in x0..<x1 {
                bits[base + xx / 8] |= 0x80 >> UInt8(xx % 8)
            }
        }
    }

    /// Number of black pixels: a cheap statistic for "is there content here".
    public var blackPixelCount: Int {
        bits.reduce(0) { $0 + $1.nonzeroBitCount }
    }

    /// Rows that differ from `other` (pages of different sizes differ in every row of the larger one).
    public func differingRows(from other: FaxPage) -> Int {
        guard width == other.width else { return max(length, other.length) }
        let common = min(length, other.length)
        var differing = abs(length - other.length)
        for y in 0..<common where row(y) != other.row(y) {
            differing += 1
        }
        return differing
    }
}
