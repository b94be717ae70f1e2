// Hostile documents (fault 1 of issue 10): inputs built to take the converter — and faxd, which
// converts a job's document when a modem takes it — down. Each is refused with 4201/4202 within
// the time limit, using little disk and memory; before the fix each of the size cases aborted the
// whole process on an arithmetic overflow, and the PostScript flood filled the disk.

import FaxDocuments
import Foundation
import Synchronization
import T4
import Testing

@Suite(.serialized) struct HostileDocumentTests {
    func options(_ ws: Workspace, timeout: Double = 10) throws -> ConversionOptions {
        var options = ConversionOptions()
        options.temporaryDirectory = ws.file("tmp")
        try FileManager.default.createDirectory(atPath: options.temporaryDirectory, withIntermediateDirectories: true)
        options.limits.timeoutSeconds = timeout
        return options
    }

    func write(_ ws: Workspace, _ name: String, _ bytes: [UInt8]) throws -> String {
        let path = ws.file(name)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Converts `path` to a TIFF file (the faxd path) and returns the error and the seconds it took.
    func refusal(_ path: String, _ options: ConversionOptions, in ws: Workspace) -> (DocumentError?, Double) {
        let started = Date()
        do {
            try DocumentConverter(options: options).convert([path], to: ws.file("out.tif"))
            return (nil, Date().timeIntervalSince(started))
        } catch let error as DocumentError {
            return (error, Date().timeIntervalSince(started))
        } catch {
            Issue.record("untyped error \(error)")
            return (nil, Date().timeIntervalSince(started))
        }
    }

    // MARK: - Helpers that write without end

    /// `{s print} loop` writes 64 KiB to Ghostscript's stdout (sent to stderr) forever: about
    /// 100 MB a second, into a log file read whole afterwards before the fix. Now stderr is a pipe
    /// whose last 64 KiB are kept, and a helper writing more than 1 MiB of messages is stopped.
    @Test func postScriptPrintingForeverIsStoppedWithLittleDisk() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let options = try options(ws, timeout: 5)
        let ps = try write(ws, "flood.ps", Array("%!PS\n/s 65536 string def {s print} loop\n".utf8))
        let watcher = DiskWatcher(directory: options.temporaryDirectory)
        let (error, seconds) = refusal(ps, options, in: ws)
        let peak = watcher.stop()
        #expect(error?.code == 4201, "\(String(describing: error))")
        #expect(error != .timedOut(path: ps, seconds: 5), "stopped for its output, not at the time limit")
        #expect(seconds < 5)
        #expect(peak < 4 << 20, "scratch directory grew to \(peak) bytes")
        #expect(entryCount(options.temporaryDirectory) == 0)
    }

    /// Ghostscript's pages arrive on a pipe: a page that is not the fax page size (whatever the
    /// document asks of the device) is refused rather than buffered.
    @Test func ghostscriptOutputIsBoundedToFaxPages() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let options = try options(ws)
        let ps = try write(ws, "hw.ps", Array("""
            %!PS
            << /HWResolution [4000 4000] /PageSize [2000 2000] >> setpagedevice
            0 setgray 0 0 100 100 rectfill showpage

            """.utf8))
        let pages = try DocumentConverter(options: options).pages(for: [ps])
        #expect(pages.count == 1)
        #expect(pages.allSatisfy { $0.width == 1728 && $0.length == PaperSize.a4.rows(at: .fine) })
    }

    // MARK: - TIFF

    /// Sizes near 2^32 (libtiff takes lengths up to 2^31 in one strip): the sum of width × length
    /// over two pages overflowed Int (a trap: the process aborted). Now every size is multiplied
    /// with overflow checks and compared with the per-page pixel budget before anything is allocated.
    @Test(arguments: [
        ("both-huge", [HostileFiles.TIFFPage(width: 0xFFFF_FFF0, length: 0x7FFF_FFF0)]),
        ("sum-overflows", [HostileFiles.TIFFPage(width: 0xFFFF_FFF0, length: 0x7FFF_FFF0),
                           HostileFiles.TIFFPage(width: 0xFFFF_FFF0, length: 0x7FFF_FFF0)]),
        ("fax-width-endless", [HostileFiles.TIFFPage(width: 1728, length: 0x7FFF_FFF0)]),
        ("one-endless-row", [HostileFiles.TIFFPage(width: 0xFFFF_FFF0, length: 1)]),
        ("grey-64k-square", [HostileFiles.TIFFPage(width: 0x10000, length: 0x10000, bitsPerSample: 8)]),
        ("strip-per-row", [HostileFiles.TIFFPage(width: 1728, length: 0x7FFF_FFF0, rowsPerStrip: 1)]),
    ])
    func tiffWithHugeSizesIsRefused(_ name: String, _ pages: [HostileFiles.TIFFPage]) throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let options = try options(ws)
        let path = try write(ws, "\(name).tif", HostileFiles.tiff(pages))
        let (error, seconds) = refusal(path, options, in: ws)
        #expect([4201, 4202].contains(error?.code ?? 0), "\(name): \(String(describing: error))")
        #expect(seconds < 5)
        #expect(entryCount(options.temporaryDirectory) == 0)
    }

    /// The same files through T4's reader and the preview writer (faxctl preview, received faxes):
    /// refused before the page buffer is allocated.
    @Test func faxReaderRefusesPagesOverItsBudget() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        for (index, page) in [HostileFiles.TIFFPage(width: 0xFFFF_FFF0, length: 0x7FFF_FFF0),
                              HostileFiles.TIFFPage(width: 1728, length: 0x7FFF_FFF0)].enumerated() {
            let path = try write(ws, "huge-\(index).tif", HostileFiles.tiff([page]))
            #expect(throws: T4Error.self) { try TIFFFaxReader.readPages(path: path) }
            #expect(throws: DocumentError.self) { try FaxPreviewWriter.write(tiff: path, to: ws.file("prev-\(index)")) }
        }
    }

    /// Found by the decoder fuzz: a page taller than ImageMagick's height limit (16K rows in
    /// Debian's policy.xml) made MagickConstituteImage assert and abort the process while fitting.
    @Test func pageTallerThanImageMagickAllowsIsRefused() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let options = try options(ws)
        let tall = try ws.makeGreyTIFF("tall.tif", width: 64, height: 20000, dpi: 0, pages: 1)
        let (error, seconds) = refusal(tall, options, in: ws)
        #expect(error?.code == 4202, "\(String(describing: error))")
        #expect(seconds < 5)
    }

    // MARK: - CUPS raster

    /// A raster v3 header with cupsWidth × cupsHeight near 2^64 (libcups accepts it: the bytes per
    /// line agree with the width) overflowed the pixel count and aborted the process.
    @Test(arguments: [
        ("both-huge-1bit", UInt32(0xFFFF_FFF0), UInt32(0xFFFF_FFF0), UInt32(0x1FFF_FFFE), UInt32(1)),
        ("wide-8bit", UInt32(0x1FFF_FFFF), UInt32(0xFFFF_FFF0), UInt32(0x1FFF_FFFF), UInt32(8)),
        ("endless-fax-page", UInt32(1686), UInt32(0xFFFF_FFFF), UInt32(211), UInt32(1)),
        ("one-endless-row", UInt32(0xFFFF_FFF0), UInt32(1), UInt32(0x1FFF_FFFE), UInt32(1)),
    ])
    func cupsRasterWithHugeSizesIsRefused(_ name: String, _ width: UInt32, _ height: UInt32,
                                          _ bytesPerLine: UInt32, _ bitsPerPixel: UInt32) throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let options = try options(ws)
        let valid = [UInt8](FileManager.default.contents(atPath: try ws.makeCupsRaster("ok.ras", pages: 1))!)
        let hostile = HostileFiles.cupsRaster(valid, width: width, height: height, bytesPerLine: bytesPerLine,
                                              bitsPerPixel: bitsPerPixel)
        let path = try write(ws, "\(name).ras", hostile)
        let (error, seconds) = refusal(path, options, in: ws)
        #expect([4201, 4202].contains(error?.code ?? 0), "\(name): \(String(describing: error))")
        #expect(seconds < 5)
        #expect(entryCount(options.temporaryDirectory) == 0)
    }

    // MARK: - MagickWand images

    /// Image headers claiming more pixels than a page may have are refused on the ping, before
    /// ImageMagick decodes (and allocates) anything.
    @Test func imagesClaimingHugeSizesAreRefusedBeforeDecoding() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let options = try options(ws)
        let cases: [(String, [UInt8], Set<Int>)] = [
            ("huge.png", HostileFiles.png(width: 30000, height: 30000), [4202]),
            ("max.png", HostileFiles.png(width: 0x7FFF_FFFF, height: 0x7FFF_FFFF), [4201, 4202]),
            ("huge.gif", HostileFiles.gif(width: 0xFFFF, height: 0xFFFF), [4202]),
        ]
        for (name, bytes, codes) in cases {
            let (error, seconds) = refusal(try write(ws, name, bytes), options, in: ws)
            #expect(codes.contains(error?.code ?? 0), "\(name): \(String(describing: error))")
            #expect(seconds < 5, "\(name) took \(seconds) s")
        }
    }

    // MARK: - Text

    /// An 8 MB single line of tabs used to be expanded and split into an array of characters
    /// (gigabytes, minutes); pagination now stops as soon as the page limit is passed.
    @Test func endlessTextLineStopsAtThePageLimit() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let options = try options(ws)
        let path = try write(ws, "tabs.txt", [UInt8](repeating: 0x09, count: 8 << 20))
        let (error, seconds) = refusal(path, options, in: ws)
        #expect(error?.code == 4202, "\(String(describing: error))")
        #expect(seconds < 10)
    }
}

/// Samples the total size of the files under a directory every 20 ms until stopped; returns the peak.
final class DiskWatcher: Sendable {
    private let state = Mutex((running: true, peak: 0))
    private let done = DispatchSemaphore(value: 0)

    init(directory: String) {
        Thread.detachNewThread { [self] in
            while state.withLock({ $0.running }) {
                let size = Self.size(of: directory)
                state.withLock { $0.peak = max($0.peak, size) }
                usleep(20_000)
            }
            done.signal()
        }
    }

    func stop() -> Int {
        state.withLock { $0.running = false }
        done.wait()
        return state.withLock { $0.peak }
    }

    static func size(of directory: String) -> Int {
        guard let walker = FileManager.default.enumerator(atPath: directory) else { return 0 }
        var total = 0
        while let name = walker.nextObject() as? String {
            let attributes = try? FileManager.default.attributesOfItem(atPath: (directory as NSString).appendingPathComponent(name))
            total += (attributes?[.size] as? NSNumber)?.intValue ?? 0
        }
        return total
    }
}
