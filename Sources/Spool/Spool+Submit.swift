// Spool+Submit: new outbound jobs — submit (idempotent with a key) and resubmit (a new job from a
// copy of an old one's document).

import E164
import Foundation
import GRDB

extension Spool {
    /// Queues a fax. With an idempotency key already used (in the same tenant) for the same
    /// destination, returns that job instead of making a second one; used for another destination,
    /// throws `.duplicateIdempotencyKey`. (The document is not compared: a front door stores each
    /// upload under a new name. It can call `job(idempotencyKey:)` first to skip storing it.)
    public func submit(_ submission: FaxSubmission) async throws(SpoolError) -> FaxJob {
        try validate(submission)
        let now = self.now
        return try await write { db in
            if let key = submission.idempotencyKey,
               let existing = try FaxJob.filter(sql: "coalesce(tenant_id, '') = ? AND idempotency_key = ?",
                                                arguments: [submission.tenantID ?? "", key]).fetchOne(db) {
                guard existing.toNumber == submission.to.text else {
                    throw SpoolError.duplicateIdempotencyKey(key, existing: existing.id)
                }
                return existing
            }
            return try self.insertOutbound(db, submission, now: now, resubmittedFrom: nil, reason: "submitted")
        }
    }

    /// The job submitted with this idempotency key, if any.
    public func job(idempotencyKey key: String, tenantID: String? = nil) async throws(SpoolError) -> FaxJob? {
        try await read { db in
            try FaxJob.filter(sql: "coalesce(tenant_id, '') = ? AND idempotency_key = ?", arguments: [tenantID ?? "", key]).fetchOne(db)
        }
    }

    /// A new job that sends `id`'s document again, to the same destination unless `to` is given.
    /// The new job never shares a file with the old one: `documentPath` is its own copy of the
    /// document (made by the caller, e.g. `DocumentStore.duplicate`), and it has no transmitted file
    /// yet — it is converted afresh, so its page headers carry its own recipient and date. Deleting
    /// either job (or its document) leaves the other's files alone. The old job is left as it is.
    public func resubmit(_ id: JobID, to: E164Number? = nil, documentPath: String) async throws(SpoolError) -> FaxJob {
        let now = self.now
        let lifetime = configuration.defaultLifetime
        return try await write { db in
            let old = try db.job(id)
            guard old.direction == .outbound, old.documentPath != nil else {
                throw SpoolError.invalidRequest("job \(id) has no document to resubmit")
            }
            guard try !db.isReferenced(documentPath, exceptJob: nil) else {
                throw SpoolError.invalidRequest("a resubmitted fax needs its own copy of the document")
            }
            let destination: E164Number
            do { destination = try to ?? E164Number(old.toNumber) } catch { throw SpoolError.invalidNumber(old.toNumber) }
            let submission = FaxSubmission(
                to: destination, from: try? E164Number(old.fromNumber), documentPath: documentPath, transmitPath: nil,
                pageCount: nil, priority: old.priority, maxAttempts: old.maxAttempts,
                killAt: lifetime.map { now.addingTimeInterval($0) }, options: old.options,
                tenantID: old.tenantID, faxboxID: old.faxboxID)
            try self.validate(submission)
            return try self.insertOutbound(db, submission, now: now, resubmittedFrom: id, reason: "resubmitted from \(id)")
        }
    }

    func validate(_ submission: FaxSubmission) throws(SpoolError) {
        guard submission.maxAttempts >= 1 else { throw .invalidRequest("maxAttempts must be at least 1") }
        guard !submission.documentPath.isEmpty else { throw .invalidRequest("no document") }
        if let pages = submission.pageCount, pages < 1 { throw .invalidRequest("pageCount must be at least 1") }
        if let key = submission.idempotencyKey, key.isEmpty || key.utf8.count > 255 {
            throw .invalidRequest("an idempotency key has 1–255 bytes")
        }
    }

    func insertOutbound(_ db: Database, _ s: FaxSubmission, now: Date, resubmittedFrom: JobID?, reason: String) throws -> FaxJob {
        let due = s.sendAt.map { max($0, now) } ?? now
        let state: JobState = due > now ? .scheduled : .queued
        let job = FaxJob(
            id: newID(at: now), direction: .outbound, state: state, toNumber: s.to.text, fromNumber: s.from?.text ?? "",
            priority: s.priority, maxAttempts: s.maxAttempts, attemptsMade: 0, pagesTotal: s.pageCount, pagesConfirmed: 0,
            sendAt: s.sendAt, killAt: s.killAt ?? configuration.defaultLifetime.map { due.addingTimeInterval($0) },
            nextAttemptAt: due, cancelRequested: false, recoveries: 0,
            documentPath: s.documentPath, transmitPath: s.transmitPath, receivedPath: nil, options: s.options,
            idempotencyKey: s.idempotencyKey, tenantID: s.tenantID, faxboxID: s.faxboxID, resubmittedFrom: resubmittedFrom,
            createdAt: now, updatedAt: now, lastCompletion: nil)
        if let box = s.faxboxID { _ = try db.faxbox(box) }
        try job.insert(db)
        try db.recordEvent(job: job.id, from: nil, to: state, reason: reason, attempt: nil, code: nil, at: now)
        if let url = s.callbackURL {
            try db.execute(sql: """
                INSERT INTO webhooks (id, url, description, secret, tenant_id, kind, job_id, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, 'callback', ?, ?, ?)
                """, arguments: ["wh_cb_\(job.id)", url, "callback_url of fax \(job.id)", try db.callbackSecret(), s.tenantID, job.id,
                                 now.spoolMillis, now.spoolMillis])
        }
        let stored = try db.job(job.id)
        try db.recordNotification(OutboxNotification.type(of: stored, from: nil), job: stored, at: now)
        return stored
    }
}
