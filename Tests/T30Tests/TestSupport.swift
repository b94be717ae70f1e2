// Test support: scratch directories and test documents for the T.30 tests.

import Foundation
import T4

/// A temporary directory removed when the value is released.
final class ScratchDirectory {
    let path: String

    init(_ label: String = "swiftfax") {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        path = base.path
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    func file(_ name: String) -> String { "\(path)/\(name)" }
}

/// Writes a `count`-page test chart and returns its path and pages.
func makeDocument(in dir: ScratchDirectory, pages count: Int, resolution: FaxResolution = .fine, seed: UInt64 = 7) throws -> (String, [FaxPage]) {
    let pages = TestChart.pages(count: count, resolution: resolution, seed: seed)
    let path = dir.file("document.tif")
    try TIFFFaxWriter.write(pages, to: path)
    return (path, pages)
}
