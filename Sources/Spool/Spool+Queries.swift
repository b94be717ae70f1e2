// Spool+Queries: reading the spool back — one job, a filtered page of jobs, a job's attempts, and
// the event feed after a sequence number.

import Foundation
import GRDB

extension Spool {
    public func job(_ id: JobID) async throws(SpoolError) -> FaxJob {
        try await read { db in try db.job(id) }
    }

    public func list(_ query: JobQuery = JobQuery()) async throws(SpoolError) -> JobPage {
        guard query.limit >= 1, query.limit <= 1000 else { throw .invalidRequest("limit is 1–1000") }
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let cursor = query.cursor {
            guard let after = PageCursor.decode(cursor) else { throw .invalidRequest("bad cursor") }
            conditions.append("id < ?")
            _ = arguments.append(contentsOf: [after])
        }
        if !query.states.isEmpty { conditions.append("state IN (\(JobState.sqlList(query.states)))") }
        if let direction = query.direction {
            conditions.append("direction = ?")
            _ = arguments.append(contentsOf: [direction.rawValue])
        }
        if let number = query.number {
            conditions.append("(to_number = ? OR from_number = ?)")
            _ = arguments.append(contentsOf: [number, number])
        }
        if let since = query.since {
            conditions.append("created_at >= ?")
            _ = arguments.append(contentsOf: [since.spoolMillis])
        }
        if let tenant = query.tenantID {
            conditions.append("tenant_id = ?")
            _ = arguments.append(contentsOf: [tenant])
        }
        if let box = query.faxboxID {
            conditions.append("faxbox_id = ?")
            _ = arguments.append(contentsOf: [box])
        }
        if !query.ids.isEmpty {
            guard query.ids.count <= 1000 else { throw .invalidRequest("at most 1000 ids") }
            conditions.append("id IN (\(Array(repeating: "?", count: query.ids.count).joined(separator: ",")))")
            _ = arguments.append(contentsOf: StatementArguments(query.ids))
        }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let sql = "SELECT * FROM jobs \(whereClause) ORDER BY id DESC LIMIT \(query.limit + 1)"
        let frozen = arguments
        let rows = try await read { db in try FaxJob.fetchAll(db, sql: sql, arguments: frozen) }
        let page = Array(rows.prefix(query.limit))
        let more = rows.count > query.limit
        return JobPage(jobs: page, nextCursor: more ? page.last.map { PageCursor.encode(after: $0.id) } : nil)
    }

    /// Every attempt of a job, first first.
    public func attempts(_ id: JobID) async throws(SpoolError) -> [FaxAttempt] {
        try await read { db in
            _ = try db.job(id)
            return try FaxAttempt.filter(sql: "job_id = ?", arguments: [id]).order(sql: "number").fetchAll(db)
        }
    }

    /// Events with a sequence number above `sequence`, in order (optionally of one job).
    public func events(after sequence: Int64 = 0, job: JobID? = nil, limit: Int = 1000) async throws(SpoolError) -> [JobEvent] {
        try await read { db in
            if let job {
                return try JobEvent.fetchAll(db, sql: "SELECT * FROM events WHERE seq > ? AND job_id = ? ORDER BY seq LIMIT ?",
                                             arguments: [sequence, job, limit])
            }
            return try JobEvent.fetchAll(db, sql: "SELECT * FROM events WHERE seq > ? ORDER BY seq LIMIT ?", arguments: [sequence, limit])
        }
    }
}
