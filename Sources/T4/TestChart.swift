// TestChart: deterministic, text-like fax pages for tests, demos and benchmarks.
//
// Real documents arrive through the document layer; this generator gives every layer below it
// pages that compress like typed text (short black runs, word gaps, line spacing), differ from
// page to page, and carry their page number as a bar code in the top margin, so a test can
// tell which page arrived where.

public enum TestChart {
    /// `count` pages of pseudo-text at `resolution`, A4 length. The same seed gives the same pages.
    public static func pages(count: Int, resolution: FaxResolution = .fine, seed: UInt64 = 1, density: Double = 1.0) -> [FaxPage] {
        (0..<count).map { page(number: $0 + 1, resolution: resolution, seed: seed &+ UInt64($0) &* 0x9E37_79B9, density: density) }
    }

    /// One page: a page-number bar code, then lines of "words" made of glyph-like blocks.
    public static func page(number: Int, resolution: FaxResolution, seed: UInt64, density: Double = 1.0) -> FaxPage {
        let rowsPerMM = resolution.verticalDPI / 25.4
        let length = Int((297 * rowsPerMM).rounded())  // A4
        var page = FaxPage(length: length, resolution: resolution)
        var rng = SplitMix64(seed: seed)
        let scaleY = resolution.verticalDPI / 196  // glyph heights are designed at fine resolution

        // Page number as a bar code: one 24-pixel bar per unit, in the top margin.
        for i in 0..<number {
            page.fill(x: 100 + i * 40, y: Int(20 * scaleY), width: 24, height: max(2, Int(30 * scaleY)))
        }

        let glyphHeight = max(2, Int(22 * scaleY))
        let lineStep = max(glyphHeight + 2, Int(40 * scaleY))
        var y = Int(80 * scaleY)
        while y + glyphHeight < length - Int(60 * scaleY) {
            var x = 96
            let lineEnd = 1728 - 96 - Int(rng.next() % 300)
            while x < lineEnd {
                let wordLength = 2 + Int(rng.next() % 8)
                for _ in 0..<wordLength where x < lineEnd {
                    drawGlyph(into: &page, x: x, y: y, height: glyphHeight, pattern: rng.next())
                    x += 14
                }
                x += 14
            }
            y += lineStep
            if density < 1, Double(rng.next() % 1000) / 1000 > density {
                y += lineStep * 2
            }
        }
        return page
    }

    /// A 12 × height glyph: a few vertical and horizontal strokes chosen by `pattern`.
    private static func drawGlyph(into page: inout FaxPage, x: Int, y: Int, height: Int, pattern: UInt64) {
        let stroke = 2
        if pattern & 1 != 0 { page.fill(x: x, y: y, width: stroke, height: height) }
        if pattern & 2 != 0 { page.fill(x: x + 10, y: y, width: stroke, height: height) }
        if pattern & 4 != 0 { page.fill(x: x, y: y, width: 12, height: stroke) }
        if pattern & 8 != 0 { page.fill(x: x, y: y + height / 2, width: 12, height: stroke) }
        if pattern & 16 != 0 { page.fill(x: x, y: y + height - stroke, width: 12, height: stroke) }
        if pattern & 32 != 0 { page.fill(x: x + 5, y: y + height / 4, width: stroke, height: height / 2) }
    }
}

/// SplitMix64: a tiny seedable generator, so charts and impairments are reproducible.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
