// FaxSubmission: what a client asks the spool to send — one destination, one document.

import E164
import Foundation

public struct FaxSubmission: Sendable, Hashable {
    /// The destination (checked against the site's destination policy by the front door).
    public var to: E164Number
    /// The caller's number, if given.
    public var from: E164Number?
    /// The document as submitted (PDF, TIFF, …).
    public var documentPath: String
    /// The TIFF/F actually transmitted, when already converted.
    public var transmitPath: String?
    /// Pages in the transmitted document, when known: lets recovery tell "every page confirmed".
    public var pageCount: Int?
    /// Higher goes first; equal priorities go oldest first.
    public var priority: Int
    public var maxAttempts: Int
    /// Not before this time (a scheduled send).
    public var sendAt: Date?
    /// Fail the job if it is not sent by this time (nil: the spool's default lifetime).
    public var killAt: Date?
    public var options: JobOptions
    /// The same key (within a tenant) returns the same job instead of a second fax.
    public var idempotencyKey: String?
    public var tenantID: String?
    public var faxboxID: String?
    /// Where to tell this fax's events (a webhook endpoint of its own, signed with the server's
    /// callback secret).
    public var callbackURL: String?

    public init(to: E164Number, from: E164Number? = nil, documentPath: String, transmitPath: String? = nil, pageCount: Int? = nil,
                priority: Int = 0, maxAttempts: Int = 3, sendAt: Date? = nil, killAt: Date? = nil,
                options: JobOptions = JobOptions(), idempotencyKey: String? = nil, tenantID: String? = nil, faxboxID: String? = nil,
                callbackURL: String? = nil) {
        self.to = to
        self.from = from
        self.documentPath = documentPath
        self.transmitPath = transmitPath
        self.pageCount = pageCount
        self.priority = priority
        self.maxAttempts = maxAttempts
        self.sendAt = sendAt
        self.killAt = killAt
        self.options = options
        self.idempotencyKey = idempotencyKey
        self.tenantID = tenantID
        self.faxboxID = faxboxID
        self.callbackURL = callbackURL
    }
}
