// Fixtures: test inputs made with the real tools — Ghostscript (PDF, PostScript), ImageMagick's
// convert (PNG, JPEG, GIF), libtiff (TIFF) and libcups (CUPS raster) — in a private directory.

import CCupsRaster
import CSpanDSP
import FaxDocuments
import FaxTestSupport
import Foundation
import T4

/// A private directory for one test's inputs and outputs; `remove()` it in a `defer`.
struct Workspace {
    let path: String

    init() throws {
        path = (NSTemporaryDirectory() as NSString).appendingPathComponent("fdt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }
    func remove() { try? FileManager.default.removeItem(atPath: path) }

    /// Runs a tool and fails the test setup if it fails.
    @discardableResult
    func run(_ tool: String, _ args: [String]) throws -> String {
        let (status, output) = try runTool(tool, args)
        guard status == 0 else { throw FixtureError.toolFailed(tool, output) }
        return output
    }

    /// PostScript source for `pages` A4 portrait pages; page n has an n × 20 pt wide black bar and
    /// page 1 a 100 pt black square in the top-left corner.
    static func postScript(pages: Int, landscape: Bool = false) -> String {
        var ps = "%!PS-Adobe-3.0\n<< /PageSize [\(landscape ? "842 595" : "595 842")] >> setpagedevice\n"
        for n in 1...pages {
            ps += "0 setgray 40 \(landscape ? 455 : 702) 100 100 rectfill\n"
            ps += "/Helvetica findfont 24 scalefont setfont 60 300 moveto (Page \(n) of a test) show\n"
            ps += "300 100 \(n * 20) 20 rectfill showpage\n"
        }
        return ps
    }

    func makePostScript(_ name: String, pages: Int, landscape: Bool = false) throws -> String {
        let path = file(name)
        try Self.postScript(pages: pages, landscape: landscape).write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func makePDF(_ name: String, pages: Int, landscape: Bool = false, password: String? = nil) throws -> String {
        let ps = try makePostScript(name + ".ps", pages: pages, landscape: landscape)
        var args = ["-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=pdfwrite"]
        if let password { args += ["-sOwnerPassword=\(password)o", "-sUserPassword=\(password)"] }
        try run("/usr/bin/gs", args + ["-o", file(name), ps])
        return file(name)
    }

    /// A white `width`×`height` image with a black square (a quarter of the width) in the top-left corner.
    func makeImage(_ name: String, width: Int = 300, height: Int = 400, extra: [String] = []) throws -> String {
        let side = width / 4
        try run("/usr/bin/convert-im6.q16", ["-size", "\(width)x\(height)", "xc:white", "-fill", "black",
                                             "-draw", "rectangle 0,0 \(side - 1),\(side - 1)"] + extra + [file(name)])
        return file(name)
    }

    /// An 8-bit grey, LZW-compressed, `pages`-page TIFF at `dpi` written with libtiff: a black
    /// square in the top-left quarter of each page.
    func makeGreyTIFF(_ name: String, width: Int, height: Int, dpi: Float, pages: Int) throws -> String {
        let path = file(name)
        guard let tif = TIFFOpen(path, "w") else { throw FixtureError.toolFailed("libtiff", path) }
        defer { TIFFClose(tif) }
        for _ in 0..<pages {
            _ = swiftfax_tiff_set_u32(tif, UInt32(TIFFTAG_IMAGEWIDTH), UInt32(width))
            _ = swiftfax_tiff_set_u32(tif, UInt32(TIFFTAG_IMAGELENGTH), UInt32(height))
            _ = swiftfax_tiff_set_u16(tif, UInt32(TIFFTAG_BITSPERSAMPLE), 8)
            _ = swiftfax_tiff_set_u16(tif, UInt32(TIFFTAG_SAMPLESPERPIXEL), 1)
            _ = swiftfax_tiff_set_u16(tif, UInt32(TIFFTAG_COMPRESSION), UInt16(COMPRESSION_LZW))
            _ = swiftfax_tiff_set_u16(tif, UInt32(TIFFTAG_PHOTOMETRIC), UInt16(PHOTOMETRIC_MINISBLACK))
            _ = swiftfax_tiff_set_u16(tif, UInt32(TIFFTAG_PLANARCONFIG), UInt16(PLANARCONFIG_CONTIG))
            _ = swiftfax_tiff_set_u32(tif, UInt32(TIFFTAG_ROWSPERSTRIP), 16)
            _ = swiftfax_tiff_set_u16(tif, UInt32(TIFFTAG_RESOLUTIONUNIT), UInt16(RESUNIT_INCH))
            _ = swiftfax_tiff_set_float(tif, UInt32(TIFFTAG_XRESOLUTION), dpi)
            _ = swiftfax_tiff_set_float(tif, UInt32(TIFFTAG_YRESOLUTION), dpi)
            var row = [UInt8](repeating: 255, count: width)
            for y in 0..<height {
                for x in 0..<width { row[x] = (x < width / 4 && y < width / 4) ? 0 : 255 }
                _ = row.withUnsafeMutableBytes { TIFFWriteScanline(tif, $0.baseAddress, UInt32(y), 0) }
            }
            _ = TIFFWriteDirectory(tif)
        }
        return path
    }

    /// A CUPS raster stream (set bit or high value = black, as a CUPS fax queue delivers it): by
    /// default 1-bit A4 at 204×196, 1686 pixels wide, `pages` pages, each with a black square in
    /// the top-left corner (400 rows, 400 pixels).
    func makeCupsRaster(_ name: String, pages: Int, width: Int = 1686, height: Int = 2292,
                        bitsPerPixel: Int = 1) throws -> String {
        let path = file(name)
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0, let raster = cupsRasterOpen(fd, CUPS_RASTER_WRITE) else { throw FixtureError.toolFailed("libcups", path) }
        defer { cupsRasterClose(raster); close(fd) }
        var header = cups_page_header2_t()
        header.cupsWidth = UInt32(width)
        header.cupsHeight = UInt32(height)
        header.cupsBitsPerColor = UInt32(bitsPerPixel)
        header.cupsBitsPerPixel = UInt32(bitsPerPixel)
        header.cupsBytesPerLine = UInt32((width * bitsPerPixel + 7) / 8)
        header.cupsColorSpace = CUPS_CSPACE_K
        header.cupsColorOrder = CUPS_ORDER_CHUNKED
        header.HWResolution = (204, 196)
        header.PageSize = (UInt32(width * 72 / 204), UInt32(height * 72 / 196))
        let square = min(400, width, height)
        for _ in 0..<pages {
            guard cupsRasterWriteHeader2(raster, &header) != 0 else { throw FixtureError.toolFailed("libcups", "header") }
            var line = [UInt8](repeating: 0, count: Int(header.cupsBytesPerLine))
            for y in 0..<height {
                for i in line.indices {
                    let ink = bitsPerPixel == 1 ? (y < square && i < square / 8) : (y < square && i < square)
                    line[i] = ink ? 0xFF : 0
                }
                _ = line.withUnsafeMutableBufferPointer { cupsRasterWritePixels(raster, $0.baseAddress, UInt32($0.count)) }
            }
        }
        return path
    }
}

enum FixtureError: Error {
    case toolFailed(String, String)
}

/// Ink share (0…1) of each quadrant of a page: [top-left, top-right, bottom-left, bottom-right].
func quadrantInk(_ page: FaxPage, skipRows: Int = 0) -> [Double] {
    let halfW = page.width / 2, top = skipRows, halfH = (page.length - skipRows) / 2
    let boxes = [(0, top), (halfW, top), (0, top + halfH), (halfW, top + halfH)]
    return boxes.map { x, y in
        Double(page.blackPixelCount(x: x, y: y, width: halfW, height: halfH)) / Double(halfW * halfH)
    }
}

/// Entries in `directory` (0 if it does not exist).
func entryCount(_ directory: String) -> Int {
    (try? FileManager.default.contentsOfDirectory(atPath: directory).count) ?? 0
}
