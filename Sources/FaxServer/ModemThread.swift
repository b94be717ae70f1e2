// ModemThread: a thread of its own for one modem's blocking, timing-critical I/O. Class 1 must
// answer the modem within ~55 ms, so the T.30 loop never runs on the cooperative pool; async
// code hands work to this thread with `run` and awaits the result.

import Foundation
import Synchronization

final class ModemThread: Sendable {
    private struct Queue: ~Copyable {
        var work: [@Sendable () -> Void] = []
        var stopped = false
    }

    private let queue = Mutex(Queue())
    private let ready = DispatchSemaphore(value: 0)

    init(name: String) {
        let thread = Thread { [self] in loop() }
        thread.name = name
        thread.stackSize = 1 << 20
        thread.start()
    }

    /// Runs `body` on the modem's thread and returns its result.
    func run<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            enqueue { continuation.resume(returning: body()) }
        }
    }

    /// Ends the thread once the work already queued has run.
    func stop() {
        queue.withLock { $0.stopped = true }
        ready.signal()
    }

    private func enqueue(_ item: @escaping @Sendable () -> Void) {
        let accepted = queue.withLock { queue -> Bool in
            guard !queue.stopped else { return false }
            queue.work.append(item)
            return true
        }
        if accepted { ready.signal() } else { item() }
    }

    private func loop() {
        while true {
            ready.wait()
            let (items, stopped) = queue.withLock { queue in
                let items = queue.work
                queue.work.removeAll()
                return (items, queue.stopped)
            }
            for item in items { item() }
            if stopped {
                // Work queued between the take and `stop` runs here; later work runs inline.
                let rest = queue.withLock { queue in
                    let rest = queue.work
                    queue.work.removeAll()
                    return rest
                }
                for item in rest { item() }
                return
            }
        }
    }
}
