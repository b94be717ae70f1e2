// Test documents: test charts written as TIFF/F, and pages as PBM for programs (efax) that read it.

import Foundation
import T4

/// Writes a `count`-page test chart into `dir` and returns its path and pages.
public func writeChart(_ dir: ScratchDirectory, pages count: Int, name: String = "document.tif", resolution: FaxResolution = .fine,
                       seed: UInt64 = 11, density: Double = 1.0) throws -> (String, [FaxPage]) {
    let pages = TestChart.pages(count: count, resolution: resolution, seed: seed, density: density)
    let path = dir.file(name)
    try TIFFFaxWriter.write(pages, to: path)
    return (path, pages)
}

/// Writes a page as a binary PBM (P4: rows packed MSB first, 1 = black — a FaxPage's own layout).
public func writePBM(_ page: FaxPage, to path: String) throws {
    var data = Data("P4\n\(page.width) \(page.length)\n".utf8)
    data.append(contentsOf: page.bits)
    try data.write(to: URL(fileURLWithPath: path))
}
