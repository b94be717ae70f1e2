// GreyImage: an 8-bit grey raster (0 black … 255 white) — the common form every decoder hands on.

/// One decoded image before it becomes a fax page. `xDPI`/`yDPI` are nil when the source
/// does not say (or says something meaningless), and the image is then fitted to the page.
struct GreyImage: Sendable {
    var width: Int
    var height: Int
    var pixels: [UInt8]
    var xDPI: Double?
    var yDPI: Double?

    init(width: Int, height: Int, pixels: [UInt8], xDPI: Double? = nil, yDPI: Double? = nil) {
        precondition(pixels.count == width * height)
        self.width = width
        self.height = height
        self.pixels = pixels
        self.xDPI = xDPI
        self.yDPI = yDPI
    }

    /// A white image.
    init(width: Int, height: Int) {
        self.init(width: width, height: height, pixels: [UInt8](repeating: 255, count: width * height))
    }
}
