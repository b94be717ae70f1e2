// FaxSessionEvent: what a running T.30 session reports as it goes (phases A–E of T.30).

/// T.30's phases: A call set-up, B pre-message procedure, C message (pages), D post-message, E release.
public enum T30Phase: String, Sendable, Codable {
    case a = "A", b = "B", c = "C", d = "D", e = "E"
}

/// What phase B settled on.
public struct FaxNegotiation: Sendable, Hashable, Codable {
    public var bitRate: Int
    public var errorCorrection: Bool
    /// "T.4 1-D", "T.4 2-D" or "T.6".
    public var compression: String
    public var xDPI: Int
    public var yDPI: Int

    public init(bitRate: Int, errorCorrection: Bool, compression: String, xDPI: Int, yDPI: Int) {
        self.bitRate = bitRate
        self.errorCorrection = errorCorrection
        self.compression = compression
        self.xDPI = xDPI
        self.yDPI = yDPI
    }
}

public enum FaxSessionEvent: Sendable, Hashable {
    case phase(T30Phase)
    case remoteIdentity(String)
    case negotiated(FaxNegotiation)
    /// A page was confirmed (sent and acknowledged, or received). `of` is the document's page count when sending.
    case page(number: Int, of: Int?, badRows: Int)
    case completed(FaxCompletion)
}
