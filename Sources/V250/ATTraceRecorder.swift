// ATTraceRecorder: a call's AT trace, kept for its session log — every command, result, report
// and data summary with the moment it happened, recorded from the channel's @Sendable trace
// handler (any thread) and read by the call's own thread. Bounded: after `capacity` entries the
// middle of a very long call is dropped (and counted); its beginning and its last `tailCapacity`
// entries — how it ended — are always kept.

import FaxOutcome
import Synchronization

public final class ATTraceRecorder: Sendable {
    public typealias Entry = (time: ContinuousClock.Instant, entry: ATTraceEntry)

    private struct State {
        var head: [Entry] = []
        var tail: [Entry] = []
        var dropped = 0
        /// Every information line in order (the driver reads the modem's reports from here).
        var information: [String] = []
    }

    private let state = Mutex(State())
    public let capacity: Int
    public let tailCapacity: Int
    public let origin: ContinuousClock.Instant

    public init(capacity: Int = 20_000, tailCapacity: Int = 1_000, origin: ContinuousClock.Instant = .now) {
        self.capacity = capacity
        self.tailCapacity = tailCapacity
        self.origin = origin
    }

    /// Records on `channel` from now on.
    public func attach(to channel: ATChannel) {
        channel.traceHandler = { [self] entry in record(entry) }
    }

    public func record(_ entry: ATTraceEntry, at time: ContinuousClock.Instant = .now) {
        state.withLock { state in
            if case .information(let line) = entry.event, state.information.count < capacity { state.information.append(line) }
            if state.head.count < capacity - tailCapacity {
                state.head.append((time, entry))
            } else {
                state.tail.append((time, entry))
                if state.tail.count > tailCapacity {
                    state.tail.removeFirst(state.tail.count - tailCapacity)
                    state.dropped += 1
                }
            }
        }
    }

    /// The information lines (reports) from index `from` on, and the index to read from next.
    public func informationLines(from index: Int) -> (lines: [String], next: Int) {
        state.withLock { state in
            let start = min(index, state.information.count)
            return (Array(state.information[start...]), state.information.count)
        }
    }

    /// The trace as session log entries (data sent is summarised by the data's end, not listed).
    public func sessionLog() -> [SessionLogEntry] {
        let (head, tail, dropped) = state.withLock { ($0.head, $0.tail, $0.dropped) }
        func seconds(_ time: ContinuousClock.Instant) -> Double {
            let (s, a) = (time - origin).components
            return Double(s) + Double(a) / 1e18
        }
        func entries(_ part: [Entry]) -> [SessionLogEntry] {
            part.compactMap { time, entry in
                if case .dataSent = entry.event { return nil }
                let direction: SessionLogEntry.Direction = switch entry.event {
                case .command: .sent
                case .echo, .information, .result: .received
                default: .note
                }
                return SessionLogEntry(time: seconds(time), direction: direction, text: "AT \(entry)")
            }
        }
        var log = entries(head)
        if dropped > 0, let first = tail.first {
            log.append(SessionLogEntry(time: seconds(first.time), direction: .note, text: "AT trace: \(dropped) entries left out here"))
        }
        return log + entries(tail)
    }
}
