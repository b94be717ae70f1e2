// Findings: what went wrong in a piece of a test that runs on a thread of its own (real-time calls
// run side by side), collected there and recorded as expectations afterwards in the test's own
// context — Swift Testing's #expect belongs to the test's task, not to other threads.

import Foundation
import Synchronization

public final class Findings: Sendable {
    private let lines = Mutex<[String]>([])

    public init() {}

    /// Notes `message` unless `condition` holds.
    public func check(_ condition: Bool, _ message: @autoclosure () -> String) {
        if !condition { fail(message()) }
    }

    public func fail(_ message: String) {
        lines.withLock { $0.append(message) }
    }

    public var all: [String] { lines.withLock { $0 } }

    /// Runs each piece on a thread of its own, all at once; returns each one's findings (a thrown
    /// error is one), in the order given, once every piece has ended.
    public static func runConcurrently(_ pieces: [(String, @Sendable (Findings) throws -> Void)]) -> [(String, [String])] {
        let group = DispatchGroup()
        let results = pieces.map { ($0.0, Findings()) }
        for (index, piece) in pieces.enumerated() {
            group.enter()
            let findings = results[index].1
            let thread = Thread {
                do { try piece.1(findings) } catch { findings.fail("threw: \(error)") }
                group.leave()
            }
            thread.name = piece.0
            thread.start()
        }
        group.wait()
        return results.map { ($0.0, $0.1.all) }
    }
}
