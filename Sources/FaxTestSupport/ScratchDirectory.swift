// ScratchDirectory: a temporary directory for one test, removed when the value goes away.
// FaxTestSupport is linked only into test targets.

import Foundation

public final class ScratchDirectory: @unchecked Sendable {
    public let path: String

    public init(_ label: String = "swiftfax") {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString.prefix(8))")
        try! FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        path = base.path
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    public func file(_ name: String) -> String { "\(path)/\(name)" }
}
