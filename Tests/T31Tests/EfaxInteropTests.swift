// Interoperability with efax (Debian's efax 0.9a, an independent Class 1 implementation): our
// driver sends to `efax -r`, efax sends to our receiver, and efax sends through a virtual modem to
// the exchange's fax machine (proof that the exchange looks like a real modem to third-party fax
// software) — all three calls at once on one exchange, in real time (efax is not ours).

import FaxTestSupport
import Foundation
import T30
import T31
import T4
import Testing
import VirtualExchange

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
        _ = try exchange.addModem(number: "600", name: "efax to machine", path: dir.file("ttyEfaxMachine"))
        let machine = try exchange.addFaxMachine(number: "700", inbox: dir.file("machine"), options: FaxSessionOptions(localIdentity: "+1 555 0700"))
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
        // 3. efax -t → the exchange's fax machine (efax puts PBM pages through its own coder).
        let machinePages = TestChart.pages(count: 2, resolution: .fine, seed: 21, density: 0.5)
        var machineFiles: [String] = []
        for (index, page) in machinePages.enumerated() {
            machineFiles.append(dir.file("machinepage\(index + 1).pbm"))
            try writePBM(page, to: machineFiles.last!)
        }
        let toMachineFiles = machineFiles
        let efaxToMachine = CallThread("efax-to-machine") {
            (try? runEfax(["-d", dir.file("ttyEfaxMachine"), "-o1", "-l", "+1 555 0600", "-h", "", "-v", "ewin", "-t", "700"] + toMachineFiles, timeout: 200))
                ?? (nil, "could not run efax")
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
    
        // efax → the fax machine: efax reports no error at all (the modem answered every command
        // as efax expected, the OK after its final DCN included); every row is ours below efax's
        // 20-row header band, the padding blank; the call is logged as answered, no underruns.
        let (machineStatus, machineLog) = try #require(efaxToMachine.wait(timeout: 200))
        #expect(machineStatus == 0, "efax -t (to the fax machine) failed:\n\(machineLog)")
        #expect(!machineLog.contains("Error:"), "efax reported errors:\n\(machineLog)")
        let fax = try #require(machine.waitForReceived(count: 1, timeout: 30).first, "nothing arrived; efax said:\n\(machineLog)")
        #expect(fax.result.completion == .ok && fax.result.remoteIdentity == "+1 555 0600")
        #expect(fax.caller?.number == "600")
        let atMachine = try TIFFFaxReader.readPages(path: fax.path)
        try #require(atMachine.count == 2)
        for (index, page) in atMachine.enumerated() {
            let sent = machinePages[index]
            #expect(page.width == sent.width && page.length >= sent.length + 20)
            #expect((0..<20).allSatisfy { page.row($0).allSatisfy { $0 == 0 } }, "page \(index + 1): efax's header band is not blank")
            let differing = (0..<sent.length).filter { page.row(20 + $0) != sent.row($0) }
            #expect(differing.isEmpty, "page \(index + 1): rows \(differing.prefix(10)) differ")
            #expect(((20 + sent.length)..<page.length).allSatisfy { page.row($0).allSatisfy { $0 == 0 } }, "page \(index + 1): padding rows are not blank")
        }
        let record = try #require(exchange.callRecords.first { $0.to == "700" })
        #expect(record.outcome == "answered" && record.underruns == 0)
    }
}
