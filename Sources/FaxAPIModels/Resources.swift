// Resources: the JSON shapes of SwiftFax's REST API v1, shared by the server (FaxAPI) and its
// clients (FaxClient, faxctl). Field names are snake_case on the wire (the encoders below);
// dates are ISO 8601 in UTC. docs/api/openapi.yaml is the contract these types implement.
//
// Routes (all under /v1; a request on TCP needs `Authorization: Bearer <key>`):
//   POST   /faxes                      submit (JSON with document_url, or multipart/form-data)
//   GET    /faxes                      list: ?state=a,b&direction=&number=&since=&limit=&cursor=
//   GET    /faxes/{id}                 one job
//   POST   /faxes/{id}/cancel|hold|resume|retry|resubmit
//   GET    /faxes/{id}/attempts        every call made for the job
//   GET    /faxes/{id}/attempts/{n}/log  one call's session log (text/plain)
//   GET    /faxes/{id}/events          the job's state changes
//   GET    /faxes/{id}/document        ?kind=original|transmitted|received&format=pdf|tiff
//   DELETE /faxes/{id}/document        delete the files, keep the record
//   DELETE /faxes/{id}                 delete the job
//   GET    /inbox                      received faxes (inbound jobs), newest first
//   GET    /modems                     modems with live state
//   GET    /events?after=SEQ           every job's state changes (the feed webhooks read)
//   GET    /health                     liveness, no key needed

import Foundation

/// A fax job, outbound or inbound.
public struct FaxResource: Codable, Sendable, Hashable {
    public var id: String
    /// "outbound" | "inbound"
    public var direction: String
    /// queued, scheduled, held, retry_wait, dialing, sending, sent, partial, failed, cancelled, receiving, received
    public var state: String
    public var to: String
    public var from: String
    public var priority: Int
    public var maxAttempts: Int
    public var attemptsMade: Int
    public var pagesTotal: Int?
    public var pagesConfirmed: Int
    public var sendAt: Date?
    public var killAt: Date?
    public var nextAttemptAt: Date?
    public var cancelRequested: Bool
    public var createdAt: Date
    public var updatedAt: Date
    /// How the last attempt (or the job) ended; nil before any ending.
    public var completion: CompletionResource?
    public var options: FaxOptionsResource
    public var idempotencyKey: String?
    public var resubmittedFrom: String?
    /// Which documents are stored (false after DELETE …/document).
    public var documents: DocumentsResource
    /// Inbound: the far end's station identity (CSID/TSI) from the last call, when known.
    public var remoteIdentity: String?
    /// The faxbox it was sent through or received into.
    public var faxboxId: String?
    /// Its state changes, oldest first: only in a search with `include=history`.
    public var history: [EventResource]?

    public init(id: String, direction: String, state: String, to: String, from: String, priority: Int, maxAttempts: Int,
                attemptsMade: Int, pagesTotal: Int?, pagesConfirmed: Int, sendAt: Date?, killAt: Date?, nextAttemptAt: Date?,
                cancelRequested: Bool, createdAt: Date, updatedAt: Date, completion: CompletionResource?,
                options: FaxOptionsResource, idempotencyKey: String?, resubmittedFrom: String?, documents: DocumentsResource,
                remoteIdentity: String?, faxboxId: String? = nil, history: [EventResource]? = nil) {
        self.faxboxId = faxboxId
        self.history = history
        self.id = id
        self.direction = direction
        self.state = state
        self.to = to
        self.from = from
        self.priority = priority
        self.maxAttempts = maxAttempts
        self.attemptsMade = attemptsMade
        self.pagesTotal = pagesTotal
        self.pagesConfirmed = pagesConfirmed
        self.sendAt = sendAt
        self.killAt = killAt
        self.nextAttemptAt = nextAttemptAt
        self.cancelRequested = cancelRequested
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.completion = completion
        self.options = options
        self.idempotencyKey = idempotencyKey
        self.resubmittedFrom = resubmittedFrom
        self.documents = documents
        self.remoteIdentity = remoteIdentity
    }

    /// Nothing more happens to the job unless a person retries it.
    public var isFinished: Bool { ["sent", "partial", "failed", "cancelled", "received"].contains(state) }
}

public struct CompletionResource: Codable, Sendable, Hashable {
    /// 0 success; 42xx document; 51xx T.30; 52xx line and modem; 53xx internal (docs/error-codes.md).
    public var code: Int
    public var description: String

    public init(code: Int, description: String) {
        self.code = code
        self.description = description
    }
}

public struct DocumentsResource: Codable, Sendable, Hashable {
    public var original: Bool
    public var transmitted: Bool
    public var received: Bool

    public init(original: Bool, transmitted: Bool, received: Bool) {
        self.original = original
        self.transmitted = transmitted
        self.received = received
    }
}

/// How to send: every field optional, the server's defaults fill the rest.
public struct FaxOptionsResource: Codable, Sendable, Hashable {
    /// "standard" | "fine" | "superfine"
    public var resolution: String?
    /// Sender name in the page header.
    public var header: String?
    /// The station identity sent (TSI), printed in the header.
    public var identity: String?
    public var ecm: Bool?
    /// IANA time zone for the page header.
    public var timezone: String?
    /// Only modems in this group send it.
    public var modemGroup: String?
    /// Free-form caller metadata, kept with the job.
    public var metadata: [String: String]?
    /// Mail the outcome (sent, partial, failed) with the confirmation report to these addresses.
    public var notifyEmail: [String]?

    public init(resolution: String? = nil, header: String? = nil, identity: String? = nil, ecm: Bool? = nil,
                timezone: String? = nil, modemGroup: String? = nil, metadata: [String: String]? = nil, notifyEmail: [String]? = nil) {
        self.resolution = resolution
        self.header = header
        self.identity = identity
        self.ecm = ecm
        self.timezone = timezone
        self.modemGroup = modemGroup
        self.metadata = metadata
        self.notifyEmail = notifyEmail
    }
}

/// POST /v1/faxes as JSON (the multipart form has the same fields, plus `document` file parts).
public struct SubmitFaxRequest: Codable, Sendable, Hashable {
    /// E.164, or a local form the server's dial rules turn into E.164.
    public var to: String
    public var from: String?
    /// http(s) URL the server fetches (private and loopback addresses refused unless configured).
    public var documentURL: String?
    public var priority: Int?
    public var maxAttempts: Int?
    public var sendAt: Date?
    public var killAt: Date?
    public var options: FaxOptionsResource?
    /// Send through this faxbox: its number, header, identity, time zone and retries apply where
    /// the fax says nothing.
    public var faxboxId: String?
    /// Tell this URL the fax's events (signed with the server's callback secret).
    public var callbackURL: String?
    /// Send an uploaded file (POST /files) instead of a document part or document_url.
    public var fileId: String?
    /// `to` given as a list: one fax per recipient, all of the same document (201 with a list).
    public var recipients: [String]?

    public init(to: String, from: String? = nil, documentURL: String? = nil, priority: Int? = nil, maxAttempts: Int? = nil,
                sendAt: Date? = nil, killAt: Date? = nil, options: FaxOptionsResource? = nil, faxboxId: String? = nil,
                callbackURL: String? = nil, fileId: String? = nil, recipients: [String]? = nil) {
        self.faxboxId = faxboxId
        self.callbackURL = callbackURL
        self.fileId = fileId
        self.recipients = recipients
        self.to = to
        self.from = from
        self.documentURL = documentURL
        self.priority = priority
        self.maxAttempts = maxAttempts
        self.sendAt = sendAt
        self.killAt = killAt
        self.options = options
    }

    enum CodingKeys: String, CodingKey {
        case to, from, priority, maxAttempts, sendAt, killAt, options, faxboxId, fileId
        case documentURL = "documentUrl"
        case callbackURL = "callbackUrl"
    }

    /// `to` is one number, or a list of them (fan-out).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if let many = try? c.decode([String].self, forKey: .to) {
            guard let first = many.first else {
                throw DecodingError.dataCorruptedError(forKey: .to, in: c, debugDescription: "to is an empty list")
            }
            to = first
            recipients = many
        } else {
            to = try c.decode(String.self, forKey: .to)
        }
        from = try c.decodeIfPresent(String.self, forKey: .from)
        documentURL = try c.decodeIfPresent(String.self, forKey: .documentURL)
        priority = try c.decodeIfPresent(Int.self, forKey: .priority)
        maxAttempts = try c.decodeIfPresent(Int.self, forKey: .maxAttempts)
        sendAt = try c.decodeIfPresent(Date.self, forKey: .sendAt)
        killAt = try c.decodeIfPresent(Date.self, forKey: .killAt)
        options = try c.decodeIfPresent(FaxOptionsResource.self, forKey: .options)
        faxboxId = try c.decodeIfPresent(String.self, forKey: .faxboxId)
        callbackURL = try c.decodeIfPresent(String.self, forKey: .callbackURL)
        fileId = try c.decodeIfPresent(String.self, forKey: .fileId)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        if let recipients { try c.encode(recipients, forKey: .to) } else { try c.encode(to, forKey: .to) }
        try c.encodeIfPresent(from, forKey: .from)
        try c.encodeIfPresent(documentURL, forKey: .documentURL)
        try c.encodeIfPresent(priority, forKey: .priority)
        try c.encodeIfPresent(maxAttempts, forKey: .maxAttempts)
        try c.encodeIfPresent(sendAt, forKey: .sendAt)
        try c.encodeIfPresent(killAt, forKey: .killAt)
        try c.encodeIfPresent(options, forKey: .options)
        try c.encodeIfPresent(faxboxId, forKey: .faxboxId)
        try c.encodeIfPresent(callbackURL, forKey: .callbackURL)
        try c.encodeIfPresent(fileId, forKey: .fileId)
    }
}

/// POST /v1/faxes/{id}/resubmit (body optional).
public struct ResubmitRequest: Codable, Sendable, Hashable {
    public var to: String?
    public init(to: String? = nil) { self.to = to }
}

/// One call made (or answered) for a job.
public struct AttemptResource: Codable, Sendable, Hashable {
    public var number: Int
    public var modem: String
    public var startedAt: Date
    public var endedAt: Date?
    public var firstPage: Int
    /// nil while the call is in progress.
    public var completion: CompletionResource?
    public var pagesTransferred: Int
    public var badRows: Int
    public var remoteIdentity: String
    public var bitRate: Int
    public var ecm: Bool
    public var compression: String
    public var lineSeconds: Double

    public init(number: Int, modem: String, startedAt: Date, endedAt: Date?, firstPage: Int, completion: CompletionResource?,
                pagesTransferred: Int, badRows: Int, remoteIdentity: String, bitRate: Int, ecm: Bool, compression: String,
                lineSeconds: Double) {
        self.number = number
        self.modem = modem
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.firstPage = firstPage
        self.completion = completion
        self.pagesTransferred = pagesTransferred
        self.badRows = badRows
        self.remoteIdentity = remoteIdentity
        self.bitRate = bitRate
        self.ecm = ecm
        self.compression = compression
        self.lineSeconds = lineSeconds
    }
}

/// One recorded state change.
public struct EventResource: Codable, Sendable, Hashable {
    public var sequence: Int64
    public var faxID: String
    public var from: String?
    public var to: String
    public var reason: String
    public var attempt: Int?
    public var code: Int?
    public var at: Date

    public init(sequence: Int64, faxID: String, from: String?, to: String, reason: String, attempt: Int?, code: Int?, at: Date) {
        self.sequence = sequence
        self.faxID = faxID
        self.from = from
        self.to = to
        self.reason = reason
        self.attempt = attempt
        self.code = code
        self.at = at
    }

    enum CodingKeys: String, CodingKey {
        case sequence, from, to, reason, attempt, code, at
        case faxID = "faxId"
    }
}

/// A modem and what it is doing now.
public struct ModemResource: Codable, Sendable, Hashable {
    public var name: String
    public var device: String
    public var groups: [String]
    /// "starting" | "idle" | "dialing" | "sending" | "receiving" | "resetting" | "offline" | "stopped"
    public var state: String
    /// The job on the line, if any.
    public var faxID: String?
    public var answers: Bool
    public var manufacturer: String?
    public var model: String?
    public var revision: String?
    /// The fax class faxd drives the modem in: "1" (T.31, faxd runs T.30), "2", "2.0" or "2.1"
    /// (T.32, the modem runs T.30).
    public var faxClass: String?
    /// Why the modem is offline, when it is.
    public var lastError: String?
    public var callsMade: Int
    public var callsAnswered: Int
    /// For a modem found by discovery: its stable identity, USB vendor:product and driver.
    public var identity: String?
    public var usbID: String?
    public var driver: String?
    /// When the modem entered its state.
    public var since: Date?

    public init(name: String, device: String, groups: [String], state: String, faxID: String?, answers: Bool,
                manufacturer: String?, model: String?, revision: String?, lastError: String?, callsMade: Int, callsAnswered: Int,
                identity: String? = nil, usbID: String? = nil, driver: String? = nil, since: Date? = nil, faxClass: String? = nil) {
        self.faxClass = faxClass
        self.identity = identity
        self.usbID = usbID
        self.driver = driver
        self.since = since
        self.name = name
        self.device = device
        self.groups = groups
        self.state = state
        self.faxID = faxID
        self.answers = answers
        self.manufacturer = manufacturer
        self.model = model
        self.revision = revision
        self.lastError = lastError
        self.callsMade = callsMade
        self.callsAnswered = callsAnswered
    }

    enum CodingKeys: String, CodingKey {
        case name, device, groups, state, answers, manufacturer, model, revision, lastError, callsMade, callsAnswered
        case identity, driver, since, faxClass
        case faxID = "faxId"
        case usbID = "usbId"
    }
}

/// A modem came or went: "added", "removed" or "not_a_modem"; or "driver_switched" (`class: auto` fell back to voice) (GET /v1/modems/events).
public struct ModemEventResource: Codable, Sendable, Hashable {
    public var sequence: Int64
    public var modem: String
    public var kind: String
    public var device: String
    public var identity: String
    public var usbID: String?
    public var at: Date

    public init(sequence: Int64, modem: String, kind: String, device: String, identity: String, usbID: String?, at: Date) {
        self.sequence = sequence
        self.modem = modem
        self.kind = kind
        self.device = device
        self.identity = identity
        self.usbID = usbID
        self.at = at
    }

    enum CodingKeys: String, CodingKey {
        case sequence, modem, kind, device, identity, at
        case usbID = "usbId"
    }
}

/// A list with cursor pagination: pass `next_cursor` back as `cursor` for the next page.
public struct ListResource<Item: Codable & Sendable & Hashable>: Codable, Sendable, Hashable {
    public var data: [Item]
    public var nextCursor: String?

    public init(data: [Item], nextCursor: String? = nil) {
        self.data = data
        self.nextCursor = nextCursor
    }
}

/// RFC 9457 problem details (`application/problem+json`). `code` is SwiftFax's stable code: the
/// 42xx/51xx/52xx families of docs/error-codes.md, or 40xx for request errors (docs/api.md).
public struct ProblemResource: Codable, Sendable, Hashable, Error {
    public var type: String
    public var title: String
    public var status: Int
    public var detail: String?
    public var code: Int

    public init(type: String = "about:blank", title: String, status: Int, detail: String? = nil, code: Int) {
        self.type = type
        self.title = title
        self.status = status
        self.detail = detail
        self.code = code
    }
}

public enum APIJSON {
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }

    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
