// efax — Debian's efax 0.9a, an independent Class 1 implementation nobody here wrote — sends a
// 2-page fax through a virtual modem to the exchange's fax machine. Proof that the exchange looks
// like a real modem to real third-party fax software.

import FaxTestSupport
import Foundation
import Testing
import T30
import T4
@testable import VirtualExchange

@Suite(.serialized) struct EfaxInteropTests {
    static let efax = "/usr/bin/efax"

    @Test func efaxSendsTwoPagesThroughAVirtualModem() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.efax), "efax is not installed: run scripts/install-deps.sh")
        let dir = ScratchDirectory("efax-send")
        let exchange = VirtualExchange(options: ExchangeOptions(speed: 1, callLogPath: dir.file("calls.jsonl")))
        defer { exchange.stop() }
        _ = try exchange.addModem(number: "100", name: "efax", path: dir.file("ttyFAX0"))
        let machine = try exchange.addFaxMachine(number: "200", inbox: dir.file("inbox"), options: FaxSessionOptions(localIdentity: "+1 555 0200"))
        exchange.start()

        // efax wants one file per page. It reads TIFF G3 too, but runs past the end of a strip
        // that has no RTC (libtiff writes none); PBM it encodes itself.
        let pages = TestChart.pages(count: 2, resolution: .fine, seed: 21, density: 0.5)
        var files: [String] = []
        for (index, page) in pages.enumerated() {
            let file = dir.file("page\(index + 1).pbm")
            try writePBM(page, to: file)
            files.append(file)
        }

        let efax = Process()
        efax.executableURL = URL(fileURLWithPath: Self.efax)
        efax.arguments = ["-d", dir.file("ttyFAX0"), "-o1", "-l", "+1 555 0100", "-h", "", "-v", "ewin", "-t", "200"] + files
        let output = Pipe()
        efax.standardOutput = output
        efax.standardError = output
        try efax.run()
        let finished = DispatchSemaphore(value: 0)
        efax.terminationHandler = { _ in finished.signal() }
        if finished.wait(timeout: .now() + 240) == .timedOut {
            efax.terminate()
            Issue.record("efax did not finish within 240 s")
        }
        let log = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(efax.terminationStatus == 0, "efax failed:\n\(log)")
        // Not even a complaint: the modem answered every command as efax expected (including OK
        // after its final DCN, which needs the far end's hang-up to arrive like a real network's).
        #expect(!log.contains("Error:"), "efax reported errors:\n\(log)")

        let received = machine.waitForReceived(count: 1, timeout: 30)
        let fax = try #require(received.first, "nothing arrived; efax said:\n\(log)")
        #expect(fax.result.completion == .ok)
        #expect(fax.result.remoteIdentity == "+1 555 0100")
        #expect(fax.caller?.number == "100")
        let arrived = try TIFFFaxReader.readPages(path: fax.path)
        try #require(arrived.count == 2)
        // efax puts its own header band (20 rows, blank with -h "") above each page; below it
        // every row must be ours, and anything after the page blank.
        for (index, page) in arrived.enumerated() {
            let sent = pages[index]
            #expect(page.width == sent.width)
            #expect(page.length >= sent.length + 20)
            let header = (0..<20).filter { !page.row($0).allSatisfy { $0 == 0 } }
            #expect(header.isEmpty, "page \(index + 1): efax's header band is not blank")
            let differing = (0..<sent.length).filter { page.row(20 + $0) != sent.row($0) }
            #expect(differing.isEmpty, "page \(index + 1): rows \(differing.prefix(10)) differ")
            let trailer = ((20 + sent.length)..<page.length).filter { !page.row($0).allSatisfy { $0 == 0 } }
            #expect(trailer.isEmpty, "page \(index + 1): padding rows are not blank")
        }
        let record = try #require(exchange.callRecords.first)
        #expect(record.outcome == "answered")
        #expect(record.underruns == 0)
    }
}
