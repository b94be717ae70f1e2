// TIFF/F pages written and read back: sizes, resolutions and every pixel survive each compression.

import Foundation
import Testing
import T4

@Suite struct TIFFRoundTripTests {
    @Test(arguments: [TIFFFaxWriter.Compression.none, .t4OneDimensional, .t4TwoDimensional, .t6])
    func pagesSurviveARoundTrip(_ compression: TIFFFaxWriter.Compression) throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("t4-\(UUID().uuidString).tif").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let pages = TestChart.pages(count: 2, resolution: .standard, seed: 3)
        try TIFFFaxWriter.write(pages, to: path, compression: compression)
        let info = try TIFFFaxReader.pageInfo(path: path)
        #expect(info.count == 2)
        #expect(info.allSatisfy { $0.width == 1728 && $0.resolution == .standard && $0.xDPI == 204 })
        let back = try TIFFFaxReader.readPages(path: path)
        #expect(back == pages)
    }

    @Test func chartsAreDeterministicAndDistinct() {
        let a = TestChart.pages(count: 2, resolution: .fine, seed: 9)
        let b = TestChart.pages(count: 2, resolution: .fine, seed: 9)
        #expect(a == b)
        #expect(a[0].differingRows(from: a[1]) > 100)
        #expect(a[0].length == 2292)  // A4 (297 mm) at 196 dpi
        #expect(a[0].blackPixelCount > 100_000)
    }

    @Test func garbageIsAnErrorNotACrash() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("junk-\(UUID().uuidString).tif").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data([0x49, 0x49, 0x2A, 0x00, 0xFF, 0xFF, 0xFF, 0x7F, 1, 2, 3]).write(to: URL(fileURLWithPath: path))
        #expect(throws: T4Error.self) { try TIFFFaxReader.readPages(path: path) }
        #expect(throws: T4Error.self) { try TIFFFaxReader.pageInfo(path: "/nonexistent/file.tif") }
    }
}

// Concurrent coding writes the same pages as sequential coding.
@Suite struct TIFFConcurrentWriterTests {
    @Test(arguments: [TIFFFaxWriter.Compression.none, .t4OneDimensional, .t4TwoDimensional, .t6])
    func concurrentWriteReadsBackTheSame(_ compression: TIFFFaxWriter.Compression) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("t4-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = "\(dir)/concurrent.tif"
        let pages = TestChart.pages(count: 3, resolution: .fine, seed: 11)
        try TIFFFaxWriter.writeConcurrently(pages, to: path, compression: compression)
        #expect(try TIFFFaxReader.readPages(path: path) == pages)
        let info = try TIFFFaxReader.pageInfo(path: path)
        #expect(info.count == 3 && info.allSatisfy { $0.width == 1728 && $0.resolution == .fine })
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["concurrent.tif"])  // no page files left
    }
}
