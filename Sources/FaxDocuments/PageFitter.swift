// PageFitter: places a decoded image on a fax page — landscape rotated, scaled to fit (never
// cropped), converted to the fax's 204 × V dpi pixel grid, centred across, at the top.

import T4

enum PageFitter {
    /// A grey image of exactly 1728 × `paper.rows(at: resolution)` pixels.
    /// With known dpi the image keeps its physical size unless it is too big for the page;
    /// without, it is scaled to fill the page.
    static func fit(_ image: GreyImage, resolution: FaxResolution, paper: PaperSize) throws -> GreyImage {
        let pageWidth = FaxPageWidth.a4, pageRows = paper.rows(at: resolution)
        // Resolutions from files are untrusted: only finite, plausible ones count.
        let plausible = 20.0...20_000.0
        let xDPI = image.xDPI ?? 0, yDPI = image.yDPI ?? 0
        let hasDPI = plausible.contains(xDPI) && plausible.contains(yDPI)
        // Physical size in inches (square pixels assumed without dpi).
        let inchesWide = hasDPI ? Double(image.width) / xDPI : Double(image.width)
        let inchesHigh = hasDPI ? Double(image.height) / yDPI : Double(image.height)
        let landscape = inchesWide > inchesHigh * 1.05
        let (wideIn, highIn) = landscape ? (inchesHigh, inchesWide) : (inchesWide, inchesHigh)
        let pageWideIn = Double(pageWidth) / FaxResolution.horizontalDPI
        let pageHighIn = Double(pageRows) / resolution.verticalDPI
        var scale = min(pageWideIn / wideIn, pageHighIn / highIn)
        if hasDPI { scale = min(scale, 1) }
        guard scale.isFinite, scale > 0, image.width > 0, image.height > 0 else {
            throw DocumentError.invalid(path: "image", reason: "image size cannot be placed on a page")
        }
        let targetWidth = min(pageWidth, max(1, Int((wideIn * scale * FaxResolution.horizontalDPI).rounded())))
        let targetRows = min(pageRows, max(1, Int((highIn * scale * resolution.verticalDPI).rounded())))

        var placed = image
        if landscape || targetWidth != image.width || targetRows != image.height {
            let magick = try MagickImage(grey: image)
            if landscape { try magick.rotate(degrees: -90) }  // as Ghostscript turns landscape pages
            if magick.width != targetWidth || magick.height != targetRows {
                try magick.resize(width: targetWidth, height: targetRows)
            }
            placed = try magick.exportGrey()
        }
        if placed.width == pageWidth && placed.height == pageRows { return placed }
        var page = GreyImage(width: pageWidth, height: pageRows)
        let left = (pageWidth - placed.width) / 2
        for y in 0..<min(placed.height, pageRows) {
            let src = y * placed.width, dst = y * pageWidth + left
            page.pixels.replaceSubrange(dst..<(dst + placed.width), with: placed.pixels[src..<(src + placed.width)])
        }
        return page
    }
}
