// Spool+Claim: a free modem takes the next due outbound job. Atomic (one IMMEDIATE transaction:
// two claimers never get the same job); at most one call per destination number at a time;
// higher priority first, then oldest. Jobs past their kill time fail here instead of being dialed.

import Foundation
import GRDB

extension Spool {
    /// Claims the next due job for `modem`: moves it to `dialing`, opens attempt
    /// `job.attemptsMade`, starting at page `job.firstPageToSend`. nil when nothing is due.
    /// With `groups`, only jobs that name no modem group or one of these are taken.
    public func claimNext(modem: String, groups: [String]? = nil) async throws(SpoolError) -> FaxJob? {
        let now = self.now
        var groupClause = ""
        var arguments: StatementArguments = [now.spoolMillis]
        if let groups {
            let marks = groups.map { _ in "?" }.joined(separator: ",")
            groupClause = "AND (json_extract(options, '$.modemGroup') IS NULL OR json_extract(options, '$.modemGroup') IN (\(marks.isEmpty ? "NULL" : marks)))"
            _ = arguments.append(contentsOf: StatementArguments(groups))
        }
        let frozen = arguments
        let groupFilter = groupClause
        return try await write { db in
            if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM attempts WHERE modem = ? AND ended_at IS NULL)", arguments: [modem]) == true {
                throw SpoolError.modemBusy(modem)
            }
            try self.expireOverdue(db, now: now)
            // The WHERE terms repeat the partial index jobs_claim_order's, so SQLite uses it.
            guard var job = try FaxJob.fetchOne(db, sql: """
                SELECT * FROM jobs INDEXED BY jobs_claim_order
                WHERE direction = 'outbound' AND state IN ('queued', 'scheduled', 'retry_wait') AND next_attempt_at <= ?
                  AND to_number NOT IN (SELECT to_number FROM jobs WHERE state IN ('dialing', 'sending'))
                  \(groupFilter)
                ORDER BY priority DESC, id
                LIMIT 1
                """, arguments: frozen) else { return nil }
            let number = (try Int.fetchOne(db, sql: "SELECT max(number) FROM attempts WHERE job_id = ?", arguments: [job.id]) ?? 0) + 1
            try db.move(&job, .dial, reason: "attempt \(number) on \(modem)", at: now, attempt: number) {
                $0.attemptsMade += 1
                $0.nextAttemptAt = nil
            }
            let attempt = FaxAttempt(jobID: job.id, number: number, modem: modem, startedAt: now, endedAt: nil,
                                     firstPage: job.firstPageToSend, result: nil)
            try attempt.insert(db)
            return job
        }
    }

    /// Fails every waiting or held job whose kill time has passed.
    func expireOverdue(_ db: Database, now: Date) throws {
        let states = JobState.sqlList([.queued, .scheduled, .retryWait, .held])
        let overdue = try FaxJob.fetchAll(db, sql: "SELECT * FROM jobs INDEXED BY jobs_kill WHERE kill_at <= ? AND state IN (\(states))",
                                          arguments: [now.spoolMillis])
        for var job in overdue {
            try db.move(&job, .expire, reason: "kill time reached", at: now, completion: job.lastCompletion ?? .killTimeReached) {
                $0.nextAttemptAt = nil
            }
        }
    }
}
