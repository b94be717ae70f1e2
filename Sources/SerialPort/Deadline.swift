// Deadline: a point in time on the monotonic clock by which a blocking operation must finish.
//
// Every blocking call in the modem stack takes a deadline rather than a timeout, so a loop of
// reads can share one budget without accumulating rounding error.

/// A point on the monotonic clock (`ContinuousClock`) by which a blocking call must return.
public struct Deadline: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The instant at which the deadline expires.
    public let instant: ContinuousClock.Instant

    public init(_ instant: ContinuousClock.Instant) {
        self.instant = instant
    }

    /// A deadline that has already expired: the operation may only use what is ready now.
    public static var now: Deadline { Deadline(.now) }

    /// A deadline `duration` from now (capped at about a century, so arithmetic cannot overflow).
    public static func after(_ duration: Duration) -> Deadline {
        Deadline(ContinuousClock.now.advanced(by: min(duration, longest)))
    }

    private static let longest = Duration.seconds(Int64(1) << 32)

    /// Time left until the deadline, never negative.
    public var remaining: Duration {
        let left = ContinuousClock.now.duration(to: instant)
        return left > .zero ? left : .zero
    }

    /// Whether the deadline has expired.
    public var hasPassed: Bool { ContinuousClock.now >= instant }

    /// The remaining time as a poll(2) timeout in milliseconds, rounded up so a caller never
    /// spins on a zero timeout while time is still left.
    var pollTimeoutMilliseconds: Int32 {
        let (seconds, attoseconds) = remaining.components
        guard seconds < Int64(Int32.max / 1_000) else { return Int32.max }
        let millis = seconds * 1_000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int32(clamping: millis)
    }

    public static func < (lhs: Deadline, rhs: Deadline) -> Bool { lhs.instant < rhs.instant }

    public var description: String { "Deadline(in \(remaining))" }
}
