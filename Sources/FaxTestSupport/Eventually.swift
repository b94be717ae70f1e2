// Eventually: waiting in tests for something observable (a line's state, a record, a file) instead
// of sleeping and hoping — polls a condition until it holds or a deadline passes.

import Foundation

/// Polls `condition` every `interval` until it holds (true) or `timeout` seconds pass (false).
public func eventually(timeout: Double, interval: Duration = .milliseconds(20), _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if try condition() { return true }
        Thread.sleep(forTimeInterval: Double(interval.components.attoseconds) / 1e18 + Double(interval.components.seconds))
    }
    return try condition()
}

/// The async form, for tests on the cooperative pool.
public func eventually(timeout: Double, interval: Duration = .milliseconds(20),
                       _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: interval)
    }
    return try await condition()
}
