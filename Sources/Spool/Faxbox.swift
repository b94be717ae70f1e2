// Faxbox: the unit that owns a fax identity (Kazoo's faxbox, seed 003) — its name, the number and
// name it sends as (TSI, page header, time zone), how often its faxes are tried, who hears about
// its faxes (a callback URL and email recipients, inbound and outbound), and what it owns for
// inbound routing: called numbers, modems (lines) and rules on the caller. Every received fax
// lands in exactly one box's inbox (InboundRoute); the built-in box `default` takes the rest.

import E164
import Foundation
import GRDB

public struct Faxbox: Sendable, Hashable {
    /// The box unrouted faxes land in; it always exists and cannot be deleted.
    public static let defaultID = "default"

    public var id: String
    public var name: String
    /// The box's number (E.164): the `from` of its faxes and, unless `faxIdentity` says
    /// otherwise, the station identity (TSI/CSI) and the number in the page header.
    public var callerID: String?
    public var callerName: String?
    /// The name printed at the top of its faxes' pages.
    public var faxHeader: String?
    /// The number printed at the top and sent as the TSI (at most 20 of 0-9, + and space).
    public var faxIdentity: String?
    /// IANA time zone for the page header.
    public var faxTimezone: String?
    /// Attempts in all for its faxes (the fax's max_attempts), Kazoo's `retries`.
    public var retries: Int?
    /// Called numbers (E.164) whose faxes land here, where the line tells the called number.
    public var numbers: [String]
    /// Modems (by name) whose received faxes land here.
    public var modems: [String]
    /// Caller patterns: a received fax whose caller ID matches one lands here. `*` matches any
    /// run of characters, `?` one; anything else matches itself.
    public var callers: [String]
    public var notifications: FaxboxNotifications
    /// The box's own mail domain (Kazoo's `custom_smtp_email_address`): mail to NUMBER@it is
    /// faxed through the box.
    public var smtpAddress: String?
    /// Who may fax through the box by mail: addresses or domains, `*` and `?` wildcards
    /// (SenderPermission).
    public var smtpPermissionList: [String]
    public var tenantID: String?
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: String, name: String, callerID: String? = nil, callerName: String? = nil, faxHeader: String? = nil,
                faxIdentity: String? = nil, faxTimezone: String? = nil, retries: Int? = nil, numbers: [String] = [], modems: [String] = [],
                callers: [String] = [], notifications: FaxboxNotifications = FaxboxNotifications(), smtpAddress: String? = nil,
                smtpPermissionList: [String] = [], tenantID: String? = nil, createdAt: Date, updatedAt: Date) {
        self.id = id
        self.name = name
        self.callerID = callerID
        self.callerName = callerName
        self.faxHeader = faxHeader
        self.faxIdentity = faxIdentity
        self.faxTimezone = faxTimezone
        self.retries = retries
        self.numbers = numbers
        self.modems = modems
        self.callers = callers
        self.notifications = notifications
        self.smtpAddress = smtpAddress
        self.smtpPermissionList = smtpPermissionList
        self.tenantID = tenantID
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// The station identity the box's faxes send as.
    public var identity: String? { faxIdentity ?? callerID }

    /// A fax sent through the box: what the fax leaves unsaid, the box says — its number as
    /// `from`, header, identity, time zone, and attempts unless `maxAttemptsGiven`.
    public func fill(_ submission: inout FaxSubmission, maxAttemptsGiven: Bool) {
        submission.faxboxID = id
        if submission.from == nil, let callerID { submission.from = try? E164Number(callerID) }
        if submission.options.headerText == nil { submission.options.headerText = faxHeader ?? callerName }
        if submission.options.localIdentity == nil { submission.options.localIdentity = identity }
        if submission.options.timeZone == nil { submission.options.timeZone = faxTimezone }
        if !maxAttemptsGiven, let retries { submission.maxAttempts = retries }
    }
}

/// Who hears about a box's faxes, each way.
public struct FaxboxNotifications: Sendable, Hashable, Codable {
    public struct Target: Sendable, Hashable, Codable {
        /// Webhooks signed with the server's callback secret (GET /v1/webhooks/callback-secret).
        public var callbackURL: String?
        /// Mail recipients (sent by the email front door).
        public var emailTo: [String]

        public init(callbackURL: String? = nil, emailTo: [String] = []) {
            self.callbackURL = callbackURL
            self.emailTo = emailTo
        }
    }

    public var inbound: Target
    public var outbound: Target

    public init(inbound: Target = Target(), outbound: Target = Target()) {
        self.inbound = inbound
        self.outbound = outbound
    }
}

/// A box's fields as given to create or change it (nil: not given — on create, empty; on
/// change, left as it is).
public struct FaxboxChange: Sendable, Hashable {
    public var name: String?
    public var callerID: String??
    public var callerName: String??
    public var faxHeader: String??
    public var faxIdentity: String??
    public var faxTimezone: String??
    public var retries: Int??
    public var numbers: [String]?
    public var modems: [String]?
    public var callers: [String]?
    public var notifications: FaxboxNotifications?
    public var smtpAddress: String??
    public var smtpPermissionList: [String]?

    public init(name: String? = nil, callerID: String?? = nil, callerName: String?? = nil, faxHeader: String?? = nil,
                faxIdentity: String?? = nil, faxTimezone: String?? = nil, retries: Int?? = nil, numbers: [String]? = nil,
                modems: [String]? = nil, callers: [String]? = nil, notifications: FaxboxNotifications? = nil,
                smtpAddress: String?? = nil, smtpPermissionList: [String]? = nil) {
        self.name = name
        self.callerID = callerID
        self.callerName = callerName
        self.faxHeader = faxHeader
        self.faxIdentity = faxIdentity
        self.faxTimezone = faxTimezone
        self.retries = retries
        self.numbers = numbers
        self.modems = modems
        self.callers = callers
        self.notifications = notifications
        self.smtpAddress = smtpAddress
        self.smtpPermissionList = smtpPermissionList
    }

    func applied(to box: Faxbox) -> Faxbox {
        var box = box
        if let name { box.name = name }
        if let callerID { box.callerID = callerID }
        if let callerName { box.callerName = callerName }
        if let faxHeader { box.faxHeader = faxHeader }
        if let faxIdentity { box.faxIdentity = faxIdentity }
        if let faxTimezone { box.faxTimezone = faxTimezone }
        if let retries { box.retries = retries }
        if let numbers { box.numbers = numbers }
        if let modems { box.modems = modems }
        if let callers { box.callers = callers }
        if let notifications { box.notifications = notifications }
        if let smtpAddress { box.smtpAddress = smtpAddress }
        if let smtpPermissionList { box.smtpPermissionList = smtpPermissionList }
        return box
    }
}

extension Faxbox: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "faxboxes"

    public init(row: Row) throws {
        id = row["id"]
        name = row["name"]
        callerID = row["caller_id"]
        callerName = row["caller_name"]
        faxHeader = row["fax_header"]
        faxIdentity = row["fax_identity"]
        faxTimezone = row["fax_timezone"]
        retries = row["retries"]
        numbers = row.stringList("numbers")
        modems = row.stringList("modems")
        callers = row.stringList("callers")
        notifications = (try? JSONDecoder().decode(FaxboxNotifications.self, from: Data((row["notifications"] as String? ?? "{}").utf8)))
            ?? FaxboxNotifications()
        smtpAddress = row["smtp_address"]
        smtpPermissionList = row.stringList("smtp_permission_list")
        tenantID = row["tenant_id"]
        createdAt = Date(spoolMillis: row["created_at"])
        updatedAt = Date(spoolMillis: row["updated_at"])
    }

    public func encode(to container: inout PersistenceContainer) throws {
        func text<T: Encodable>(_ value: T) throws -> String { String(decoding: try JSONEncoder().encode(value), as: UTF8.self) }
        container["id"] = id
        container["name"] = name
        container["caller_id"] = callerID
        container["caller_name"] = callerName
        container["fax_header"] = faxHeader
        container["fax_identity"] = faxIdentity
        container["fax_timezone"] = faxTimezone
        container["retries"] = retries
        container["numbers"] = try text(numbers)
        container["modems"] = try text(modems)
        container["callers"] = try text(callers)
        container["notifications"] = try text(notifications)
        container["smtp_address"] = smtpAddress
        container["smtp_permission_list"] = try text(smtpPermissionList)
        container["tenant_id"] = tenantID
        container["created_at"] = createdAt.spoolMillis
        container["updated_at"] = updatedAt.spoolMillis
    }
}
