// Spool+Documents: what the modem owner learns about a job's files while working on it — the
// TIFF/F actually transmitted (converted from the submitted document, header stamped) and its
// page count; for a received fax, what the call said about the caller and the pages.

import Foundation
import GRDB

extension Spool {
    /// The job's document was converted: `path` is what will be transmitted, `pages` long.
    @discardableResult
    public func setTransmitDocument(_ id: JobID, path: String, pages: Int) async throws(SpoolError) -> FaxJob {
        guard pages >= 1 else { throw .invalidRequest("a transmitted document has at least one page") }
        let now = self.now
        return try await write { db in
            var job = try db.job(id)
            guard job.direction == .outbound else { throw SpoolError.invalidRequest("job \(id) is not outbound") }
            job.transmitPath = path
            job.pagesTotal = pages
            job.updatedAt = now
            try job.update(db)
            return job
        }
    }

    /// Adds details to a job's metadata (caller name, resolution of a received fax, …).
    @discardableResult
    public func annotate(_ id: JobID, metadata: [String: String]) async throws(SpoolError) -> FaxJob {
        let now = self.now
        return try await write { db in
            var job = try db.job(id)
            job.options.metadata.merge(metadata) { _, new in new }
            job.updatedAt = now
            try job.update(db)
            return job
        }
    }
}
