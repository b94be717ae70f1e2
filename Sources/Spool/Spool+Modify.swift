// Spool+Modify: changing a fax that has not gone out yet (PATCH /v1/faxes/{id}, seed 004's "make
// modifications") — destination, caller number, priority, attempts, send and kill times, options.
// Only a waiting job (queued, scheduled, held, retry_wait) can change; one on a call or finished
// cannot. Whatever changes the page header (destination, header, identity, time zone,
// resolution) drops the converted document: the next attempt converts afresh. Pages the far end
// already confirmed keep the destination fixed.

import E164
import Foundation
import GRDB

/// What to change (nil: leave as it is; `sendAt: .some(nil)` sends as soon as possible).
public struct JobChange: Sendable, Hashable {
    public var to: E164Number?
    public var from: E164Number?
    public var priority: Int?
    public var maxAttempts: Int?
    public var sendAt: Date??
    public var killAt: Date?
    public var resolution: String?
    public var headerText: String?
    public var localIdentity: String?
    public var timeZone: String?
    public var errorCorrection: Bool?
    public var metadata: [String: String]?

    public init(to: E164Number? = nil, from: E164Number? = nil, priority: Int? = nil, maxAttempts: Int? = nil, sendAt: Date?? = nil,
                killAt: Date? = nil, resolution: String? = nil, headerText: String? = nil, localIdentity: String? = nil,
                timeZone: String? = nil, errorCorrection: Bool? = nil, metadata: [String: String]? = nil) {
        self.to = to
        self.from = from
        self.priority = priority
        self.maxAttempts = maxAttempts
        self.sendAt = sendAt
        self.killAt = killAt
        self.resolution = resolution
        self.headerText = headerText
        self.localIdentity = localIdentity
        self.timeZone = timeZone
        self.errorCorrection = errorCorrection
        self.metadata = metadata
    }

    /// What the page header or the page image depends on.
    var changesPages: Bool { to != nil || resolution != nil || headerText != nil || localIdentity != nil || timeZone != nil }

    /// The names of the fields given, for the job's event.
    var fieldNames: [String] {
        let fields: [(String, Bool)] = [
            ("to", to != nil), ("from", from != nil), ("priority", priority != nil), ("max_attempts", maxAttempts != nil),
            ("send_at", sendAt != nil), ("kill_at", killAt != nil), ("resolution", resolution != nil),
            ("header", headerText != nil), ("identity", localIdentity != nil), ("timezone", timeZone != nil),
            ("ecm", errorCorrection != nil), ("metadata", metadata != nil),
        ]
        return fields.filter(\.1).map(\.0)
    }
}

extension Spool {
    /// Changes a waiting job; returns it as it is now. The converted document it no longer
    /// matches is left for the caller to remove (its path is the old `transmitPath`).
    @discardableResult
    public func modify(_ id: JobID, _ change: JobChange) async throws(SpoolError) -> FaxJob {
        let now = self.now
        if let attempts = change.maxAttempts, attempts < 1 { throw .invalidRequest("maxAttempts must be at least 1") }
        return try await write { db in
            var job = try db.job(id)
            guard job.direction == .outbound else { throw SpoolError.invalidRequest("a received fax cannot be changed") }
            if change.to != nil, job.pagesConfirmed > 0 {
                throw SpoolError.invalidRequest("the destination already confirmed \(job.pagesConfirmed) page(s); resubmit to send elsewhere")
            }
            if let attempts = change.maxAttempts, attempts < job.attemptsMade {
                throw SpoolError.invalidRequest("max_attempts \(attempts) is below the \(job.attemptsMade) attempt(s) already made")
            }
            if change.sendAt != nil, job.state == .retryWait {
                throw SpoolError.invalidRequest("a fax waiting to retry keeps its retry time (hold it, or cancel and resubmit)")
            }
            let sendAt = change.sendAt ?? job.sendAt
            let due = (change.sendAt != nil ? (sendAt ?? now) : (job.nextAttemptAt ?? now)) <= now
            let names = change.fieldNames.joined(separator: ", ")
            try db.move(&job, .modify(due: due), reason: "changed: \(names.isEmpty ? "nothing" : names)", at: now,
                        notification: "fax.updated") { job in
                if let to = change.to { job.toNumber = to.text }
                if let from = change.from { job.fromNumber = from.text }
                if let priority = change.priority { job.priority = priority }
                if let attempts = change.maxAttempts { job.maxAttempts = attempts }
                if change.sendAt != nil {
                    job.sendAt = sendAt
                    job.nextAttemptAt = max(sendAt ?? now, now)
                }
                if let killAt = change.killAt { job.killAt = killAt }
                if let value = change.resolution { job.options.resolution = value }
                if let value = change.headerText { job.options.headerText = value }
                if let value = change.localIdentity { job.options.localIdentity = value }
                if let value = change.timeZone { job.options.timeZone = value }
                if let value = change.errorCorrection { job.options.errorCorrection = value }
                if let value = change.metadata { job.options.metadata.merge(value) { _, new in new } }
                if change.changesPages {
                    job.transmitPath = nil
                    job.pagesTotal = nil
                }
            }
            return job
        }
    }
}
