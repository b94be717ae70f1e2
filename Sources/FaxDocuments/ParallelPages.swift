// ParallelPages: turns decoded pages into fax pages on every core, keeping page order and the
// first error. Pages are independent, so this is the cheapest way to use a second core.

import Dispatch
import Foundation

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
private final class ResultSlots<R: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Result<R, Error>?]
    private var anyFailure = false

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    var failed: Bool { lock.withLock { anyFailure } }

    func set(_ index: Int, _ result: Result<R, Error>) {
        lock.withLock {
            slots[index] = result
            if case .failure = result { anyFailure = true }
        }
    }

    /// The results in order, or the first error (by page order).
    func values() throws -> [R] {
        let all = lock.withLock { slots }
        for case .failure(let error)? in all { throw error }
        return try all.map { slot in
            guard let slot else { throw CancellationError() }  // unreachable without a failure
            return try slot.get()
        }
    }
}
