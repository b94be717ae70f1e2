// Spool+Batch: many submissions in one transaction — one fsync'd commit for a whole batch of
// concurrent API requests (group commit), each item accepted or refused on its own, with the
// same validation and idempotency rules as `submit`.

import Foundation
import GRDB

extension Spool {
    /// Queues every valid submission in one commit; a result per submission, in order.
    public func submit(batch: [FaxSubmission]) async throws(SpoolError) -> [Result<FaxJob, SpoolError>] {
        let checked = batch.map { submission -> Result<FaxSubmission, SpoolError> in
            do throws(SpoolError) {
                try validate(submission)
                return .success(submission)
            } catch {
                return .failure(error)
            }
        }
        let now = self.now
        return try await write { db in
            var keysInBatch: [String: FaxJob] = [:]
            return try checked.map { item -> Result<FaxJob, SpoolError> in
                let submission: FaxSubmission
                switch item {
                case .failure(let error): return .failure(error)
                case .success(let valid): submission = valid
                }
                if let key = submission.idempotencyKey {
                    let scoped = (submission.tenantID ?? "") + "\u{0}" + key
                    let existing = try keysInBatch[scoped] ?? FaxJob.filter(sql: "coalesce(tenant_id, '') = ? AND idempotency_key = ?",
                                                                             arguments: [submission.tenantID ?? "", key]).fetchOne(db)
                    if let existing {
                        return existing.toNumber == submission.to.text
                            ? .success(existing) : .failure(.duplicateIdempotencyKey(key, existing: existing.id))
                    }
                    let job = try self.insertOutbound(db, submission, now: now, resubmittedFrom: nil, reason: "submitted")
                    keysInBatch[scoped] = job
                    return .success(job)
                }
                return .success(try self.insertOutbound(db, submission, now: now, resubmittedFrom: nil, reason: "submitted"))
            }
        }
    }
}
