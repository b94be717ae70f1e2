// AttemptDecision: what a finished outbound call means for its job — sent, partial, failed, cancelled,
// or another attempt at a computed time. Pure: the spool feeds it the job and the call's result.
//
// Partial progress: pages the far end confirmed are never sent again. The job keeps
// `pagesConfirmed`; the next attempt starts at page `pagesConfirmed + 1`. A job whose attempts run
// out with some pages confirmed ends `partial`, not `failed`.

import FaxOutcome
import Foundation

public struct AttemptDecision: Sendable, Hashable {
    public var outcome: AttemptOutcome
    /// When the next attempt is due (only for `.retry`).
    public var nextAttemptAt: Date?
    /// Pages confirmed over all attempts, after this one.
    public var pagesConfirmed: Int
    /// The retry rule that applied to the failure (nil on success or cancel).
    public var rule: String?
    /// Whether the attempt counts against `maxAttempts` (not for local modem or line faults).
    public var charged = true

    /// - Parameters:
    ///   - job: the job as it was during the call (attempt `job.attemptsMade` is the one that ended).
    ///   - result: what the call produced; `pagesTransferred` counts this attempt's pages, which
    ///     started at page `firstPage`.
    public static func decide(job: FaxJob, firstPage: Int, result: FaxSessionResult, now: Date, policy: RetryPolicy) -> AttemptDecision {
        let confirmed = max(job.pagesConfirmed, firstPage - 1 + result.pagesTransferred)
        let total = job.pagesTotal ?? result.pagesInDocument.map { firstPage - 1 + $0 }
        let allConfirmed = total.map { $0 > 0 && confirmed >= $0 } ?? false

        // The far end confirmed everything: sent, whatever happened after the last page.
        if result.isSuccess || allConfirmed {
            return AttemptDecision(outcome: .sent, nextAttemptAt: nil, pagesConfirmed: confirmed, rule: nil)
        }
        let endedBadly: AttemptOutcome = confirmed > 0 ? .partial : .failed
        if job.cancelRequested || result.completion.code == FaxCompletion.cancelled.code {
            return AttemptDecision(outcome: .cancelled, nextAttemptAt: nil, pagesConfirmed: confirmed, rule: nil)
        }
        let rule = policy.rule(for: result.completion.code)
        let charged = rule.chargesAttempt
        let counted = charged ? job.attemptsMade : job.attemptsMade - 1
        guard counted < job.maxAttempts, let delay = rule.delay(afterAttempt: max(1, counted)) else {
            return AttemptDecision(outcome: endedBadly, nextAttemptAt: nil, pagesConfirmed: confirmed, rule: rule.name, charged: charged)
        }
        let next = now.addingTimeInterval(delay)
        if let kill = job.killAt, next >= kill {
            return AttemptDecision(outcome: endedBadly, nextAttemptAt: nil, pagesConfirmed: confirmed, rule: rule.name, charged: charged)
        }
        return AttemptDecision(outcome: .retry, nextAttemptAt: next, pagesConfirmed: confirmed, rule: rule.name, charged: charged)
    }
}
