// DocumentStore+Files: the per-job folders' life beyond storing — a resubmitted fax's own copy of
// a document, removing what a deleted job let go of, and sweeping at start-up the folders a crash
// left behind before any job referred to them.
//
// A resubmit's copy is a hard link where the file system allows it (a copy otherwise). A stored
// document is immutable — written once with O_EXCL, never opened for writing again; conversion
// writes transmit.tif beside it, never into it — so a second link is a reference-counted
// immutable original: the kernel's link count is the reference count, each job has its own
// folder and path, and deleting either job's folder leaves the other's link and data intact.

import Foundation
import Logging
import Spool

extension DocumentStore {
    /// A private copy of the stored file `path` in a new folder of this store (same file name);
    /// durable when it returns. Throws `ENOENT` when the original is gone.
    public func duplicate(_ path: String) throws -> String {
        let folder = try makeFolder()
        let copy = folder + "/" + (path as NSString).lastPathComponent
        do {
            if link(path, copy) != 0 {
                let error = errno
                guard error == EXDEV || error == EPERM || error == EMLINK || error == ENOTSUP else {
                    throw POSIXError(POSIXErrorCode(rawValue: error) ?? .EIO)
                }
                try Self.copyFile(path, to: copy)
            }
            try Self.syncWritten(copy)
        } catch {
            try? FileManager.default.removeItem(atPath: folder)
            throw error
        }
        return copy
    }

    private static func copyFile(_ source: String, to destination: String) throws {
        guard let data = FileManager.default.contents(atPath: source) else { throw POSIXError(.ENOENT) }
        try writeFile(Array(data), to: destination, sync: true)
    }

    /// Whether `path` lies in one of this store's per-document folders; returns that folder.
    func folder(holding path: String) -> String? {
        let folder = (path as NSString).deletingLastPathComponent
        guard (folder as NSString).deletingLastPathComponent == directory,
              !(folder as NSString).lastPathComponent.hasPrefix(".") else { return nil }
        return folder
    }

    /// Folders in this store that hold none of `inUse` — what a crash between writing a document
    /// and committing its job leaves behind.
    func orphanFolders(inUse: Set<String>) -> [String] {
        let used = Set(inUse.compactMap(folder(holding:)))
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        return names.sorted().compactMap { name in
            let path = directory + "/" + name
            var st = stat()
            guard lstat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR, !used.contains(path) else { return nil }
            return path
        }
    }
}

/// Where a job's files live in faxd's spool: the documents store (originals and transmit.tif),
/// the inbox (received fax.tif and fax.pdf), and the session logs (logs/<job>/).
public struct SpoolFiles: Sendable {
    public let documents: DocumentStore
    public let inbox: DocumentStore
    public let logs: String

    public init(configuration: ServerConfiguration) {
        documents = DocumentStore(directory: configuration.documentsDirectory, maxBytes: configuration.defaults.maxDocumentBytes)
        inbox = DocumentStore(directory: configuration.inboxDirectory, maxBytes: 0)
        logs = configuration.logsDirectory
    }

    /// Removes what a delete let go of: a job's own folder in the documents store or the inbox goes
    /// whole (original, transmit.tif and its partial copies, fax.tif, fax.pdf, conversion
    /// scratch); a file elsewhere goes alone.
    public func release(_ released: ReleasedFiles) throws {
        let folders = Set(released.folders)
        var removed: [String] = []
        for path in released.files {
            if let folder = documents.folder(holding: path) ?? inbox.folder(holding: path), folders.contains(folder) {
                if !removed.contains(folder) {
                    try Self.remove(folder)
                    removed.append(folder)
                }
            } else {
                try Self.remove(path)
            }
        }
        // Not fsync'd: a removal lost to a power cut leaves an orphan, swept at the next start.
    }

    /// The session logs of a job (logs/<job>/), removed.
    public func removeLogs(of job: JobID) throws {
        try Self.remove(logs + "/" + job.rawValue)
    }

    private static func remove(_ path: String) throws {
        var st = stat()
        guard lstat(path, &st) == 0 else { return }  // already gone
        try FileManager.default.removeItem(atPath: path)
    }

    /// At start-up, before the API and the modems run: removes document and inbox folders no job
    /// refers to and log folders of jobs that no longer exist (a crash between writing and
    /// committing, or between a delete's commit and its file removal). Returns what it removed.
    @discardableResult
    public func sweepOrphans(spool: Spool, logger: Logger? = nil) async throws -> [String] {
        let inUse = try await spool.filesInUse()
        var orphans = documents.orphanFolders(inUse: inUse) + inbox.orphanFolders(inUse: inUse)
        if let names = try? FileManager.default.contentsOfDirectory(atPath: logs) {
            let ids = names.filter { $0.utf8.count == 26 && !$0.hasPrefix(".") }.map { JobID($0) }
            let existing = try await spool.existingJobs(ids)
            orphans += ids.filter { !existing.contains($0) }.map { logs + "/" + $0.rawValue }
        }
        for path in orphans {
            logger?.notice("removing files no job refers to (left by a crash)", metadata: ["path": "\(path)"])
            try Self.remove(path)
        }
        return orphans
    }
}
