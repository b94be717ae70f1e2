// JobOptions: how to send a fax (resolution, header, ECM, identity, …), stored as JSON with the
// job so options can be added without a migration.

public struct JobOptions: Sendable, Hashable, Codable {
    /// "standard", "fine" or "superfine"; nil: the server's default.
    public var resolution: String?
    /// The text printed at the top of each page (the sender's name).
    public var headerText: String?
    /// The number sent as the local identity (TSI) and printed in the header.
    public var localIdentity: String?
    /// Error correction mode; nil: the server's default.
    public var errorCorrection: Bool?
    /// Time zone for the page header (IANA name).
    public var timeZone: String?
    /// Only modems in this group may send the job (nil: any modem that dials).
    public var modemGroup: String?
    /// Anything else the front doors need to keep (caller metadata, notification targets, …).
    public var metadata: [String: String]
    /// Mail the outcome (sent, partial, failed) to these addresses, with the confirmation report.
    public var notifyEmail: [String]?

    public init(resolution: String? = nil, headerText: String? = nil, localIdentity: String? = nil,
                errorCorrection: Bool? = nil, timeZone: String? = nil, modemGroup: String? = nil, metadata: [String: String] = [:],
                notifyEmail: [String]? = nil) {
        self.resolution = resolution
        self.headerText = headerText
        self.localIdentity = localIdentity
        self.errorCorrection = errorCorrection
        self.timeZone = timeZone
        self.modemGroup = modemGroup
        self.metadata = metadata
        self.notifyEmail = notifyEmail
    }
}
