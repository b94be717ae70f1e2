// Class 2 / 2.0 interoperability: independent fax programs nobody here wrote — Debian's efax 0.9a
// (-o0 Class 2.0, -o2 Class 2) and mgetty-fax's sendfax — drive the virtual Class 2 modem
// (T32ModemLine) like a real one, sending to and receiving from the exchange's fax machine.
// Every page is decoded and compared. Each test keeps the program's own AT trace (efax -v c:
// every command and response) in its failure output: that trace is the reference behaviour.
//
// The calls run in real time (the programs are external peers), each on an exchange of its own,
// all at once, each on a thread of its own: they wait on the line, not the processor, so seven
// calls take the time of one. A run's findings are collected on its thread and recorded as
// expectations in the test's own context afterwards.

import FaxTestSupport
import Foundation
import Testing
import T30
import T4
@testable import VirtualExchange

@Suite struct Class2InteropTests {
    static let efax = "/usr/bin/efax"
    static let sendfax = "/usr/sbin/sendfax"

    /// An exchange with a Class 2 modem on 100 and a fax machine on 200.
    struct Bed {
        let dir: ScratchDirectory
        let exchange: VirtualExchange
        let modem: T32ModemLine
        let machine: FaxMachineLine
        let tty: String

        init(_ label: String, dialect: T32ModemDialect, device: String? = nil) throws {
            dir = ScratchDirectory(label)
            // A name of its own: efax locks the device by its base name, and the runs go at once.
            tty = device ?? dir.file("ttyC2\(UUID().uuidString.prefix(6))")
            exchange = VirtualExchange(options: ExchangeOptions(speed: 1, callLogPath: dir.file("calls.jsonl")))
            modem = try exchange.addClass2Modem(number: "100", name: "class2", path: tty, dialect: dialect)
            machine = try exchange.addFaxMachine(number: "200", inbox: dir.file("inbox"), options: FaxSessionOptions(localIdentity: "+1 555 0200"))
            exchange.start()
        }
    }

    /// Test-chart pages cut to 600 rows (a quarter of an A4 page at fine resolution): each call
    /// runs in real time, and a short page is all the modem's page handling needs.
    static func shortPages(count: Int, seed: UInt64) -> [FaxPage] {
        TestChart.pages(count: count, resolution: .fine, seed: seed, density: 0.5).map { page in
            FaxPage(width: page.width, length: 600, resolution: page.resolution, bits: Array(page.bits.prefix(600 * page.bytesPerRow)))
        }
    }

    /// Pages efax and pbm2g3 read (PBM: they code them themselves).
    static func pbmPages(_ dir: ScratchDirectory, count: Int, seed: UInt64) throws -> ([FaxPage], [String]) {
        let pages = shortPages(count: count, seed: seed)
        var files: [String] = []
        for (index, page) in pages.enumerated() {
            let file = dir.file("page\(index + 1).pbm")
            try writePBM(page, to: file)
            files.append(file)
        }
        return (pages, files)
    }

    /// efax's header band: 20 blank rows (-h "") above each page, then our rows, then blank padding.
    static func expectEfaxPage(_ page: FaxPage, equals sent: FaxPage, index: Int, trace: String, _ f: Findings) {
        f.check(page.width == sent.width, "page \(index + 1) width\n\(trace)")
        f.check(page.length >= sent.length + 20, "page \(index + 1) is \(page.length) rows\n\(trace)")
        guard page.length >= sent.length + 20 else { return }
        let header = (0..<20).filter { !page.row($0).allSatisfy { $0 == 0 } }
        f.check(header.isEmpty, "page \(index + 1): efax's header band is not blank")
        let differing = (0..<sent.length).filter { page.row(20 + $0) != sent.row($0) }
        f.check(differing.isEmpty, "page \(index + 1): rows \(differing.prefix(10)) differ\n\(trace)")
        let trailer = ((20 + sent.length)..<page.length).filter { !page.row($0).allSatisfy { $0 == 0 } }
        f.check(trailer.isEmpty, "page \(index + 1): padding rows are not blank")
    }

    /// Every independent host, at once. Each line names the program, its mode and direction.
    @Test func independentHostsDriveTheVirtualClass2Modem() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.efax), "efax is not installed: run scripts/install-deps.sh")
        try #require(FileManager.default.isExecutableFile(atPath: Self.sendfax), "mgetty-fax is not installed: run scripts/install-deps.sh")
        let runs: [(String, @Sendable (Findings) throws -> Void)] = [
            ("efax -o0 (Class 2.0) sends", { try Self.efaxSends(dialect: .class20, option: "-o0", $0) }),
            ("efax -o2 (Class 2) sends", { try Self.efaxSends(dialect: .class2, option: "-o2", $0) }),
            // A multi-class modem: Class 1 (spandsp's T.31) on the same line after AT+FCLASS=1.
            ("efax -o1 (Class 1 on the multi-class modem) sends", { try Self.efaxSends(dialect: .class20, option: "-o1", $0) }),
            ("efax -o0 (Class 2.0) receives", { try Self.efaxReceives(dialect: .class20, option: "-o0", $0) }),
            ("efax -o2 (Class 2) receives", { try Self.efaxReceives(dialect: .class2, option: "-o2", $0) }),
            ("sendfax (finds Class 2.0) sends", { try Self.sendfaxSends(dialect: .class20, modemClass: "auto", $0) }),
            ("sendfax -C cls2 (Class 2) sends", { try Self.sendfaxSends(dialect: .class2, modemClass: "cls2", $0) }),
        ]
        let started = Date()
        for (name, findings) in Findings.runConcurrently(runs) {
            #expect(findings.isEmpty, "\(name):\n\(findings.joined(separator: "\n"))")
        }
        print("\(runs.count) Class 2 interop calls at once: \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
    }

    static func efaxSends(dialect: T32ModemDialect, option: String, _ f: Findings) throws {
        let bed = try Bed("class2-efax-send", dialect: dialect)
        defer { bed.exchange.stop() }
        let (pages, files) = try Self.pbmPages(bed.dir, count: 2, seed: 31)
        let run = try runTool(Self.efax, ["-d", bed.tty, option, "-l", "+1 555 0100", "-h", "", "-v", "ewinc", "-t", "200"] + files, timeout: 180)
        let trace = "efax \(option) said:\n\(run.output)"
        f.check(run.status == 0, trace)
        f.check(!run.output.contains("Error"), trace)
        let received = bed.machine.waitForReceived(count: 1, timeout: 30)
        guard let fax = received.first else { return f.fail("nothing arrived\n\(trace)") }
        f.check(fax.result.completion == .ok, trace)
        f.check(fax.result.remoteIdentity == "+1 555 0100", "remote identity \(fax.result.remoteIdentity)")
        let arrived = try TIFFFaxReader.readPages(path: fax.path)
        guard arrived.count == 2 else { return f.fail("\(arrived.count) pages arrived\n\(trace)") }
        for (index, page) in arrived.enumerated() {
            Self.expectEfaxPage(page, equals: pages[index], index: index, trace: trace, f)
        }
    }

    static func efaxReceives(dialect: T32ModemDialect, option: String, _ f: Findings) throws {
        let bed = try Bed("class2-efax-receive", dialect: dialect)
        defer { bed.exchange.stop() }
        let pages = Self.shortPages(count: 2, seed: 41)
        let document = bed.dir.file("document.tif")
        try TIFFFaxWriter.write(pages, to: document)
        // efax sets the modem to answer on the first ring (S0=1) and waits for it (-w), as it does
        // when run from inittab; then it receives one file per page: rx.001, rx.002.
        nonisolated(unsafe) var run: (status: Int32?, output: String)?
        let efaxDone = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            run = try? runTool(Self.efax, ["-d", bed.tty, option, "-iS0=1", "-w", "-l", "+1 555 0100", "-v", "ewinc", "-r", bed.dir.file("rx")], timeout: 180)
            efaxDone.signal()
        }
        f.check(eventually(timeout: 15) { bed.modem.autoAnswerRings == 1 }, "efax never set S0=1")
        let sent = bed.machine.send(document: document, to: "100")
        efaxDone.wait()
        let trace = "efax \(option) said:\n\(run?.output ?? "(did not run)")"
        f.check(sent.completion == .ok, "the fax machine's call: \(sent.completion)\n\(trace)")
        f.check(sent.pagesTransferred == 2, trace)
        f.check(run?.status == 0, trace)
        f.check(run?.output.contains("Error") == false, trace)
        for (index, page) in pages.enumerated() {
            let file = bed.dir.file(String(format: "rx.%03d", index + 1))
            guard let received = try? TIFFFaxReader.readPages(path: file).first else { return f.fail("no page \(index + 1) (\(file))\n\(trace)") }
            f.check(received.width == page.width, "page \(index + 1)\n\(trace)")
            f.check(received.length >= page.length, "page \(index + 1) has \(received.length) rows\n\(trace)")
            let differing = (0..<min(page.length, received.length)).filter { received.row($0) != page.row($0) }
            f.check(differing.isEmpty, "page \(index + 1): rows \(differing.prefix(10)) differ\n\(trace)")
            let trailer = (min(page.length, received.length)..<received.length).filter { !received.row($0).allSatisfy { $0 == 0 } }
            f.check(trailer.isEmpty, "page \(index + 1): rows after the page are not blank")
        }
    }

    /// mgetty-fax's sendfax finds the modem's class itself (AT+FCLASS=2.0, else 2) and sends G3
    /// files made by mgetty's own pbm2g3. sendfax takes devices only under /dev.
    static func sendfaxSends(dialect: T32ModemDialect, modemClass: String, _ f: Findings) throws {
        let device = "ttySWF\(UUID().uuidString.prefix(6))"
        let bed = try Bed("class2-sendfax", dialect: dialect, device: "/dev/" + device)
        defer { bed.exchange.stop() }
        let (pages, pbmFiles) = try Self.pbmPages(bed.dir, count: 2, seed: 51)
        var files: [String] = []
        for pbm in pbmFiles {
            let g3 = pbm.replacingOccurrences(of: ".pbm", with: ".g3")
            let made = try runTool("/bin/sh", ["-c", "/usr/bin/pbm2g3 '\(pbm)' > '\(g3)'"])
            guard made.status == 0 else { return f.fail("pbm2g3: \(made.output)") }
            files.append(g3)
        }
        let run = try runTool(Self.sendfax, ["-v", "-x", "5", "-C", modemClass, "-l", device, "200"] + files, timeout: 180)
        // sendfax.log is shared by the runs going at once: only this device's lines.
        let log = (try? String(contentsOfFile: "/var/log/mgetty/fax/sendfax.log", encoding: .utf8)) ?? ""
        let mine = log.split(separator: "\n").filter { $0.contains(device) }
        let trace = "sendfax said:\n\(run.output)\nsendfax.log (this device):\n\(mine.suffix(80).joined(separator: "\n"))"
        f.check(run.status == 0, trace)
        let received = bed.machine.waitForReceived(count: 1, timeout: 30)
        guard let fax = received.first else { return f.fail("nothing arrived\n\(trace)") }
        f.check(fax.result.completion == .ok, trace)
        let arrived = try TIFFFaxReader.readPages(path: fax.path)
        guard arrived.count == 2 else { return f.fail("\(arrived.count) pages arrived\n\(trace)") }
        for (index, page) in arrived.enumerated() {
            let sent = pages[index]
            f.check(page.width == sent.width, "page \(index + 1) width")
            f.check(page.length >= sent.length, "page \(index + 1) has \(page.length) rows\n\(trace)")
            let differing = (0..<min(page.length, sent.length)).filter { page.row($0) != sent.row($0) }
            f.check(differing.isEmpty, "page \(index + 1): rows \(differing.prefix(10)) differ\n\(trace)")
        }
    }
}
