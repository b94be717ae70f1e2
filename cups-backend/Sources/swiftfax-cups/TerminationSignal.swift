// TerminationSignal: SIGTERM, which cupsd sends when someone cancels the job (`cancel ID`),
// caught as a flag the backend looks at between polls (never acted on inside the handler).

import Dispatch
import Foundation

final class TerminationSignal: @unchecked Sendable {
    private let lock = NSLock()
    private var received = false
    private let source: DispatchSourceSignal

    init() {
        signal(SIGTERM, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGTERM, queue: .global())
        source.setEventHandler { [weak self] in self?.set() }
        source.resume()
    }

    private func set() {
        lock.lock()
        received = true
        lock.unlock()
    }

    var requested: Bool {
        lock.lock()
        defer { lock.unlock() }
        return received
    }
}
