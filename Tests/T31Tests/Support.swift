// Test support for the Class 1 driver: scratch directories, documents, running calls on
// threads of their own, and page comparison.

import FaxOutcome
import FaxTestSupport
import Foundation
import T30
import T4
import Testing

/// A short test document (low density keeps real-time calls short).
func writeDocument(_ dir: ScratchDirectory, pages: Int, name: String = "doc.tif", seed: UInt64 = 7, resolution: FaxResolution = .fine) throws -> (String, [FaxPage]) {
    try writeChart(dir, pages: pages, name: name, resolution: resolution, seed: seed, density: 0.15)
}

/// Runs `body` on a Thread of its own (calls are blocking and timing-critical); `wait` joins it.
final class CallThread<Result: Sendable>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var value: Result?

    init(_ name: String, _ body: @escaping @Sendable () -> Result) {
        let thread = Thread { [self] in
            value = body()
            done.signal()
        }
        thread.name = name
        thread.qualityOfService = .userInteractive
        thread.start()
    }

    func wait(timeout: Double) -> Result? {
        done.wait(timeout: .now() + timeout) == .timedOut ? nil : value
    }
}

/// Expects the received pages to equal the sent ones pixel for pixel.
func expectSamePages(_ received: [FaxPage], _ sent: [FaxPage], sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(received.count == sent.count, "page count", sourceLocation: sourceLocation)
    for (index, (got, want)) in zip(received, sent).enumerated() {
        let differing = got.differingRows(from: want)
        #expect(got.width == want.width && differing == 0, "page \(index + 1): \(differing) rows differ", sourceLocation: sourceLocation)
    }
}

func logText(_ result: FaxSessionResult) -> String {
    result.sessionLog.suffix(60).map(\.description).joined(separator: "\n")
}
