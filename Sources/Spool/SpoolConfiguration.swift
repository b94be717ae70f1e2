// SpoolConfiguration: the spool's policy knobs — retry table, default job lifetime, restart limits —
// and the clock it reads (tests pass their own).

import Foundation

public struct SpoolConfiguration: Sendable {
    public var retryPolicy: RetryPolicy
    /// A job with no kill time of its own fails this long after submission (nil: never).
    public var defaultLifetime: Double?
    /// After this many restarts interrupted a job's calls, the job fails instead of going back to
    /// the queue (a job that crashes the daemon must not crash it forever).
    public var maxRecoveries: Int
    /// Open as the spool's owner (faxd): take the owner lock (`<path>.lock`, else
    /// `.alreadyOwned`) and run crash recovery. Tools that open the spool while faxd runs pass false.
    public var recoverOnOpen: Bool
    /// Wait this long for another connection's write lock before failing.
    public var busyTimeout: Double
    public var clock: @Sendable () -> Date

    public init(retryPolicy: RetryPolicy = .standard, defaultLifetime: Double? = 24 * 3600, maxRecoveries: Int = 3,
                recoverOnOpen: Bool = true, busyTimeout: Double = 10, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.retryPolicy = retryPolicy
        self.defaultLifetime = defaultLifetime
        self.maxRecoveries = maxRecoveries
        self.recoverOnOpen = recoverOnOpen
        self.busyTimeout = busyTimeout
        self.clock = clock
    }
}
