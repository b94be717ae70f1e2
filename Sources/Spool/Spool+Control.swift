// Spool+Control: what a person does to a job — hold, resume, cancel (at any time: mid-call it
// raises `cancelRequested` for the modem owner, and the job ends cancelled when the call does),
// and manual retry (exactly one more attempt).

import Foundation
import GRDB

extension Spool {
    /// Pauses a job that has not started its next attempt.
    @discardableResult
    public func hold(_ id: JobID) async throws(SpoolError) -> FaxJob {
        let now = self.now
        return try await write { db in
            var job = try db.job(id)
            try db.move(&job, .hold, reason: "held", at: now)
            return job
        }
    }

    /// Resumes a held job: queued if due, scheduled if its send or retry time is still to come.
    @discardableResult
    public func resume(_ id: JobID) async throws(SpoolError) -> FaxJob {
        let now = self.now
        return try await write { db in
            var job = try db.job(id)
            let due = (job.nextAttemptAt ?? now) <= now
            try db.move(&job, .resume(due: due), reason: "resumed", at: now) {
                $0.nextAttemptAt = max($0.nextAttemptAt ?? now, now)
            }
            return job
        }
    }

    /// Cancels a job. Before a call: cancelled at once. During a call: `cancelRequested` is set
    /// (the modem owner polls `job.cancelRequested` and hangs up) and the job ends `cancelled`
    /// when `finishAttempt` is called — unless the far end had already confirmed every page.
    @discardableResult
    public func cancel(_ id: JobID) async throws(SpoolError) -> FaxJob {
        let now = self.now
        return try await write { db in
            var job = try db.job(id)
            if job.state.isInCall {
                if !job.cancelRequested {
                    job.cancelRequested = true
                    job.updatedAt = now
                    try job.update(db)
                    try db.recordEvent(job: id, from: job.state, to: job.state, reason: "cancel requested during the call",
                                       attempt: job.attemptsMade, code: nil, at: now)
                }
                return job
            }
            try db.move(&job, .cancel, reason: "cancelled", at: now, completion: .cancelled) {
                $0.nextAttemptAt = nil
            }
            return job
        }
    }

    /// After `failed` or `partial`: exactly one more attempt, now, with nothing else changed
    /// (pages already confirmed are not sent again).
    @discardableResult
    public func retry(_ id: JobID) async throws(SpoolError) -> FaxJob {
        let now = self.now
        return try await write { db in
            var job = try db.job(id)
            try db.move(&job, .retry, reason: "manual retry: one more attempt", at: now) {
                $0.maxAttempts = $0.attemptsMade + 1
                $0.nextAttemptAt = now
                if let kill = $0.killAt, kill <= now { $0.killAt = nil }
            }
            return job
        }
    }
}
