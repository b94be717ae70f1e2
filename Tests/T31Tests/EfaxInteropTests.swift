// Interoperability with efax (Debian's efax 0.9a, an independent Class 1 implementation): our
// driver sends to `efax -r`, and efax sends to our receiver — both calls at once on one exchange.

import FaxTestSupport
import Foundation
import T30
import T31
import T4
import Testing
import VirtualExchange

/// Writes a page as a binary PBM (P4: rows packed MSB first, 1 = black — a FaxPage's own layout).
func writePBM(_ page: FaxPage, to path: String) throws {
    var data = Data("P4\n\(page.width) \(page.length)\n".utf8)
    data.append(contentsOf: page.bits)
    try data.write(to: URL(fileURLWithPath: path))
}

/// Runs efax with `arguments`; returns (exit status, output), or nil status if it did not finish.
func runEfax(_ arguments: [String], timeout: Double) throws -> (Int32?, String) {
    try runTool(EfaxInteropTests.efax, arguments, timeout: timeout)
}

@Suite(.serialized) struct EfaxInteropTests {
    static let efax = "/usr/bin/efax"

    @Test func efaxBothWays() throws {
        // A missing efax is a broken install (scripts/install-deps.sh installs it), not a reason to skip.
        try #require(FileManager.default.isExecutableFile(atPath: Self.efax), "efax is not installed: run scripts/install-deps.sh")
        let dir = ScratchDirectory("c1-efax")
        let exchange = VirtualExchange(options: ExchangeOptions(speed: 1, ringInterval: 2))
        defer { exchange.stop() }
        _ = try exchange.addModem(number: "100", name: "ours out", path: dir.file("ttyOurs"))
        _ = try exchange.addModem(number: "300", name: "efax in", path: dir.file("ttyEfaxIn"))
        _ = try exchange.addModem(number: "500", name: "efax out", path: dir.file("ttyEfaxOut"))
        _ = try exchange.addModem(number: "400", name: "ours in", path: dir.file("ttyOursIn"))
        exchange.start()

        // 1. Our Class 1 sender → efax -r (efax answers with ATA itself, once the line rings).
        let (doc, sent) = try writeDocument(dir, pages: 2, seed: 5)
        let options = FaxSessionOptions(localIdentity: "+1 555 0100", callDeadline: .seconds(150))
        let sender = CallThread("send-to-efax") {
            FaxSession(.transmit(document: doc), options: options)
                .run(over: Class1FrontEnd(devicePath: dir.file("ttyOurs"), lockDirectory: nil), setup: .dial("300"))
        }
        // 2. efax -t → our Class 1 receiver.
        let inbox = dir.file("fromEfax.tif")
        let receiver = CallThread("receive-from-efax") {
            let frontEnd = Class1FrontEnd(devicePath: dir.file("ttyOursIn"), lockDirectory: nil)
            frontEnd.answerAfterRings = 2
            frontEnd.answerTimeout = .seconds(60)
            let result = FaxSession(.receive(into: inbox), options: FaxSessionOptions(localIdentity: "+1 555 0400", callDeadline: .seconds(150)))
                .run(over: frontEnd, setup: .answer)
            return (result, frontEnd.callerID)
        }
        let efaxPages = TestChart.pages(count: 2, resolution: .fine, seed: 9, density: 0.15)
        var files: [String] = []
        for (index, page) in efaxPages.enumerated() {
            files.append(dir.file("efaxpage\(index + 1).pbm"))
            try writePBM(page, to: files.last!)
        }
        let pageFiles = files
        let efaxSend = CallThread("efax-send") {
            (try? runEfax(["-d", dir.file("ttyEfaxOut"), "-o1", "-l", "+1 555 0500", "-h", "", "-t", "400"] + pageFiles, timeout: 200)) ?? (nil, "could not run efax")
        }
        // efax answers a call already ringing (it does not wait for RING).
        #expect(eventually(timeout: 30) { exchange.activeCalls.contains { $0.to == "300" && $0.rings >= 1 } }, "300 never rang")
        let (efaxStatus, efaxLog) = try runEfax(["-d", dir.file("ttyEfaxIn"), "-o1", "-l", "+1 555 0300", "-r", dir.file("efaxrx")], timeout: 200)

        // Our sender → efax.
        let tx = try #require(sender.wait(timeout: 60), "our sender hung")
        #expect(tx.completion == .ok, "\(tx.completion)\n\(logText(tx))\nefax said:\n\(efaxLog)")
        #expect(efaxStatus == 0, "efax -r failed:\n\(efaxLog)")
        #expect(tx.remoteIdentity == "+1 555 0300")
        #expect(tx.compression == "T.4 1-D" && !tx.errorCorrection)
        var arrived: [FaxPage] = []
        for n in 1...2 {
            arrived += (try? TIFFFaxReader.readPages(path: dir.file(String(format: "efaxrx.%03d", n)))) ?? []
        }
        try #require(arrived.count == 2, "efax stored \(arrived.count) pages:\n\(efaxLog)")
        for (page, want) in zip(arrived, sent) {
            let differing = (0..<want.length).filter { $0 >= page.length || page.row($0) != want.row($0) }
            #expect(page.width == want.width && differing.isEmpty, "rows \(differing.prefix(8)) differ")
        }

        // efax → our receiver: efax's blank 20-row header band sits above each page.
        let (efaxSendStatus, efaxSendLog) = try #require(efaxSend.wait(timeout: 200))
        #expect(efaxSendStatus == 0, "efax -t failed:\n\(efaxSendLog)")
        let (rx, callerID) = try #require(receiver.wait(timeout: 30), "our receiver hung")
        #expect(rx.completion == .ok, "\(rx.completion)\n\(logText(rx))")
        #expect(rx.remoteIdentity == "+1 555 0500")
        #expect(callerID?.number == "500")
        let got = try TIFFFaxReader.readPages(path: inbox)
        try #require(got.count == 2)
        for (page, want) in zip(got, efaxPages) {
            #expect(page.width == want.width && page.length >= want.length + 20)
            let differing = (0..<want.length).filter { 20 + $0 >= page.length || page.row(20 + $0) != want.row($0) }
            #expect(differing.isEmpty, "rows \(differing.prefix(8)) differ")
            #expect((0..<20).allSatisfy { page.row($0).allSatisfy { $0 == 0 } }, "header band not blank")
        }
    }
}
