// A bounded fuzz of the in-process decoders (libtiff, libcups raster, MagickWand's PNG/JPEG/GIF):
// small real files, mutated with a fixed seed — bits flipped, bytes overwritten, truncated, blocks
// repeated, and the size fields of their headers overwritten with huge and odd values — each run
// through the converter. No mutant may crash the process or hang (each is timed), and every
// refusal is a DocumentError with code 4201 or 4202.
//
// Runs for SWIFTFAX_FUZZ_SECONDS (default 20) round robin over the seed files; the mutants are
// the same sequence on every run, only how far it gets depends on the machine. A crash leaves the
// mutant that caused it in the workspace printed at the start (fdt-…/case-N.ext).

import FaxDocuments
import Foundation
import T4
import Testing

@Suite(.serialized) struct DecoderFuzzTests {
    enum Kind { case tiff, cups, png, jpeg, gif }

    struct Seed {
        var name: String
        var kind: Kind
        var bytes: [UInt8]
    }

    /// Values a hostile header would carry.
    static let interesting: [UInt32] = [0, 1, 2, 7, 8, 0xFF, 0xFFFF, 0x1_0000, 0x7FFF, 0x8000, 1728, 0x10_0000,
                                        0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFF0, 0xFFFF_FFFE, 0xFFFF_FFFF, 0x1FFF_FFFE]

    func seeds(_ ws: Workspace) throws -> [Seed] {
        func load(_ path: String) -> [UInt8] { [UInt8](FileManager.default.contents(atPath: path)!) }
        let t6 = ws.file("t6.tif"), t4 = ws.file("t4.tif")
        // Short pages keep each round quick; the coding is the real T.4/T.6 writer's.
        let chart = TestChart.pages(count: 2, resolution: .fine, seed: 9).map { page in
            FaxPage(width: page.width, length: 300, resolution: page.resolution,
                    bits: Array(page.bits.prefix(300 * page.bytesPerRow)))
        }
        try TIFFFaxWriter.write(chart, to: t6, compression: .t6)
        try TIFFFaxWriter.write(Array(chart.prefix(1)), to: t4, compression: .t4TwoDimensional)
        let a = try ws.makeImage("a.gif", width: 60, height: 80), b = try ws.makeImage("b.gif", width: 40, height: 30)
        try ws.run("/usr/bin/convert-im6.q16", [a, b, ws.file("anim.gif")])
        return [
            Seed(name: "t6.tif", kind: .tiff, bytes: load(t6)),
            Seed(name: "t4.tif", kind: .tiff, bytes: load(t4)),
            Seed(name: "grey.tif", kind: .tiff, bytes: load(try ws.makeGreyTIFF("g.tif", width: 64, height: 96, dpi: 100, pages: 2))),
            Seed(name: "bits.ras", kind: .cups, bytes: load(try ws.makeCupsRaster("b.ras", pages: 2, width: 200, height: 120))),
            Seed(name: "grey.ras", kind: .cups, bytes: load(try ws.makeCupsRaster("g.ras", pages: 1, width: 90, height: 70, bitsPerPixel: 8))),
            Seed(name: "a.png", kind: .png, bytes: load(try ws.makeImage("a.png", width: 80, height: 100))),
            Seed(name: "a.jpg", kind: .jpeg, bytes: load(try ws.makeImage("a.jpg", width: 80, height: 100))),
            Seed(name: "p.jpg", kind: .jpeg, bytes: load(try ws.makeImage("p.jpg", width: 64, height: 48, extra: ["-interlace", "JPEG"]))),
            Seed(name: "anim.gif", kind: .gif, bytes: load(ws.file("anim.gif"))),
        ]
    }

    @Test func mutatedFilesAreConvertedOrRefusedWith42xx() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        print("decoder fuzz: mutants written to \(ws.path)")
        var options = ConversionOptions(resolution: .standard)  // smaller pages: more rounds a second
        options.temporaryDirectory = ws.file("tmp")
        try FileManager.default.createDirectory(atPath: options.temporaryDirectory, withIntermediateDirectories: true)
        let seeds = try seeds(ws)
        let budget = Double(ProcessInfo.processInfo.environment["SWIFTFAX_FUZZ_SECONDS"] ?? "") ?? 20
        var rng = SplitMix64(seed: 0x5EED_F0A7)
        var cases = 0, converted = 0, refused = [4201: 0, 4202: 0], slowest = (seconds: 0.0, name: "")
        let started = Date()
        while Date().timeIntervalSince(started) < budget {
            let seed = seeds[cases % seeds.count]
            let (bytes, how) = mutate(seed, &rng)
            let path = ws.file("case-\(cases)-\(seed.name)")
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            let t0 = Date()
            do {
                let pages = try DocumentConverter(options: options).pages(for: [path])
                #expect(!pages.isEmpty)
                converted += 1
            } catch let error as DocumentError {
                #expect([4201, 4202].contains(error.code), "case \(cases) (\(seed.name), \(how)): \(error)")
                refused[error.code, default: 0] += 1
            } catch {
                Issue.record("case \(cases) (\(seed.name), \(how)): untyped error \(error)")
            }
            let seconds = Date().timeIntervalSince(t0)
            if seconds > slowest.seconds { slowest = (seconds, "case \(cases) (\(seed.name), \(how))") }
            #expect(seconds < 10, "case \(cases) (\(seed.name), \(how)) took \(seconds) s")
            try? FileManager.default.removeItem(atPath: path)
            cases += 1
        }
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let peakMiB = usage.ru_maxrss / 1024
        print("decoder fuzz: \(cases) cases in \(Int(Date().timeIntervalSince(started))) s over \(seeds.count) seed files: "
              + "\(converted) converted, \(refused[4201]!) refused 4201, \(refused[4202]!) refused 4202; "
              + "slowest \(String(format: "%.2f", slowest.seconds)) s (\(slowest.name)); peak RSS \(peakMiB) MiB")
        #expect(cases >= seeds.count * 10, "only \(cases) cases ran")
        #expect(refused[4201]! > 0 && converted > 0)
        #expect(peakMiB < 3 << 10, "peak RSS \(peakMiB) MiB")
        #expect(entryCount(options.temporaryDirectory) == 0)
    }

    // MARK: - Mutations

    func mutate(_ seed: Seed, _ rng: inout SplitMix64) -> ([UInt8], String) {
        var bytes = seed.bytes
        func random(_ n: Int) -> Int { Int(rng.next() % UInt64(max(1, n))) }
        func value() -> UInt32 {
            random(3) == 0 ? UInt32(truncatingIfNeeded: rng.next()) : Self.interesting[random(Self.interesting.count)]
        }
        // Keep the magic (first 4 bytes) so the mutant reaches the decoder under test.
        func anywhere() -> Int { 4 + random(bytes.count - 4) }
        switch random(6) {
        case 0:
            let flips = 1 + random(8)
            for _ in 0..<flips { bytes[anywhere()] ^= UInt8(1 << random(8)) }
            return (bytes, "\(flips) bit flips")
        case 1:
            let count = 1 + random(16)
            for _ in 0..<count { bytes[anywhere()] = UInt8(truncatingIfNeeded: rng.next()) }
            return (bytes, "\(count) bytes overwritten")
        case 2:
            let length = 4 + random(bytes.count - 4)
            return (Array(bytes.prefix(length)), "truncated to \(length)")
        case 3:
            let from = anywhere(), length = 1 + random(min(256, bytes.count - from)), at = anywhere()
            bytes.insert(contentsOf: bytes[from..<(from + length)], at: at)
            return (bytes, "\(length) bytes repeated at \(at)")
        default:
            let fields = sizeFields(seed.kind, bytes)
            guard !fields.isEmpty else { return (bytes, "no size fields") }
            let count = 1 + random(3)
            var changed: [String] = []
            for _ in 0..<count {
                let field = fields[random(fields.count)]
                let v = value()
                write(v, into: &bytes, field)
                changed.append("\(field.name)=\(v)")
            }
            if seed.kind == .png { fixPNGCRCs(&bytes) }
            return (bytes, "header " + changed.joined(separator: ", "))
        }
    }

    struct Field {
        var name: String
        var offset: Int
        var size: Int
        var bigEndian: Bool
    }

    func write(_ value: UInt32, into bytes: inout [UInt8], _ field: Field) {
        guard field.offset + field.size <= bytes.count else { return }
        for i in 0..<field.size {
            let shift = field.bigEndian ? 8 * (field.size - 1 - i) : 8 * i
            bytes[field.offset + i] = UInt8(truncatingIfNeeded: value >> shift)
        }
    }

    /// Where each format keeps its sizes and counts.
    func sizeFields(_ kind: Kind, _ bytes: [UInt8]) -> [Field] {
        switch kind {
        case .tiff: return tiffFields(bytes)
        case .cups:
            return HostileFiles.cupsSizeFieldOffsets.map { Field(name: "cups+\($0)", offset: $0, size: 4, bigEndian: false) }
        case .png:
            return [Field(name: "width", offset: 16, size: 4, bigEndian: true),
                    Field(name: "height", offset: 20, size: 4, bigEndian: true),
                    Field(name: "depth/colour", offset: 24, size: 2, bigEndian: true)]
        case .gif:
            var fields = [Field(name: "screen width", offset: 6, size: 2, bigEndian: false),
                          Field(name: "screen height", offset: 8, size: 2, bigEndian: false)]
            for i in bytes.indices.dropFirst(13) where bytes[i] == 0x2C && i + 9 < bytes.count {
                fields += [Field(name: "frame width@\(i)", offset: i + 5, size: 2, bigEndian: false),
                           Field(name: "frame height@\(i)", offset: i + 7, size: 2, bigEndian: false)]
            }
            return fields
        case .jpeg:
            // SOF0/SOF2: FF C0|C2, length(2), precision(1), height(2), width(2), components(1).
            var fields: [Field] = []
            for i in 0..<(bytes.count - 9) where bytes[i] == 0xFF && (bytes[i + 1] == 0xC0 || bytes[i + 1] == 0xC2) {
                fields += [Field(name: "height", offset: i + 5, size: 2, bigEndian: true),
                           Field(name: "width", offset: i + 7, size: 2, bigEndian: true),
                           Field(name: "components", offset: i + 9, size: 1, bigEndian: true)]
            }
            return fields
        }
    }

    /// The value fields of every IFD entry of a classic TIFF (either byte order): sizes, strip
    /// offsets and counts, bits per sample and the rest — the values a decoder trusts.
    func tiffFields(_ bytes: [UInt8]) -> [Field] {
        let big = bytes[0] == 0x4D
        func u(_ at: Int, _ size: Int) -> Int? {
            guard at >= 0, at + size <= bytes.count else { return nil }
            var v = 0
            for i in 0..<size { v |= Int(bytes[at + (big ? size - 1 - i : i)]) << (8 * i) }
            return v
        }
        var fields: [Field] = []
        var ifd = u(4, 4) ?? 0
        var seen = Set<Int>()
        while ifd > 0, !seen.contains(ifd), let count = u(ifd, 2) {
            seen.insert(ifd)
            for e in 0..<count {
                let at = ifd + 2 + e * 12
                guard let tag = u(at, 2), let type = u(at + 2, 2) else { break }
                let size = type == 3 ? 2 : 4
                fields.append(Field(name: "tag \(tag)", offset: at + 8, size: size, bigEndian: big))
                fields.append(Field(name: "tag \(tag) count", offset: at + 4, size: 4, bigEndian: big))
            }
            ifd = u(ifd + 2 + count * 12, 4) ?? 0
        }
        return fields
    }

    /// Recomputes every chunk's CRC, so libpng reads the overwritten header instead of stopping at the CRC.
    func fixPNGCRCs(_ bytes: inout [UInt8]) {
        var at = 8
        while at + 12 <= bytes.count {
            let length = Int(bytes[at]) << 24 | Int(bytes[at + 1]) << 16 | Int(bytes[at + 2]) << 8 | Int(bytes[at + 3])
            guard length <= bytes.count - at - 12 else { return }
            let body = Array(bytes[(at + 4)..<(at + 8 + length)])
            var crc: UInt32 = 0xFFFF_FFFF
            for byte in body {
                crc ^= UInt32(byte)
                for _ in 0..<8 { crc = crc & 1 != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
            }
            crc = ~crc
            for i in 0..<4 { bytes[at + 8 + length + i] = UInt8(truncatingIfNeeded: crc >> (24 - 8 * i)) }
            at += 12 + length
        }
    }
}
