// TextRenderer: draws lines of text onto a white grey canvas at the fax's non-square pixel
// density, with a DejaVu font through ImageMagick's drawing API (FreeType underneath).
//
// Used for plain-text documents, page headers and cover pages, so all three look alike and
// cover the same Unicode repertoire (DejaVu: Latin, Greek, Cyrillic and more).

import CMagickWand
import Foundation
import T4

/// One line to draw: position in points from the top-left corner (y is the baseline).
struct TextLine: Sendable {
    var text: String
    var x: Double
    var baseline: Double
    var pointSize: Double
    var font: TextFont = .mono
}

enum TextFont: Sendable {
    case mono, sans, sansBold

    var path: String {
        let dir = "/usr/share/fonts/truetype/dejavu/"
        switch self {
        case .mono: return dir + "DejaVuSansMono.ttf"
        case .sans: return dir + "DejaVuSans.ttf"
        case .sansBold: return dir + "DejaVuSans-Bold.ttf"
        }
    }
}

enum TextRenderer {
    /// A `width` × `height` pixel canvas at 204 × V dpi with `lines` drawn in black (not anti-aliased:
    /// fax pixels are black or white, and crisp glyphs compress better).
    static func render(_ lines: [TextLine], width: Int, height: Int, resolution: FaxResolution,
                       rules: [(x: Double, y: Double, width: Double, height: Double)] = []) throws -> GreyImage {
        let image = MagickImage()
        let white = NewPixelWand(), black = NewPixelWand()
        defer { DestroyPixelWand(white); DestroyPixelWand(black) }
        _ = PixelSetColor(white, "white")
        _ = PixelSetColor(black, "black")
        guard MagickNewImage(image.wand, width, height, white) == MagickTrue else {
            throw DocumentError.outputFailed(path: "text", reason: image.lastError)
        }
        let draw = NewDrawingWand()
        defer { DestroyDrawingWand(draw) }
        let xScale = FaxResolution.horizontalDPI / 72, yScale = resolution.verticalDPI / 72
        DrawSetDensity(draw, "\(Int(FaxResolution.horizontalDPI))x\(Int(resolution.verticalDPI))")
        DrawSetFillColor(draw, black)
        DrawSetTextAntialias(draw, MagickFalse)
        DrawSetStrokeAntialias(draw, MagickFalse)
        DrawSetTextEncoding(draw, "UTF-8")
        for rule in rules {
            DrawRectangle(draw, rule.x * xScale, rule.y * yScale,
                          (rule.x + rule.width) * xScale, (rule.y + rule.height) * yScale)
        }
        for line in lines where !line.text.isEmpty {
            DrawSetFont(draw, line.font.path)
            DrawSetFontSize(draw, line.pointSize)
            DrawAnnotation(draw, line.x * xScale, line.baseline * yScale, line.text)
        }
        guard MagickDrawImage(image.wand, draw) == MagickTrue else {
            throw DocumentError.outputFailed(path: "text", reason: image.lastError)
        }
        return try image.exportGrey()
    }

    /// `lines` in `font` at `pointSize`, drawn as one multi-line annotation whose lines are exactly
    /// `pitchRows` pixels apart, the first baseline at `firstBaseline` points. One annotation costs one
    /// font load instead of one per line, which is what makes per-page headers cheap.
    static func renderBlock(_ lines: [String], x: Double, firstBaseline: Double, pitchRows: Int, pointSize: Double,
                            font: TextFont = .mono, width: Int, resolution: FaxResolution) throws -> GreyImage {
        let image = MagickImage()
        let white = NewPixelWand(), black = NewPixelWand()
        defer { DestroyPixelWand(white); DestroyPixelWand(black) }
        _ = PixelSetColor(white, "white")
        _ = PixelSetColor(black, "black")
        guard MagickNewImage(image.wand, width, pitchRows * lines.count, white) == MagickTrue else {
            throw DocumentError.outputFailed(path: "text", reason: image.lastError)
        }
        let draw = NewDrawingWand()
        defer { DestroyDrawingWand(draw) }
        DrawSetDensity(draw, "\(Int(FaxResolution.horizontalDPI))x\(Int(resolution.verticalDPI))")
        DrawSetFillColor(draw, black)
        DrawSetTextAntialias(draw, MagickFalse)
        DrawSetTextEncoding(draw, "UTF-8")
        DrawSetFont(draw, font.path)
        DrawSetFontSize(draw, pointSize)
        // ImageMagick spaces lines by ascent − descent + interline spacing (pixels at the density).
        guard let metrics = MagickQueryFontMetrics(image.wand, draw, "Xg") else {
            throw DocumentError.outputFailed(path: "text", reason: image.lastError)
        }
        let lineHeight = metrics[2] - metrics[3]
        MagickRelinquishMemory(metrics)
        DrawSetTextInterlineSpacing(draw, Double(pitchRows) - lineHeight)
        DrawAnnotation(draw, x * FaxResolution.horizontalDPI / 72, firstBaseline * resolution.verticalDPI / 72,
                       lines.joined(separator: "\n"))
        guard MagickDrawImage(image.wand, draw) == MagickTrue else {
            throw DocumentError.outputFailed(path: "text", reason: image.lastError)
        }
        return try image.exportGrey()
    }
}
