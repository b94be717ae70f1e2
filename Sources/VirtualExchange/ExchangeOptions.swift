// ExchangeOptions: how fast the exchange's clock runs and how long it lets things ring.

public struct ExchangeOptions: Sendable, Hashable {
    /// Line time per wall-clock time: 1 is real time (what real modem software needs), 2 twice as
    /// fast; 0 runs as fast as the parties go (soft-modem lines only).
    public var speed: Double
    /// Line seconds between rings (a 2 s ring, 4 s silence cadence).
    public var ringInterval: Double
    /// Line seconds a call may ring before the caller is told "no answer".
    public var noAnswerTimeout: Double
    /// Line seconds before busy, no dial tone or an unassigned number is signalled.
    public var failureDelay: Double
    /// Line seconds before a hang-up reaches the other party. Until then it keeps the line (and
    /// hears silence), so a modem still sending — DCN after the far end hung up on it — finishes
    /// and says OK, as on a real network.
    public var hangUpDelay: Double
    /// Where to append one JSON line per call; nil keeps records in memory only.
    public var callLogPath: String?

    public init(speed: Double = 1, ringInterval: Double = 6, noAnswerTimeout: Double = 60, failureDelay: Double = 2,
                hangUpDelay: Double = 0.5, callLogPath: String? = nil) {
        self.hangUpDelay = hangUpDelay
        self.speed = speed
        self.ringInterval = ringInterval
        self.noAnswerTimeout = noAnswerTimeout
        self.failureDelay = failureDelay
        self.callLogPath = callLogPath
    }
}
