// Spool+Attempt: what the modem owner reports during and after an outbound call — connected,
// each page the far end confirmed (so a crash never causes a confirmed page to be sent again),
// and the call's result, which decides sent / partial / retry_wait / failed / cancelled.

import FaxOutcome
import Foundation
import GRDB

extension Spool {
    /// The call connected: dialing → sending. Harmless if already sending.
    @discardableResult
    public func recordCallConnected(_ id: JobID) async throws(SpoolError) -> FaxJob {
        let now = self.now
        return try await write { db in
            var job = try db.job(id)
            if job.state == .dialing {
                let attempt = try db.openAttempt(id)
                try db.move(&job, .connect, reason: "call connected", at: now, attempt: attempt.number)
            } else if job.state != .sending {
                throw SpoolError.invalidTransition(from: job.state, by: .connect)
            }
            return job
        }
    }

    /// The far end confirmed page `page` (1-based, counted in the whole document; inbound: page
    /// `page` arrived). Pages are confirmed in order, so pages 1…`page` are done.
    @discardableResult
    public func recordPageConfirmed(_ id: JobID, page: Int) async throws(SpoolError) -> FaxJob {
        guard page >= 1 else { throw .invalidRequest("pages are numbered from 1") }
        let now = self.now
        return try await write { db in
            var job = try db.job(id)
            guard job.state.isInCall else { throw SpoolError.noAttemptInProgress(id) }
            if let total = job.pagesTotal, job.direction == .outbound, page > total {
                throw SpoolError.invalidRequest("page \(page) of a \(total)-page document")
            }
            if job.state == .dialing {
                let attempt = try db.openAttempt(id)
                try db.move(&job, .connect, reason: "call connected", at: now, attempt: attempt.number)
            }
            if page > job.pagesConfirmed {
                job.pagesConfirmed = page
                job.updatedAt = now
                try job.update(db)
                try db.recordNotification(job.direction == .inbound ? "fax.inbound.page_received" : "fax.page_confirmed", job: job, at: now)
            }
            return job
        }
    }

    /// The outbound call ended with `result`. Returns the job in its new state: `sent`, `partial`,
    /// `failed`, `cancelled`, or `retry_wait` with `nextAttemptAt` set by the retry policy.
    @discardableResult
    public func finishAttempt(_ id: JobID, result: FaxSessionResult) async throws(SpoolError) -> FaxJob {
        let now = self.now
        let policy = configuration.retryPolicy
        return try await write { db in
            var job = try db.job(id)
            guard job.direction == .outbound, job.state == .dialing || job.state == .sending else {
                throw SpoolError.noAttemptInProgress(id)
            }
            let attempt = try db.openAttempt(id)
            try db.closeAttempt(attempt, result: result, at: now)
            let decision = AttemptDecision.decide(job: job, firstPage: attempt.firstPage, result: result, now: now, policy: policy)
            if job.pagesTotal == nil, let inDocument = result.pagesInDocument {
                job.pagesTotal = attempt.firstPage - 1 + inDocument
            }
            // A call that confirmed pages was connected, even if nobody said so.
            if job.state == .dialing, result.isSuccess || result.pagesTransferred > 0 {
                try db.move(&job, .connect, reason: "call connected", at: now, attempt: attempt.number)
            }
            let reason = Self.reason(decision, result: result, attempt: attempt.number)
            try db.move(&job, .finish(decision.outcome), reason: reason, at: now, attempt: attempt.number, completion: result.completion) {
                $0.pagesConfirmed = decision.pagesConfirmed
                $0.nextAttemptAt = decision.nextAttemptAt
                $0.cancelRequested = false
                if !decision.charged { $0.attemptsMade = max(0, $0.attemptsMade - 1) }
            }
            return job
        }
    }

    static func reason(_ decision: AttemptDecision, result: FaxSessionResult, attempt: Int) -> String {
        let cause = "\(result.completion.code) \(result.completion.description)"
        switch decision.outcome {
        case .sent: return "attempt \(attempt): sent"
        case .cancelled: return "attempt \(attempt): cancelled during the call"
        case .retry: return "attempt \(attempt): \(cause); retry (\(decision.rule ?? ""))"
        case .failed, .partial:
            return "attempt \(attempt): \(cause); no retry (\(decision.rule ?? ""))"
        }
    }
}
