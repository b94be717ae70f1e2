// Class1TraceBuffer: collects the AT channel's trace (a @Sendable handler) so the call's own
// thread can move it into the T.30 session log, and keeps every entry for latency figures.

import FaxOutcome
import Synchronization
import V250

final class Class1TraceBuffer: Sendable {
    private let state = Mutex<(pending: [ATTraceEntry], all: [ATTraceEntry])>(([], []))
    private let capacity = 200_000

    func record(_ entry: ATTraceEntry) {
        state.withLock { state in
            state.pending.append(entry)
            if state.all.count < capacity { state.all.append(entry) }
        }
    }

    /// Entries recorded since the last call.
    func drain() -> [ATTraceEntry] {
        state.withLock { state in
            defer { state.pending.removeAll(keepingCapacity: true) }
            return state.pending
        }
    }

    var all: [ATTraceEntry] { state.withLock { $0.all } }
}

extension ATTraceEntry {
    /// Which way the entry goes in a session log: what the host sent, what the modem said,
    /// or a note (a timeout).
    var sessionLogDirection: SessionLogEntry.Direction {
        switch event {
        case .command, .dataSent: .sent
        case .timeout: .note
        default: .received
        }
    }
}
