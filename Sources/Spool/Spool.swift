// Spool: the durable fax queue. One SQLite file (WAL, synchronous=FULL, foreign keys on) holds
// jobs, attempts and events; every method that changes a job commits the change and its event in
// one transaction before it returns. Writers are serialized by SQLite's IMMEDIATE transactions,
// so claims are atomic even across processes.
//
// The operations live in the Spool+*.swift files, one group each.

import Foundation
import GRDB
import Synchronization

public final class Spool: Sendable {
    public let path: String
    public let configuration: SpoolConfiguration
    let pool: DatabasePool
    private let ids = Mutex(ULIDGenerator())
    /// Held by the owner (`recoverOnOpen`) for the Spool's lifetime.
    private let ownerLock: OwnerLock?

    /// Opens (creating if needed) the spool database at `path`, migrates it, and — when
    /// `configuration.recoverOnOpen` — takes the owner lock and recovers jobs whose calls a crash
    /// interrupted.
    public init(path: String, configuration: SpoolConfiguration = SpoolConfiguration()) async throws(SpoolError) {
        self.path = path
        self.configuration = configuration
        ownerLock = configuration.recoverOnOpen ? try OwnerLock(path: path + ".lock") : nil
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(configuration.busyTimeout)
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        do {
            pool = try DatabasePool(path: path, configuration: config)
            // GRDB switches the writer to synchronous=NORMAL when it turns WAL on (after
            // prepareDatabase); NORMAL can lose the last commits on power loss. Back to FULL on
            // the pool's one writer connection, which every write goes through.
            try await pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
            try SpoolSchema.migrator.migrate(pool)
        } catch {
            throw .storage(String(describing: error))
        }
        if configuration.recoverOnOpen {
            _ = try await recoverInterruptedJobs()
        }
    }

    var now: Date { configuration.clock() }

    func newID(at date: Date) -> JobID { ids.withLock { $0.next(at: date) } }

    /// Runs `body` in one IMMEDIATE write transaction, with typed errors.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(SpoolError) -> T {
        do {
            return try await pool.write(body)
        } catch let error as SpoolError {
            throw error
        } catch {
            throw .storage(String(describing: error))
        }
    }

    /// Runs `body` in one write transaction whose commit does not wait for the disk
    /// (synchronous=NORMAL for it alone): for bookkeeping whose loss on power failure only
    /// repeats work (a webhook delivery's try, sent again: at least once). The next FULL commit
    /// makes it durable too; the database stays consistent either way.
    func writeRelaxed<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(SpoolError) -> T {
        do {
            return try await pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
                defer { try? db.execute(sql: "PRAGMA synchronous = FULL") }
                var value: T?
                try db.inTransaction(.immediate) {
                    value = try body(db)
                    return .commit
                }
                return value!
            }
        } catch let error as SpoolError {
            throw error
        } catch {
            throw .storage(String(describing: error))
        }
    }

    /// Runs `body` on a read-only snapshot, with typed errors.
    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(SpoolError) -> T {
        do {
            return try await pool.read(body)
        } catch let error as SpoolError {
            throw error
        } catch {
            throw .storage(String(describing: error))
        }
    }
}
