// JobEvent: one recorded state change, numbered by a global sequence that only goes up — what
// webhooks and "events since N" feeds read. A row of the `events` table.

import Foundation
import GRDB

public struct JobEvent: Sendable, Hashable, Codable {
    /// Global, strictly increasing, never reused.
    public var sequence: Int64
    public var jobID: JobID
    /// nil for the event that created the job.
    public var from: JobState?
    public var to: JobState
    public var reason: String
    /// The attempt the change belongs to, if any.
    public var attempt: Int?
    /// The completion code that caused it, if any.
    public var completionCode: Int?
    public var at: Date
}

extension JobEvent: FetchableRecord {
    public init(row: Row) throws {
        sequence = row["seq"]
        jobID = row["job_id"]
        from = (row["from_state"] as String?).flatMap(JobState.init(rawValue:))
        guard let to = JobState(rawValue: row["to_state"]) else {
            throw SpoolError.storage("event \(sequence) has an unknown state (a newer schema?)")
        }
        self.to = to
        reason = row["reason"]
        attempt = row["attempt"]
        completionCode = row["completion_code"]
        at = Date(spoolMillis: row["at"])
    }
}
