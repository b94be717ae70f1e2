// Bad input is refused with a typed error and the right code — 4201 unsupported/invalid/encrypted/
// empty/too slow, 4202 too large — never a crash, and no temporary files are left behind.

import FaxDocuments
import Foundation
import T4
import Testing

@Suite(.serialized) struct RejectionTests {
    /// Options whose scratch files go to a private directory the test can count.
    func options(_ ws: Workspace) throws -> ConversionOptions {
        var options = ConversionOptions()
        options.temporaryDirectory = ws.file("tmp")
        try FileManager.default.createDirectory(atPath: options.temporaryDirectory, withIntermediateDirectories: true)
        options.limits.timeoutSeconds = 10
        return options
    }

    /// The error converting `input` throws (nil if it converted).
    func failure(_ input: String, _ options: ConversionOptions) -> DocumentError? {
        do {
            _ = try DocumentConverter(options: options).pages(for: [input])
            return nil
        } catch let error as DocumentError {
            return error
        } catch {
            Issue.record("untyped error \(error)")
            return nil
        }
    }

    func write(_ ws: Workspace, _ name: String, _ bytes: [UInt8]) throws -> String {
        let path = ws.file(name)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func unknownAndInvalidInputsAre4201() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let options = try options(ws)
        let png = [UInt8](FileManager.default.contents(atPath: try ws.makeImage("ok.png"))!)
        let cases: [(String, [UInt8])] = [
            ("binary.pdf", [0x00, 0x01, 0x02, 0x03, 0xFF, 0xFE]),
            ("empty.txt", []),
            ("broken.pdf", Array("%PDF-1.4\n1 0 obj << /Type /Catalog >> nonsense\n%%EOF".utf8)),
            ("truncated.png", Array(png.prefix(60))),
            ("header-only.tif", [0x49, 0x49, 0x2A, 0x00, 0xFF, 0xFF, 0xFF, 0x7F]),
            ("bad.jpg", [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00]),
            ("bad.gif", Array("GIF89a\u{01}\u{00}".utf8)),
            ("bad.ras", Array("RaS2".utf8) + [UInt8](repeating: 7, count: 100)),
        ]
        for (name, bytes) in cases {
            let error = failure(try write(ws, name, bytes), options)
            #expect(error?.code == 4201, "\(name): \(String(describing: error))")
        }
        #expect(failure(ws.file("missing.pdf"), options)?.code == 4201)
        #expect(entryCount(options.temporaryDirectory) == 0)
    }

    @Test func encryptedPDFIsRefused() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let options = try options(ws)
        let error = failure(try ws.makePDF("secret.pdf", pages: 1, password: "pw"), options)
        #expect(error == .encrypted(path: ws.file("secret.pdf")))
        #expect(error?.code == 4201)
        #expect(entryCount(options.temporaryDirectory) == 0)
    }

    @Test func documentsWithoutPagesAreRefused() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let options = try options(ws)
        let ps = try write(ws, "nothing.ps", Array("%!PS\n% draws nothing\n".utf8))
        #expect(failure(ps, options) == .noPages(path: ps))
        let blank = try write(ws, "blank.txt", Array("   \n\n\t\n".utf8))
        #expect(failure(blank, options) == .noPages(path: blank))
        #expect(entryCount(options.temporaryDirectory) == 0)
    }

    @Test func runawayPostScriptIsKilledAtTheTimeLimit() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        var options = try options(ws)
        options.limits.timeoutSeconds = 1
        let ps = try write(ws, "loop.ps", Array("%!PS\n{ 1 pop } loop\n".utf8))
        let started = Date()
        #expect(failure(ps, options) == .timedOut(path: ps, seconds: 1))
        #expect(Date().timeIntervalSince(started) < 5)
        #expect(entryCount(options.temporaryDirectory) == 0)
    }

    @Test func limitsOnBytesPagesAndPixelsAre4202() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let base = try options(ws)
        let pdf = try ws.makePDF("three.pdf", pages: 3)
        var bytes = base
        bytes.limits.maxInputBytes = 100
        #expect(failure(pdf, bytes)?.code == 4202)
        var pages = base
        pages.limits.maxPages = 2
        #expect(failure(pdf, pages)?.code == 4202)
        #expect(failure(try ws.makeCupsRaster("r.ras", pages: 3), pages)?.code == 4202)
        let text = ws.file("long.txt")
        try String(repeating: "line\n", count: 200).write(toFile: text, atomically: true, encoding: .utf8)
        #expect(failure(text, pages)?.code == 4202)
        var pixels = base
        pixels.limits.maxPixels = 100_000
        #expect(failure(try ws.makeImage("big.png", width: 400, height: 400), pixels)?.code == 4202)
        #expect(failure(try ws.makeGreyTIFF("big.tif", width: 400, height: 400, dpi: 100, pages: 1), pixels)?.code == 4202)
        #expect(entryCount(base.temporaryDirectory) == 0)
    }

    /// Valid files of every type, mutated (bytes overwritten, truncated) with a fixed seed: each mutant
    /// either converts or is refused with 4201/4202, and nothing is left in the scratch directory.
    /// SWIFTFAX_FUZZ_ROUNDS (default 5) sets the mutants per seed file for longer runs.
    @Test func fuzzedInputsNeverCrashOrLeaveFiles() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        var options = try options(ws)
        options.limits.timeoutSeconds = 5
        let fax = ws.file("fax.tif")
        try TIFFFaxWriter.write(TestChart.pages(count: 1, resolution: .fine, seed: 2), to: fax, compression: .t6)
        let text = ws.file("t.txt")
        try "Hello\nworld\n".write(toFile: text, atomically: true, encoding: .utf8)
        let seeds = [
            try ws.makePDF("s.pdf", pages: 1), try ws.makePostScript("s.ps", pages: 1), try ws.makeImage("s.png"),
            try ws.makeImage("s.jpg"), try ws.makeImage("s.gif"), fax,
            try ws.makeGreyTIFF("g.tif", width: 200, height: 300, dpi: 100, pages: 1),
            try ws.makeCupsRaster("s.ras", pages: 1), text,
        ]
        var rng = SplitMix64(seed: 2026)
        let rounds = Int(ProcessInfo.processInfo.environment["SWIFTFAX_FUZZ_ROUNDS"] ?? "") ?? 5
        var outcomes = [0, 0]
        for seed in seeds {
            let original = [UInt8](FileManager.default.contents(atPath: seed)!)
            for variant in 0..<rounds {
                var bytes = original
                if variant % 5 == 4 {
                    bytes = Array(bytes.prefix(Int(rng.next() % UInt64(bytes.count))))
                } else {
                    for _ in 0..<(1 + variant % 5 * 8) {
                        let at = 4 + Int(rng.next() % UInt64(max(1, bytes.count - 4)))
                        if at < bytes.count { bytes[at] = UInt8(truncatingIfNeeded: rng.next()) }
                    }
                }
                let path = try write(ws, "fuzz-\(variant)-" + (seed as NSString).lastPathComponent, bytes)
                if let error = failure(path, options) {
                    #expect([4201, 4202].contains(error.code), "\(path): \(error)")
                    outcomes[1] += 1
                } else {
                    outcomes[0] += 1
                }
                #expect(entryCount(options.temporaryDirectory) == 0, "\(path) left scratch files")
            }
        }
        #expect(outcomes[1] > 0)
    }
}
