// MailLimits: how much of a message from the Internet MIMEParser will look at — its size, how
// deeply multiparts nest, how many parts and header fields it has. Every cost of parsing is
// bounded by these, so a hostile message is refused early instead of eating memory or time.

public struct MailLimits: Sendable, Equatable {
    /// The whole message, headers included.
    public var maxBytes: Int
    /// Multiparts inside one another (a multipart message with a multipart/alternative inside is 2).
    /// At most 64, whatever is set, so the parser's recursion stays shallow.
    public var maxDepth: Int
    /// Body parts at every depth, multipart containers included (the message itself is not counted).
    public var maxParts: Int
    /// The header block of one entity (the message's, or a part's), in bytes.
    public var maxHeaderBytes: Int
    /// Header fields of one entity.
    public var maxHeaderFields: Int

    public init(maxBytes: Int = 25 << 20, maxDepth: Int = 8, maxParts: Int = 100,
                maxHeaderBytes: Int = 64 << 10, maxHeaderFields: Int = 500) {
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
        self.maxParts = maxParts
        self.maxHeaderBytes = maxHeaderBytes
        self.maxHeaderFields = maxHeaderFields
    }
}
