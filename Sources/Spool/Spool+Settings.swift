// Spool+Settings: the SQLite settings the spool's promises rest on, read back from the writer
// connection — for tests, `faxd --check` and the health endpoint.

import GRDB

public struct SpoolStorageSettings: Sendable, Hashable {
    /// "wal".
    public var journalMode: String
    /// 2 = FULL: a commit is on disk before the call returns.
    public var synchronous: Int
    public var foreignKeys: Bool
    /// The newest migration applied ("v5").
    public var schemaVersion: String?
}

extension Spool {
    public func storageSettings() async throws(SpoolError) -> SpoolStorageSettings {
        do {
            return try await pool.writeWithoutTransaction { db in
                SpoolStorageSettings(
                    journalMode: try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "",
                    synchronous: try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1,
                    foreignKeys: try Bool.fetchOne(db, sql: "PRAGMA foreign_keys") ?? false,
                    schemaVersion: try SpoolSchema.migrator.appliedIdentifiers(db).sorted().last)
            }
        } catch {
            throw .storage(String(describing: error))
        }
    }
}
