// FaxAttempt: one call made (or received) for a job, with everything the call produced — a row of
// the `attempts` table. Every attempt is kept, not only the last.

import FaxOutcome
import Foundation
import GRDB

public struct FaxAttempt: Sendable, Hashable, Codable {
    public var jobID: JobID
    /// 1, 2, … within the job.
    public var number: Int
    public var modem: String
    public var startedAt: Date
    public var endedAt: Date?
    /// The document page this attempt started at (pages before it were confirmed earlier).
    public var firstPage: Int
    /// The call's full result; nil while the call is in progress.
    public var result: FaxSessionResult?
}

extension FaxAttempt: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "attempts"

    public init(row: Row) throws {
        jobID = row["job_id"]
        number = row["number"]
        modem = row["modem"]
        startedAt = Date(spoolMillis: row["started_at"])
        endedAt = (row["ended_at"] as Int64?).map(Date.init(spoolMillis:))
        firstPage = row["first_page"]
        if let code: Int = row["completion_code"] {
            let logJSON: String = row["session_log"] ?? "[]"
            result = FaxSessionResult(
                completion: FaxCompletion(code: code, description: row["completion_description"] ?? ""),
                pagesTransferred: row["pages_transferred"],
                pagesInDocument: row["pages_in_document"],
                badRows: row["bad_rows"],
                remoteIdentity: row["remote_identity"],
                bitRate: row["bit_rate"],
                errorCorrection: row["error_correction"],
                compression: row["compression"],
                lineSeconds: row["line_seconds"],
                sessionLog: (try? JSONDecoder().decode([SessionLogEntry].self, from: Data(logJSON.utf8))) ?? []
            )
        }
    }

    public func encode(to container: inout PersistenceContainer) throws {
        container["job_id"] = jobID
        container["number"] = number
        container["modem"] = modem
        container["started_at"] = startedAt.spoolMillis
        container["ended_at"] = endedAt.spoolMillis
        container["first_page"] = firstPage
        container["completion_code"] = result?.completion.code
        container["completion_description"] = result?.completion.description
        container["pages_transferred"] = result?.pagesTransferred ?? 0
        container["pages_in_document"] = result?.pagesInDocument
        container["bad_rows"] = result?.badRows ?? 0
        container["remote_identity"] = result?.remoteIdentity ?? ""
        container["bit_rate"] = result?.bitRate ?? 0
        container["error_correction"] = result?.errorCorrection ?? false
        container["compression"] = result?.compression ?? ""
        container["line_seconds"] = result?.lineSeconds ?? 0
        container["session_log"] = try result.map { String(decoding: try JSONEncoder().encode($0.sessionLog), as: UTF8.self) }
    }
}
