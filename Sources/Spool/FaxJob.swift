// FaxJob: one fax, sent or received — a row of the `jobs` table.

import FaxOutcome
import Foundation
import GRDB

public struct FaxJob: Sendable, Hashable, Codable, Identifiable {
    public var id: JobID
    public var direction: JobDirection
    public var state: JobState
    public var toNumber: String
    public var fromNumber: String
    public var priority: Int
    public var maxAttempts: Int
    /// Attempts started and charged (an attempt interrupted by a restart is not charged).
    public var attemptsMade: Int
    /// Pages in the transmitted document (outbound), when known.
    public var pagesTotal: Int?
    /// Pages the far end confirmed (outbound) or pages received (inbound), over all attempts.
    public var pagesConfirmed: Int
    public var sendAt: Date?
    public var killAt: Date?
    /// When a waiting job becomes due.
    public var nextAttemptAt: Date?
    /// Cancel was asked for during a call; the modem owner should hang up.
    public var cancelRequested: Bool
    /// Times a restart interrupted this job's call.
    public var recoveries: Int
    public var documentPath: String?
    public var transmitPath: String?
    public var receivedPath: String?
    public var options: JobOptions
    public var idempotencyKey: String?
    public var tenantID: String?
    public var faxboxID: String?
    /// The job this one was resubmitted from.
    public var resubmittedFrom: JobID?
    public var createdAt: Date
    public var updatedAt: Date
    /// How the last attempt (or the job) ended.
    public var lastCompletion: FaxCompletion?

    /// The page the next (or current) attempt starts at: pages already confirmed are not resent.
    public var firstPageToSend: Int { pagesConfirmed + 1 }
}

extension FaxJob: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "jobs"

    public init(row: Row) throws {
        id = row["id"]
        guard let direction = JobDirection(rawValue: row["direction"]), let state = JobState(rawValue: row["state"]) else {
            throw SpoolError.storage("job \(id) has an unknown direction or state (a newer schema?)")
        }
        self.direction = direction
        self.state = state
        toNumber = row["to_number"]
        fromNumber = row["from_number"]
        priority = row["priority"]
        maxAttempts = row["max_attempts"]
        attemptsMade = row["attempts_made"]
        pagesTotal = row["pages_total"]
        pagesConfirmed = row["pages_confirmed"]
        sendAt = (row["send_at"] as Int64?).map(Date.init(spoolMillis:))
        killAt = (row["kill_at"] as Int64?).map(Date.init(spoolMillis:))
        nextAttemptAt = (row["next_attempt_at"] as Int64?).map(Date.init(spoolMillis:))
        cancelRequested = row["cancel_requested"]
        recoveries = row["recoveries"]
        documentPath = row["document_path"]
        transmitPath = row["transmit_path"]
        receivedPath = row["received_path"]
        let optionsJSON: String = row["options"]
        options = (try? JSONDecoder().decode(JobOptions.self, from: Data(optionsJSON.utf8))) ?? JobOptions()
        idempotencyKey = row["idempotency_key"]
        tenantID = row["tenant_id"]
        faxboxID = row["faxbox_id"]
        resubmittedFrom = row["resubmitted_from"]
        createdAt = Date(spoolMillis: row["created_at"])
        updatedAt = Date(spoolMillis: row["updated_at"])
        if let code: Int = row["completion_code"] {
            lastCompletion = FaxCompletion(code: code, description: row["completion_description"] ?? "")
        }
    }

    public func encode(to container: inout PersistenceContainer) throws {
        container["id"] = id
        container["direction"] = direction.rawValue
        container["state"] = state.rawValue
        container["to_number"] = toNumber
        container["from_number"] = fromNumber
        container["priority"] = priority
        container["max_attempts"] = maxAttempts
        container["attempts_made"] = attemptsMade
        container["pages_total"] = pagesTotal
        container["pages_confirmed"] = pagesConfirmed
        container["send_at"] = sendAt.spoolMillis
        container["kill_at"] = killAt.spoolMillis
        container["next_attempt_at"] = nextAttemptAt.spoolMillis
        container["cancel_requested"] = cancelRequested
        container["recoveries"] = recoveries
        container["document_path"] = documentPath
        container["transmit_path"] = transmitPath
        container["received_path"] = receivedPath
        container["options"] = String(decoding: try JSONEncoder().encode(options), as: UTF8.self)
        container["idempotency_key"] = idempotencyKey
        container["tenant_id"] = tenantID
        container["faxbox_id"] = faxboxID
        container["resubmitted_from"] = resubmittedFrom
        container["created_at"] = createdAt.spoolMillis
        container["updated_at"] = updatedAt.spoolMillis
        container["completion_code"] = lastCompletion?.code
        container["completion_description"] = lastCompletion?.description
    }
}
