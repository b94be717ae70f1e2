// RingCounter: the rings of one incoming call as a modem reports them — RING result codes counted
// until it is time to answer, the caller ID that arrives with or between them kept (a
// North-American line sends it after the first RING), and a call whose rings stopped forgotten.
// The one ring count every modem driver's wait for a call and a fax server's idle watch use;
// `ATChannel.watchForCall` feeds it.

import SerialPort

public struct RingCounter: Sendable {
    /// Rings before the call is answered.
    public let ringsToAnswer: Int
    /// A ring cycle is ~6 s; a call whose rings stopped this long ago has gone.
    public static let forgottenAfter: Duration = .seconds(10)

    public private(set) var rings = 0
    public private(set) var callerID = CallerID()
    private var lastRing: ContinuousClock.Instant?

    public init(ringsToAnswer: Int) {
        self.ringsToAnswer = max(1, ringsToAnswer)
    }

    /// The phone is ringing and not yet answered.
    public var isRinging: Bool { rings > 0 }

    /// Takes one unsolicited result; true once the call has rung `ringsToAnswer` times.
    public mutating func take(_ event: ATUnsolicited, at now: ContinuousClock.Instant = .now) -> Bool {
        forgetIfStale(now)
        guard case .ring(let id) = event else { return false }
        rings += 1
        lastRing = now
        if !id.isEmpty { callerID = id }
        return rings >= ringsToAnswer
    }

    /// Caller ID that came after the last counted RING (an unsolicited result already queued).
    public mutating func takeLate(_ events: [ATUnsolicited]) {
        for case .ring(let id) in events where !id.isEmpty { callerID = id }
    }

    /// The call to answer, and a fresh count for the next one.
    public mutating func answer() -> IncomingCall {
        defer { self = RingCounter(ringsToAnswer: ringsToAnswer) }
        return IncomingCall(rings: rings, callerID: callerID)
    }

    /// Forgets a call whose last ring is older than `forgottenAfter`.
    public mutating func forgetIfStale(_ now: ContinuousClock.Instant = .now) {
        if let lastRing, now - lastRing > Self.forgottenAfter { self = RingCounter(ringsToAnswer: ringsToAnswer) }
    }
}

/// A call that has rung enough to be answered: how many rings, and the caller ID seen with them.
public struct IncomingCall: Sendable, Hashable {
    public var rings: Int
    public var callerID: CallerID

    public init(rings: Int, callerID: CallerID) {
        self.rings = rings
        self.callerID = callerID
    }
}

extension ATChannel {
    /// Waits up to `timeout` for one unsolicited result and counts it; returns the call once it
    /// has rung `counter.ringsToAnswer` times (caller ID that arrived meanwhile included).
    public func watchForCall(_ counter: inout RingCounter, timeout: Duration) throws(ATChannelError) -> IncomingCall? {
        guard let event = try waitForUnsolicited(timeout: timeout), counter.take(event) else { return nil }
        counter.takeLate(takeUnsolicited())
        return counter.answer()
    }

    /// Waits for `rings` RINGs (nil on timeout), keeping the caller ID seen with them.
    public func waitForCall(rings: Int, timeout: Duration) throws(ATChannelError) -> IncomingCall? {
        let deadline = Deadline.after(timeout)
        var counter = RingCounter(ringsToAnswer: rings)
        while !deadline.hasPassed {
            if let call = try watchForCall(&counter, timeout: deadline.remaining) { return call }
        }
        return nil
    }
}
