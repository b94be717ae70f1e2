// Helpers for the spool tests: a clock the test moves by hand, a spool on a real SQLite file in a
// scratch directory, and call results.

import E164
import FaxOutcome
import FaxTestSupport
import Foundation
import Spool
import Synchronization

/// A clock that stands still until the test moves it.
final class ManualClock: Sendable {
    private let current: Mutex<Date>

    init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) { current = Mutex(start) }

    var now: Date { current.withLock { $0 } }

    func advance(_ seconds: Double) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }

    var function: @Sendable () -> Date { { self.now } }
}

struct SpoolFixture {
    let dir = ScratchDirectory("spool")
    let clock = ManualClock()
    var path: String { dir.file("spool.sqlite") }

    func open(recover: Bool = true, policy: RetryPolicy = .standard, lifetime: Double? = 24 * 3600, at other: String? = nil) async throws -> Spool {
        try await Spool(path: other ?? path, configuration: SpoolConfiguration(
            retryPolicy: policy, defaultLifetime: lifetime, recoverOnOpen: recover, clock: clock.function))
    }

    /// What a `kill -9` leaves: the database and WAL files as they are on disk right now, copied
    /// while the spool is still open (no close, no checkpoint). Returns the copy's path.
    func crashImage(_ name: String = "crashed.sqlite") throws -> String {
        let copy = dir.file(name)
        for suffix in ["", "-wal"] where FileManager.default.fileExists(atPath: path + suffix) {
            try FileManager.default.copyItem(atPath: path + suffix, toPath: copy + suffix)
        }
        return copy
    }

    func submission(to: String = "+15551230001", pages: Int? = 3, key: String? = nil, priority: Int = 0,
                    maxAttempts: Int = 3, sendAt: Date? = nil, killAt: Date? = nil) -> FaxSubmission {
        FaxSubmission(to: try! E164Number(to), from: try! E164Number("+15559870000"), documentPath: dir.file("doc-\(to).pdf"), pageCount: pages,
                      priority: priority, maxAttempts: maxAttempts, sendAt: sendAt, killAt: killAt, idempotencyKey: key)
    }
}

func result(_ completion: FaxCompletion, pages: Int = 0, of total: Int? = 3) -> FaxSessionResult {
    FaxSessionResult(completion: completion, pagesTransferred: pages, pagesInDocument: total, remoteIdentity: "+1 555 123",
                     bitRate: 14400, errorCorrection: true, compression: "T.6", lineSeconds: 42.5,
                     sessionLog: [SessionLogEntry(time: 0.5, direction: .received, text: "DIS")])
}

/// The states a job went through, from its events.
func states(_ spool: Spool, _ id: JobID) async throws -> [JobState] {
    try await spool.events(job: id).map(\.to)
}
