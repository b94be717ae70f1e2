// LineEvent: what the exchange tells a line about its calls, and the queue that carries it.

import Foundation

/// Who is calling, as caller-ID delivers it.
public struct CallerID: Sendable, Hashable {
    public var number: String
    public var name: String
    public var date: Date
}

public enum LineEvent: Sendable {
    /// Someone is calling this line; `.ring` events follow at the ring cadence.
    case incomingCall(CallerID)
    case ring(count: Int)
    /// This line answered the call it was offered: audio flows on `link`.
    case connected(LockstepAudioLink)
    /// The line this one dialled answered: audio flows on `link`.
    case answered(LockstepAudioLink)
    /// Dialling failed, or the far end / the exchange ended the call (with why, for the caller).
    case callFailed(CallFailure)
    case hungUp
    /// Work for the line's own thread (a fax machine's outgoing job).
    case wake
    /// The exchange is shutting down.
    case shutdown
}

public enum CallFailure: String, Sendable, Codable {
    case busy, noAnswer = "no-answer", noDialtone = "no-dialtone", unassigned
}

/// A thread-safe queue of events, waitable by a blocking thread or via a WakePipe by a poll loop.
final class LineEventQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private var events: [LineEvent] = []
    let wakePipe = WakePipe()

    func post(_ event: LineEvent) {
        condition.lock()
        events.append(event)
        condition.broadcast()
        condition.unlock()
        wakePipe.wake()
    }

    /// The next event, waiting up to `timeout` (nil: forever).
    func next(timeout: Duration? = nil) -> LineEvent? {
        let deadline = timeout.map { Date().addingTimeInterval(Double($0.components.seconds) + Double($0.components.attoseconds) * 1e-18) }
        condition.lock()
        defer { condition.unlock() }
        while events.isEmpty {
            if let deadline {
                if !condition.wait(until: deadline) { return nil }
            } else {
                condition.wait()
            }
        }
        return events.removeFirst()
    }

    func drain() -> [LineEvent] {
        condition.lock()
        defer { condition.unlock() }
        let all = events
        events.removeAll()
        return all
    }
}
