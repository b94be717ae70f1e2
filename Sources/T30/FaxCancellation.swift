// FaxCancellation: asks a running session to stop, from any thread. The front end checks it in
// its loop, ends T.30 and hangs up; the session's result is then `.cancelled` (5208).

import Synchronization

public final class FaxCancellation: Sendable {
    private let flag = Atomic<Bool>(false)

    public init() {}

    public func cancel() { flag.store(true, ordering: .releasing) }

    public var isCancelled: Bool { flag.load(ordering: .acquiring) }
}
