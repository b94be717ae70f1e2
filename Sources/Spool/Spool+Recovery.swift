// Spool+Recovery: after a crash, jobs a modem owned are never lost and never sent twice.
//   - outbound, every page confirmed (pagesConfirmed ≥ pagesTotal) → sent;
//   - outbound otherwise → queued, due now, confirmed pages kept (the next attempt starts after
//     them); the interrupted attempt is closed with code 5300 and not charged — unless restarts
//     interrupted the job `maxRecoveries` times, then → failed (partial if pages were confirmed);
//   - outbound with a cancel requested → cancelled;
//   - inbound → received if any page arrived, else failed.

import FaxOutcome
import Foundation
import GRDB

extension Spool {
    /// Recovers jobs left on a call by a process that died; returns them in their new state.
    /// `init` runs this when `configuration.recoverOnOpen`.
    @discardableResult
    public func recoverInterruptedJobs() async throws(SpoolError) -> [FaxJob] {
        let now = self.now
        let maxRecoveries = configuration.maxRecoveries
        return try await write { db in
            let inCall = JobState.sqlList([.dialing, .sending, .receiving])
            var recovered: [FaxJob] = []
            for var job in try FaxJob.fetchAll(db, sql: "SELECT * FROM jobs WHERE state IN (\(inCall)) ORDER BY id") {
                let attempt = try db.openAttemptIfAny(job.id)
                let interrupted = FaxCompletion.interruptedByRestart
                if let attempt {
                    let pagesThisCall = max(0, job.pagesConfirmed - (attempt.firstPage - 1))
                    try db.closeAttempt(attempt, result: FaxSessionResult(completion: interrupted, pagesTransferred: pagesThisCall), at: now)
                }
                let number = attempt?.number
                if job.direction == .inbound {
                    let delivered = job.pagesConfirmed > 0
                    try db.move(&job, .recover(delivered: delivered), reason: "recovered after restart", at: now, attempt: number, completion: interrupted) {
                        $0.pagesTotal = $0.pagesConfirmed
                    }
                } else if let total = job.pagesTotal, job.pagesConfirmed >= total, job.state == .sending {
                    try db.move(&job, .recover(delivered: true), reason: "recovered after restart: every page was confirmed", at: now,
                                attempt: number, completion: .ok)
                } else if job.cancelRequested {
                    try db.move(&job, .finish(.cancelled), reason: "recovered after restart: cancel had been requested", at: now,
                                attempt: number, completion: .cancelled) {
                        $0.cancelRequested = false
                    }
                } else if job.recoveries + 1 >= maxRecoveries {
                    try db.move(&job, .finish(job.pagesConfirmed > 0 ? .partial : .failed),
                                reason: "recovered after restart: restarts interrupted this job \(job.recoveries + 1) times",
                                at: now, attempt: number, completion: .tooManyRestarts) {
                        $0.recoveries += 1
                        $0.nextAttemptAt = nil
                    }
                } else {
                    try db.move(&job, .recover(delivered: false), reason: "recovered after restart", at: now, attempt: number, completion: interrupted) {
                        $0.recoveries += 1
                        $0.attemptsMade = max(0, $0.attemptsMade - 1)
                        $0.nextAttemptAt = now
                        $0.cancelRequested = false
                    }
                }
                recovered.append(job)
            }
            return recovered
        }
    }
}
