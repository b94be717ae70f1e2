// ATTrace: a timestamped record of everything said on the AT channel — commands, echoes,
// responses, unsolicited lines, data volumes. It becomes the call's session log.

import Synchronization

/// One traced event, stamped with the monotonic clock.
public struct ATTraceEntry: Sendable, Hashable, CustomStringConvertible {
    public enum Event: Sendable, Hashable {
        /// A command line sent (without the CR), or `<CAN>`.
        case command(String)
        /// The modem's echo of the command line.
        case echo(String)
        /// An information line.
        case information(String)
        /// A final result code.
        case result(ATResultCode)
        /// An unsolicited line (RING, caller ID, NO CARRIER, other).
        case unsolicited(String)
        /// A result code or partial line that belonged to no command and was dropped.
        case discarded(String)
        /// Bytes that made no line (over-long line, control bytes, unknown `<DLE>x`).
        case garbage([UInt8])
        /// Data bytes sent in data mode (before stuffing).
        case dataSent(byteCount: Int)
        /// Data bytes received in data mode (after unstuffing), logged at `<DLE><ETX>`.
        case dataReceived(byteCount: Int)
        /// A deadline passed while waiting for this command.
        case timeout(String)
    }

    public let time: ContinuousClock.Instant
    public let event: Event

    public init(time: ContinuousClock.Instant = .now, event: Event) {
        self.time = time
        self.event = event
    }

    public var description: String {
        switch event {
        case .command(let line): "--> \(line)"
        case .echo(let line): "<-- (echo) \(line)"
        case .information(let line): "<-- \(line)"
        case .result(let code): "<-- \(code)"
        case .unsolicited(let line): "<-- (unsolicited) \(line)"
        case .discarded(let line): "<-- (discarded) \(line)"
        case .garbage(let bytes): "<-- (garbage) \(bytes.count) bytes: \(bytes.prefix(16).map { String($0, radix: 16) })"
        case .dataSent(let count): "--> <\(count) data bytes>"
        case .dataReceived(let count): "<-- <\(count) data bytes>"
        case .timeout(let command): "!!! timeout waiting for \(command)"
        }
    }
}

/// A thread-safe, bounded trace collector: pass `log.record` as an ATChannel's trace handler.
public final class ATTraceLog: Sendable {
    /// When the log was created; `formatted()` shows times relative to it.
    public let start: ContinuousClock.Instant
    /// At most this many entries are kept; older ones are dropped first.
    public let capacity: Int
    private let storage = Mutex<(entries: [ATTraceEntry], dropped: Int)>(([], 0))

    public init(capacity: Int = 100_000, start: ContinuousClock.Instant = .now) {
        self.capacity = max(1, capacity)
        self.start = start
    }

    /// Appends an entry.
    public func record(_ entry: ATTraceEntry) {
        storage.withLock { storage in
            if storage.entries.count >= capacity {
                let excess = max(1, capacity / 10)  // drop in batches: amortised O(1) appends
                storage.entries.removeFirst(excess)
                storage.dropped += excess
            }
            storage.entries.append(entry)
        }
    }

    /// The entries kept so far.
    public var entries: [ATTraceEntry] { storage.withLock { $0.entries } }

    /// How many entries were dropped for lack of room.
    public var droppedCount: Int { storage.withLock { $0.dropped } }

    /// One line per entry: milliseconds since `start`, then the entry.
    public func formatted() -> String {
        entries.map { entry in
            let (seconds, attoseconds) = (entry.time - start).components
            let millis = seconds * 1000 + attoseconds / 1_000_000_000_000_000
            return "+\(millis)ms \(entry)"
        }.joined(separator: "\n")
    }
}
