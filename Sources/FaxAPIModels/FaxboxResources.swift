// FaxboxResources: the JSON shapes of faxboxes (Kazoo's faxbox fields, seed 003, where they apply
// to a modem server) and of changing a fax that has not gone out (PATCH /faxes/{id}).
//   POST   /faxboxes                 create: {name, caller_id?, caller_name?, fax_header?, fax_identity?,
//                                    fax_timezone?, retries?, numbers?, modems?, callers?, notifications?,
//                                    custom_smtp_email_address?, smtp_permission_list?}
//   GET    /faxboxes                 every box (the built-in `default` first)
//   GET    /faxboxes/{id}            one box
//   PATCH  /faxboxes/{id}            the fields given change; "" or [] clears one
//   DELETE /faxboxes/{id}            its faxes move to `default`
//   GET    /faxboxes/{id}/inbox      the faxes received into it, newest first (?limit&cursor)
//   PATCH  /faxes/{id}               change a queued, scheduled, held or retry-waiting fax
//   POST   /files                    upload a document (raw body, or multipart `document`) to send later by id
//   GET    /files, GET|DELETE /files/{id}

import Foundation

public struct FaxboxResource: Codable, Sendable, Hashable {
    public var id: String
    public var name: String
    public var callerId: String?
    public var callerName: String?
    public var faxHeader: String?
    public var faxIdentity: String?
    public var faxTimezone: String?
    /// Attempts in all for the box's faxes.
    public var retries: Int?
    public var numbers: [String]
    public var modems: [String]
    public var callers: [String]
    public var notifications: FaxboxNotificationsResource
    /// The box's own mail domain: mail to NUMBER@it is faxed through the box.
    public var customSmtpEmailAddress: String?
    /// Who may fax through the box by mail: addresses or domains, `*`/`?` wildcards.
    public var smtpPermissionList: [String]
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: String, name: String, callerId: String?, callerName: String?, faxHeader: String?, faxIdentity: String?,
                faxTimezone: String?, retries: Int?, numbers: [String], modems: [String], callers: [String],
                notifications: FaxboxNotificationsResource, customSmtpEmailAddress: String? = nil, smtpPermissionList: [String] = [],
                createdAt: Date, updatedAt: Date) {
        self.id = id
        self.name = name
        self.callerId = callerId
        self.callerName = callerName
        self.faxHeader = faxHeader
        self.faxIdentity = faxIdentity
        self.faxTimezone = faxTimezone
        self.retries = retries
        self.numbers = numbers
        self.modems = modems
        self.callers = callers
        self.notifications = notifications
        self.customSmtpEmailAddress = customSmtpEmailAddress
        self.smtpPermissionList = smtpPermissionList
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// `notifications.inbound|outbound.callback.url` and `….email.send_to`, as Kazoo spells them.
public struct FaxboxNotificationsResource: Codable, Sendable, Hashable {
    public struct Callback: Codable, Sendable, Hashable {
        public var url: String
        public init(url: String) { self.url = url }
    }

    public struct Email: Codable, Sendable, Hashable {
        public var sendTo: [String]
        public init(sendTo: [String]) { self.sendTo = sendTo }
    }

    public struct Direction: Codable, Sendable, Hashable {
        public var callback: Callback?
        public var email: Email?
        public init(callback: Callback? = nil, email: Email? = nil) {
            self.callback = callback
            self.email = email
        }
    }

    public var inbound: Direction?
    public var outbound: Direction?

    public init(inbound: Direction? = nil, outbound: Direction? = nil) {
        self.inbound = inbound
        self.outbound = outbound
    }
}

/// POST /faxboxes and PATCH /faxboxes/{id}: every field optional on PATCH (name required on POST).
public struct FaxboxRequest: Codable, Sendable, Hashable {
    public var name: String?
    public var callerId: String?
    public var callerName: String?
    public var faxHeader: String?
    public var faxIdentity: String?
    public var faxTimezone: String?
    /// 0 clears (the server's default applies).
    public var retries: Int?
    public var numbers: [String]?
    public var modems: [String]?
    public var callers: [String]?
    public var notifications: FaxboxNotificationsResource?
    /// "" clears.
    public var customSmtpEmailAddress: String?
    public var smtpPermissionList: [String]?

    public init(name: String? = nil, callerId: String? = nil, callerName: String? = nil, faxHeader: String? = nil,
                faxIdentity: String? = nil, faxTimezone: String? = nil, retries: Int? = nil, numbers: [String]? = nil,
                modems: [String]? = nil, callers: [String]? = nil, notifications: FaxboxNotificationsResource? = nil,
                customSmtpEmailAddress: String? = nil, smtpPermissionList: [String]? = nil) {
        self.name = name
        self.callerId = callerId
        self.callerName = callerName
        self.faxHeader = faxHeader
        self.faxIdentity = faxIdentity
        self.faxTimezone = faxTimezone
        self.retries = retries
        self.numbers = numbers
        self.modems = modems
        self.callers = callers
        self.notifications = notifications
        self.customSmtpEmailAddress = customSmtpEmailAddress
        self.smtpPermissionList = smtpPermissionList
    }
}

/// PATCH /faxes/{id}: the fields given change. `send_at: null` is not expressible here; give
/// `send_now: true` to drop a scheduled time.
public struct PatchFaxRequest: Codable, Sendable, Hashable {
    public var to: String?
    public var from: String?
    public var priority: Int?
    public var maxAttempts: Int?
    public var sendAt: Date?
    public var sendNow: Bool?
    public var killAt: Date?
    public var options: FaxOptionsResource?

    public init(to: String? = nil, from: String? = nil, priority: Int? = nil, maxAttempts: Int? = nil, sendAt: Date? = nil,
                sendNow: Bool? = nil, killAt: Date? = nil, options: FaxOptionsResource? = nil) {
        self.to = to
        self.from = from
        self.priority = priority
        self.maxAttempts = maxAttempts
        self.sendAt = sendAt
        self.sendNow = sendNow
        self.killAt = killAt
        self.options = options
    }
}

/// GET /webhooks/callback-secret: the secret that signs callbacks (faxbox callback URLs and a
/// fax's callback_url), Standard Webhooks like an endpoint's.
public struct CallbackSecretResource: Codable, Sendable, Hashable {
    public var secret: String
    public init(secret: String) { self.secret = secret }
}

/// An uploaded document kept for sending by id (POST /files; seed 004's upload-then-send).
public struct FileResource: Codable, Sendable, Hashable {
    public var id: String
    public var name: String
    public var size: Int
    /// What the server recognised: pdf, postscript, tiff, png, jpeg, gif, cups-raster, text.
    public var format: String
    public var createdAt: Date

    public init(id: String, name: String, size: Int, format: String, createdAt: Date) {
        self.id = id
        self.name = name
        self.size = size
        self.format = format
        self.createdAt = createdAt
    }
}
