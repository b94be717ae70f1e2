// Spool+Files: uploaded documents kept for sending later by id (seed 004's upload-then-send) —
// a row per file naming its stored path, size and format. A fax sent from a file gets its own
// hard link of it (DocumentStore.duplicate), so deleting the file or any fax leaves the others'.

import Foundation
import GRDB

public struct StoredFile: Sendable, Hashable {
    public var id: String
    public var path: String
    /// The name the uploader gave (or "document").
    public var name: String
    public var size: Int
    /// What DocumentFormat.detect recognised (pdf, tiff, …).
    public var format: String
    public var tenantID: String?
    public var createdAt: Date
}

extension StoredFile: FetchableRecord {
    public init(row: Row) throws {
        id = row["id"]
        path = row["path"]
        name = row["name"]
        size = row["size"]
        format = row["format"]
        tenantID = row["tenant_id"]
        createdAt = Date(spoolMillis: row["created_at"])
    }
}

extension Spool {
    /// Records a stored document (already durable at `path`) as a file.
    public func addFile(path: String, name: String, size: Int, format: String, tenantID: String? = nil) async throws(SpoolError) -> StoredFile {
        let now = self.now
        let id = "file_" + newID(at: now).rawValue
        return try await write { db in
            try db.execute(sql: "INSERT INTO files (id, path, name, size, format, tenant_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                           arguments: [id, path, name, size, format, tenantID, now.spoolMillis])
            return try db.file(id)
        }
    }

    public func file(_ id: String) async throws(SpoolError) -> StoredFile {
        try await read { db in try db.file(id) }
    }

    /// Files, newest first.
    public func files(limit: Int = 100) async throws(SpoolError) -> [StoredFile] {
        try await read { db in try StoredFile.fetchAll(db, sql: "SELECT * FROM files ORDER BY id DESC LIMIT ?", arguments: [limit]) }
    }

    /// Forgets a file; returns it (the caller removes its folder: no fax shares its path).
    public func deleteFile(_ id: String) async throws(SpoolError) -> StoredFile {
        try await write { db in
            let file = try db.file(id)
            try db.execute(sql: "DELETE FROM files WHERE id = ?", arguments: [id])
            return file
        }
    }
}

extension Database {
    func file(_ id: String) throws -> StoredFile {
        guard let file = try StoredFile.fetchOne(self, sql: "SELECT * FROM files WHERE id = ?", arguments: [id]) else {
            throw SpoolError.fileNotFound(id)
        }
        return file
    }
}
