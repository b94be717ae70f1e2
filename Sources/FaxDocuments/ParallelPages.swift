// ParallelPages: turns decoded pages into fax pages on every core, keeping page order and the
// first error. Pages are independent, so this is the cheapest way to use a second core.

import Dispatch
import Foundation
import Synchronization

enum ParallelPages {
    /// `transform` applied to every element with its index, concurrently; results in input order.
    static func map<T: Sendable, R: Sendable>(_ items: [T], _ transform: @escaping @Sendable (Int, T) throws -> R) throws -> [R] {
        let results = ResultSlots<R>(count: items.count)
        let workers = min(items.count, ProcessInfo.processInfo.activeProcessorCount)
        DispatchQueue.concurrentPerform(iterations: max(workers, 1)) { worker in
            var index = worker
            while index < items.count, !results.failed {
                results.set(index, Result { try transform(index, items[index]) })
                index += workers
            }
        }
        return try results.values()
    }
}

/// Results written by several threads, each slot by exactly one; a lock guards the array.
private final class ResultSlots<R: Sendable>: Sendable {
    private struct State {
        var slots: [Result<R, Error>?]
        var anyFailure = false
    }
    private let state: Mutex<State>

    init(count: Int) { state = Mutex(State(slots: Array(repeating: nil, count: count))) }

    var failed: Bool { state.withLock { $0.anyFailure } }

    func set(_ index: Int, _ result: sending Result<R, Error>) {
        state.withLock {
            $0.slots[index] = result
            if case .failure = result { $0.anyFailure = true }
        }
    }

    /// The results in order, or the first error (by page order).
    func values() throws -> [R] {
        let all = state.withLock { $0.slots }
        for case .failure(let error)? in all { throw error }
        return try all.map { slot in
            guard let slot else { throw CancellationError() }  // unreachable without a failure
            return try slot.get()
        }
    }
}
