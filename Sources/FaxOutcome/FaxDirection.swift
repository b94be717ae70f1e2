// FaxDirection: whether a session sends a document or receives into a file.

public enum FaxDirection: Sendable, Hashable {
    /// Send every page of a TIFF/F file.
    case transmit(document: String)
    /// Receive into a TIFF/F file at this path (written as pages arrive).
    case receive(into: String)

    public var isTransmit: Bool {
        if case .transmit = self { true } else { false }
    }
}
