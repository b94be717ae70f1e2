// FaxServerContext+Jobs: the job operations that touch files as well as the spool — what the front
// doors call instead of the spool's own methods. A resubmit gets its own copy of the document
// and is converted afresh; deleting a fax removes everything of it (its private document or inbox
// folder with every file in it, and its session logs); deleting its document removes the folder
// but keeps the record. A file another job still refers to is never removed.

import E164
import Foundation
import Logging
import Spool

extension FaxServerContext {
    /// A new fax from `id`'s document (to `to`, or the same number), with its own copy of the
    /// document and nothing converted yet: its page headers will name its own recipient and date.
    public func resubmit(_ id: JobID, to: E164Number? = nil) async throws -> FaxJob {
        let old = try await spool.job(id)
        guard old.direction == .outbound, let original = old.documentPath else {
            throw SpoolError.invalidRequest("job \(id) has no document to resubmit")
        }
        let documents = self.documents
        let copy: String
        do {
            copy = try await OffPool.run { try documents.duplicate(original) }
        } catch let error as POSIXError where error.code == .ENOENT {
            throw SpoolError.invalidRequest("job \(id) has no document to resubmit")
        } catch {
            throw SpoolError.storage("cannot copy the document: \(error)")
        }
        do {
            return try await spool.resubmit(id, to: to, documentPath: copy)
        } catch {
            documents.remove(copy)
            throw error
        }
    }

    /// Deletes the fax and every file of it.
    @discardableResult
    public func deleteJob(_ id: JobID) async throws -> FaxJob {
        let files = self.files
        let job = try await spool.deleteJob(id, release: { try files.release($0) })
        do { try files.removeLogs(of: id) } catch { throw SpoolError.storage("cannot remove the session logs: \(error)") }
        return job
    }

    /// Deletes the fax's document files (its whole private folder); the record stays.
    @discardableResult
    public func deleteDocuments(_ id: JobID) async throws -> FaxJob {
        let files = self.files
        return try await spool.deleteDocuments(id, release: { try files.release($0) })
    }

    /// Start-up: removes files and folders no job refers to (see `SpoolFiles.sweepOrphans`).
    @discardableResult
    public func sweepOrphanFiles(logger: Logger? = nil) async throws -> [String] {
        try await files.sweepOrphans(spool: spool, logger: logger)
    }
}
