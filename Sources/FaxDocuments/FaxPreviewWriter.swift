// FaxPreviewWriter: fax pages to PNG previews and thumbnails with square pixels (a standard-resolution
// page is stretched vertically so it looks like the paper did).

import Foundation
import T4

public enum FaxPreviewWriter {
    /// Writes one PNG per page into `directory` as `<prefix>-<n>.png` and returns the paths.
    /// `maxWidth` (e.g. 200 for thumbnails) scales pages down; nil keeps 1728 pixels across.
    @discardableResult
    public static func write(_ pages: [FaxPage], to directory: String, prefix: String = "page",
                             maxWidth: Int? = nil) throws -> [String] {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw DocumentError.outputFailed(path: directory, reason: "cannot create the directory")
        }
        return try pages.enumerated().map { index, page in
            let path = (directory as NSString).appendingPathComponent("\(prefix)-\(index + 1).png")
            try png(page, maxWidth: maxWidth).writePNG(to: path)
            return path
        }
    }

    /// Writes every page of the TIFF/F file at `tiff`.
    @discardableResult
    public static func write(tiff: String, to directory: String, prefix: String = "page", maxWidth: Int? = nil) throws -> [String] {
        let pages: [FaxPage]
        do { pages = try TIFFFaxReader.readPages(path: tiff) } catch {
            throw DocumentError.invalid(path: tiff, reason: "\(error)")
        }
        return try write(pages, to: directory, prefix: prefix, maxWidth: maxWidth)
    }

    static func png(_ page: FaxPage, maxWidth: Int?) throws -> MagickImage {
        var grey = [UInt8](repeating: 255, count: page.width * page.length)
        for y in 0..<page.length {
            for x in 0..<page.width where page.isBlack(x: x, y: y) { grey[y * page.width + x] = 0 }
        }
        let image = try MagickImage(grey: GreyImage(width: page.width, height: page.length, pixels: grey))
        let squareRows = Double(page.length) * FaxResolution.horizontalDPI / page.resolution.verticalDPI
        let scale = min(1, Double(maxWidth ?? page.width) / Double(page.width))
        let w = max(1, Int((Double(page.width) * scale).rounded()))
        let h = max(1, Int((squareRows * scale).rounded()))
        if w != page.width || h != page.length { try image.resize(width: w, height: h) }
        return image
    }
}
