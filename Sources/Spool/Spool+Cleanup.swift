// Spool+Cleanup: deleting documents (keeping the record, for privacy and retention) and deleting
// whole jobs. Neither is allowed while a modem is using the job. A file another job still refers
// to is never removed (spools written before resubmits got their own copies share files), and
// what the spool lets go of is handed to a `release` step after the commit: by default the files
// are removed; faxd removes each job's whole private folder (DocumentStore).

import Foundation
import GRDB

/// What a delete let go of, after its commit.
public struct ReleasedFiles: Sendable, Hashable {
    /// The job's files no other job refers to.
    public var files: [String]
    /// The folders holding them, when no other job has a file in the folder.
    public var folders: [String]

    public init(files: [String] = [], folders: [String] = []) {
        self.files = files
        self.folders = folders
    }

    /// Removes `files` (not the folders).
    public static let removeFiles: @Sendable (ReleasedFiles) throws -> Void = { released in
        for path in released.files where FileManager.default.fileExists(atPath: path) {
            try FileManager.default.removeItem(atPath: path)
        }
    }
}

extension Spool {
    /// Deletes the job's document files and forgets their paths; the job, attempts and events stay.
    /// `release` runs after the commit with what no other job uses (default: remove those files).
    @discardableResult
    public func deleteDocuments(_ id: JobID, release: @escaping @Sendable (ReleasedFiles) throws -> Void = ReleasedFiles.removeFiles)
        async throws(SpoolError) -> FaxJob {
        let now = self.now
        let (job, released) = try await write { db in
            var job = try db.job(id)
            guard !job.state.isInCall else { throw SpoolError.jobInCall(id) }
            guard job.state.isFinished else {
                throw SpoolError.invalidRequest("job \(id) still needs its document; cancel it first")
            }
            let released = try db.released(job)
            job.documentPath = nil
            job.transmitPath = nil
            job.receivedPath = nil
            job.updatedAt = now
            try job.update(db)
            return (job, released)
        }
        try runRelease(release, released)
        return job
    }

    /// Deletes the job, its attempts, its events and its document files. Returns the job as it was.
    /// `release` runs after the commit with what no other job uses (default: remove those files).
    @discardableResult
    public func deleteJob(_ id: JobID, release: @escaping @Sendable (ReleasedFiles) throws -> Void = ReleasedFiles.removeFiles)
        async throws(SpoolError) -> FaxJob {
        let (job, released) = try await write { db in
            let job = try db.job(id)
            guard !job.state.isInCall else { throw SpoolError.jobInCall(id) }
            let released = try db.released(job)
            try job.delete(db)
            return (job, released)
        }
        try runRelease(release, released)
        return job
    }

    /// Every file a job refers to (document, transmitted and received paths) — what a start-up
    /// sweep must keep.
    public func filesInUse() async throws(SpoolError) -> Set<String> {
        try await read { db in
            var paths = Set<String>()
            let rows = try Row.fetchCursor(db, sql: "SELECT document_path, transmit_path, received_path FROM jobs")
            while let row = try rows.next() {
                for index in 0..<3 { if let path: String = row[index] { paths.insert(path) } }
            }
            paths.formUnion(try String.fetchAll(db, sql: "SELECT path FROM files"))
            return paths
        }
    }

    /// Which of `ids` name a job that exists.
    public func existingJobs(_ ids: [JobID]) async throws(SpoolError) -> Set<JobID> {
        try await read { db in
            var found = Set<JobID>()
            for id in ids where try FaxJob.exists(db, key: id) { found.insert(id) }
            return found
        }
    }

    /// Files are removed after the commit: a crash in between leaves an orphan file (swept at
    /// the next start), never a record pointing at nothing.
    private func runRelease(_ release: @Sendable (ReleasedFiles) throws -> Void, _ released: ReleasedFiles) throws(SpoolError) {
        do { try release(released) } catch { throw .storage(String(describing: error)) }
    }
}

extension Database {
    /// The files of `job` no other job refers to, and their folders no other job has a file in.
    func released(_ job: FaxJob) throws -> ReleasedFiles {
        var released = ReleasedFiles()
        for path in Set([job.documentPath, job.transmitPath, job.receivedPath].compactMap { $0 }).sorted() {
            guard try !isReferenced(path, exceptJob: job.id) else { continue }
            released.files.append(path)
            let folder = (path as NSString).deletingLastPathComponent
            if !folder.isEmpty, !released.folders.contains(folder), try !isFolderInUse(folder, exceptJob: job.id) {
                released.folders.append(folder)
            }
        }
        return released
    }

    /// Whether a job (other than `exceptJob`) refers to `path`.
    func isReferenced(_ path: String, exceptJob: JobID?) throws -> Bool {
        try Bool.fetchOne(self, sql: """
            SELECT EXISTS (SELECT 1 FROM jobs WHERE id != ?1 AND (document_path = ?2 OR transmit_path = ?2 OR received_path = ?2))
            """, arguments: [exceptJob?.rawValue ?? "", path]) ?? false
    }

    /// Whether a job (other than `exceptJob`) has a file inside `folder`.
    func isFolderInUse(_ folder: String, exceptJob: JobID) throws -> Bool {
        let prefix = folder + "/"
        return try Bool.fetchOne(self, sql: """
            SELECT EXISTS (SELECT 1 FROM jobs WHERE id != ?1 AND (substr(document_path, 1, ?3) = ?2
                OR substr(transmit_path, 1, ?3) = ?2 OR substr(received_path, 1, ?3) = ?2))
            """, arguments: [exceptJob.rawValue, prefix, prefix.unicodeScalars.count]) ?? false
    }
}
