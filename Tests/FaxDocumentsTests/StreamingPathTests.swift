// The streaming PDF path (DocumentConverter+Streaming: pdfinfo's page count first, header bands
// drawn while Ghostscript starts, each page stamped and coded as it arrives) — what
// `swiftfax-bench documents` measures and what faxd runs for the commonest job — writes, with a
// page header, the very file the ordinary path writes: compared byte for byte.

@testable import FaxDocuments
import Foundation
import T4
import Testing

@Suite(.serialized) struct StreamingPathTests {
    static let header = PageHeader(sender: "ACME Clinic", number: "+1 555 0100", recipient: "Radiology",
                                   timeZone: TimeZone(identifier: "UTC")!, date: Date(timeIntervalSince1970: 1_790_000_000))

    func bytes(_ path: String) -> [UInt8] { [UInt8](FileManager.default.contents(atPath: path) ?? Data()) }

    @Test(arguments: [
        (1, FaxResolution.fine, TIFFFaxWriter.Compression.t6),
        (3, .fine, .t6),
        (4, .standard, .t4TwoDimensional),
        (2, .superfine, .t4OneDimensional),
    ])
    func streamedFileIsByteIdenticalToTheOrdinaryOne(_ pageCount: Int, _ resolution: FaxResolution,
                                                      _ compression: TIFFFaxWriter.Compression) throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let pdf = try ws.makePDF("doc.pdf", pages: pageCount)
        var options = ConversionOptions(resolution: resolution, compression: compression)
        options.header = Self.header
        let converter = DocumentConverter(options: options)

        let streamedPath = ws.file("streamed.tif"), ordinaryPath = ws.file("ordinary.tif"), publicPath = ws.file("convert.tif")
        let streamed = try converter.convertStreaming(pdf, to: streamedPath)
        #expect(streamed != nil, "the streaming path must apply to one PDF with a header and no cover")
        let ordinary = try converter.convertOrdinary([pdf], to: ordinaryPath, cover: nil)
        try converter.convert([pdf], to: publicPath)

        #expect(streamed == ordinary)
        let a = bytes(streamedPath), b = bytes(ordinaryPath)
        #expect(!a.isEmpty && a == b, "streamed \(a.count) bytes, ordinary \(b.count) bytes")
        #expect(bytes(publicPath) == a)

        // What the file holds: the pages, each with the header's ink in its band.
        let read = try TIFFFaxReader.readPages(path: streamedPath)
        #expect(read.count == pageCount)
        let band = 0..<PageHeader.bandRows(resolution)
        for (index, page) in read.enumerated() {
            #expect(page.width == 1728 && page.length == PaperSize.a4.rows(at: resolution))
            #expect(page.blackPixelCount(inRows: band) > 300, "page \(index + 1) has no header")
            #expect(page == ordinary[index])
        }
    }

    /// Without a header too (the benchmark's other half).
    @Test func streamedFileWithoutHeaderIsByteIdentical() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let pdf = try ws.makePDF("doc.pdf", pages: 3)
        let converter = DocumentConverter()
        #expect(try converter.convertStreaming(pdf, to: ws.file("s.tif")) != nil)
        _ = try converter.convertOrdinary([pdf], to: ws.file("o.tif"), cover: nil)
        #expect(bytes(ws.file("s.tif")) == bytes(ws.file("o.tif")))
    }
}
