// Spool+Cleanup: deleting documents (keeping the record, for privacy and retention) and deleting
// whole jobs. Neither is allowed while a modem is using the job.

import Foundation
import GRDB

extension Spool {
    /// Deletes the job's document files and forgets their paths; the job, attempts and events stay.
    @discardableResult
    public func deleteDocuments(_ id: JobID) async throws(SpoolError) -> FaxJob {
        let now = self.now
        let (job, files) = try await write { db in
            var job = try db.job(id)
            guard !job.state.isInCall else { throw SpoolError.jobInCall(id) }
            guard job.state.isFinished else {
                throw SpoolError.invalidRequest("job \(id) still needs its document; cancel it first")
            }
            let files = [job.documentPath, job.transmitPath, job.receivedPath].compactMap { $0 }
            job.documentPath = nil
            job.transmitPath = nil
            job.receivedPath = nil
            job.updatedAt = now
            try job.update(db)
            return (job, files)
        }
        try removeFiles(files)
        return job
    }

    /// Deletes the job, its attempts, its events and its document files.
    public func deleteJob(_ id: JobID) async throws(SpoolError) {
        let files = try await write { db in
            let job = try db.job(id)
            guard !job.state.isInCall else { throw SpoolError.jobInCall(id) }
            try job.delete(db)
            return [job.documentPath, job.transmitPath, job.receivedPath].compactMap { $0 }
        }
        try removeFiles(files)
    }

    /// Files are removed after the commit: a crash in between leaves an orphan file, never a
    /// record pointing at nothing.
    private func removeFiles(_ paths: [String]) throws(SpoolError) {
        for path in Set(paths) where FileManager.default.fileExists(atPath: path) {
            do { try FileManager.default.removeItem(atPath: path) } catch { throw .storage(String(describing: error)) }
        }
    }
}
