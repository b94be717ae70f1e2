// JobStore: the few database steps every operation shares — fetch a job, move it through the state
// machine and record the event in the same transaction, open and close attempts.

import FaxOutcome
import Foundation
import GRDB

extension Database {
    func job(_ id: JobID) throws -> FaxJob {
        guard let job = try FaxJob.fetchOne(self, key: id) else { throw SpoolError.notFound(id) }
        return job
    }

    /// Applies `transition` to `job` (after `changes` to its other fields), saves it and records the event.
    @discardableResult
    func move(_ job: inout FaxJob, _ transition: JobTransition, reason: String, at now: Date,
              attempt: Int? = nil, completion: FaxCompletion? = nil, notification: String? = nil,
              changes: (inout FaxJob) -> Void = { _ in }) throws -> JobEvent {
        let from = job.state
        let to = try from.applying(transition)
        changes(&job)
        job.state = to
        job.updatedAt = now
        if let completion { job.lastCompletion = completion }
        try job.update(self)
        let event = try recordEvent(job: job.id, from: from, to: to, reason: reason, attempt: attempt, code: completion?.code, at: now)
        try recordNotification(notification ?? OutboxNotification.type(of: job, from: from), job: job, at: now)
        return event
    }

    @discardableResult
    func recordEvent(job: JobID, from: JobState?, to: JobState, reason: String, attempt: Int?, code: Int?, at now: Date) throws -> JobEvent {
        try execute(
            sql: "INSERT INTO events (job_id, from_state, to_state, reason, attempt, completion_code, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            arguments: [job, from?.rawValue, to.rawValue, reason, attempt, code, now.spoolMillis])
        return JobEvent(sequence: lastInsertedRowID, jobID: job, from: from, to: to, reason: reason,
                        attempt: attempt, completionCode: code, at: Date(spoolMillis: now.spoolMillis))
    }

    /// The job's attempt in progress.
    func openAttempt(_ id: JobID) throws -> FaxAttempt {
        guard let attempt = try openAttemptIfAny(id) else { throw SpoolError.noAttemptInProgress(id) }
        return attempt
    }

    func openAttemptIfAny(_ id: JobID) throws -> FaxAttempt? {
        try FaxAttempt.filter(sql: "job_id = ? AND ended_at IS NULL", arguments: [id]).order(sql: "number DESC").fetchOne(self)
    }

    func closeAttempt(_ attempt: FaxAttempt, result: FaxSessionResult, at now: Date) throws {
        var ended = attempt
        ended.endedAt = now
        ended.result = result
        try ended.update(self)
    }
}
