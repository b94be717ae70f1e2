// FaxResolution: the T.4 vertical resolutions a fax page is sent at (horizontal is always R8, 204 dpi).

/// A fax page's resolution. Every page is 1728 pixels wide at 204 dpi (A4/Letter, R8);
/// the vertical resolution is what T.30 negotiates.
public enum FaxResolution: String, Sendable, Codable, CaseIterable {
    /// 204 × 98 dpi (T.4 "standard", 3.85 lines/mm).
    case standard
    /// 204 × 196 dpi (T.4 "fine", 7.7 lines/mm).
    case fine
    /// 204 × 391 dpi (T.4 "superfine", 15.4 lines/mm).
    case superfine

    public static let horizontalDPI: Double = 204

    public var verticalDPI: Double {
        switch self {
        case .standard: 98
        case .fine: 196
        case .superfine: 391
        }
    }

    /// The resolution whose vertical dpi is nearest to `dpi` (TIFF files carry 98/196/391, 100/200/400, or pixels per cm).
    public static func nearest(verticalDPI dpi: Double) -> FaxResolution {
        allCases.min { abs($0.verticalDPI - dpi) < abs($1.verticalDPI - dpi) }!
    }
}

/// Page widths in pixels at R8 (T.4 Table 1).
public enum FaxPageWidth {
    /// A4 and North American letter, 215 mm.
    public static let a4: Int = 1728
}
