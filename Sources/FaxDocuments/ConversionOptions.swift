// ConversionOptions: how documents become fax pages — resolution, compression, bi-level method, header, limits.

import Foundation
import T4

/// How grey becomes black and white.
public enum BilevelMethod: String, Sendable, CaseIterable {
    /// Per page: halftone when much of the page is mid-grey (photos), threshold otherwise (text).
    case automatic
    /// A fixed 50 % threshold: sharp text and line art.
    case threshold
    /// Floyd–Steinberg error diffusion: photographs and grey fills.
    case halftone
}

/// The paper a document is laid out on; sets the page length (the width is always 1728 pixels).
public enum PaperSize: String, Sendable, CaseIterable {
    case a4, letter

    public var heightInches: Double {
        switch self {
        case .a4: 297 / 25.4
        case .letter: 11
        }
    }

    /// Page length in rows at `resolution`.
    public func rows(at resolution: FaxResolution) -> Int {
        Int((heightInches * resolution.verticalDPI).rounded())
    }
}

/// Refusal thresholds; anything over them is `DocumentError.tooLarge` (4202), except time (4201).
/// Sizes read from a file are checked against them (with overflow-checked arithmetic) before
/// anything is allocated for the file's pixels.
public struct DocumentLimits: Sendable {
    /// Largest input file accepted.
    public var maxInputBytes: Int = 64 << 20
    /// Most fax pages one conversion may produce (cover page included).
    public var maxPages: Int = 250
    /// Most pixels one decoded page (image, TIFF directory, raster page, GIF frame) may have. A fax
    /// page is at most 1728 × ~4,600 rows (A4 at superfine), about 8 Mpixel; this allows scans of
    /// 600 dpi and more, and stops a header claiming 2^32 × 2^32 pixels.
    public var maxPagePixels: Int = 64 << 20
    /// Most pixels one input may decode to in all (its pages are held in memory at 8 bits a
    /// pixel before they are fitted; conforming fax TIFF pages, held at 1 bit, count an eighth).
    public var maxPixels: Int = 120_000_000
    /// Wall-clock limit for each renderer run (Ghostscript, tiff2pdf).
    public var timeoutSeconds: Double = 120
    /// Address-space limit for Ghostscript, in bytes.
    public var rendererMemoryBytes: Int = 2 << 30
    /// Largest file Ghostscript may write (its scratch files; pages come down a pipe).
    public var rendererFileBytes: Int = 256 << 20

    public init() {}

    /// `width × height` if it is within the per-page budget, nil otherwise (overflow included).
    public func pagePixels(_ width: Int, _ height: Int) -> Int? {
        guard width > 0, height > 0 else { return nil }
        let (pixels, overflow) = width.multipliedReportingOverflow(by: height)
        return overflow || pixels > maxPagePixels ? nil : pixels
    }
}

public struct ConversionOptions: Sendable {
    public var resolution: FaxResolution = .fine
    public var compression: TIFFFaxWriter.Compression = .t6
    public var bilevel: BilevelMethod = .automatic
    public var paper: PaperSize = .a4
    /// The TTI line stamped at the top of every page; nil for none.
    public var header: PageHeader?
    public var limits = DocumentLimits()
    /// Where scratch files go (a private directory inside it, removed afterwards).
    public var temporaryDirectory: String = NSTemporaryDirectory()

    public init(resolution: FaxResolution = .fine, compression: TIFFFaxWriter.Compression = .t6,
                bilevel: BilevelMethod = .automatic, header: PageHeader? = nil) {
        self.resolution = resolution
        self.compression = compression
        self.bilevel = bilevel
        self.header = header
    }
}
