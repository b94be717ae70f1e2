// Our Class 1 sender to our Class 1 receiver through two virtual modems on one exchange:
// every modulation, ECM on and off, pages compared pixel for pixel. Independent calls run
// concurrently (each pair of lines on its own threads): line time, not CPU, is the cost.

import FaxOutcome
import FaxTestSupport
import Foundation
import T30
import T31
import T4
import Testing
import V250
import VirtualExchange

struct PairCase: Sendable {
    var label: String
    var modems: FaxModems
    var ecm: Bool
    var pages: Int
    var expectedRate: Int
}

/// Runs each case as its own call between two fresh virtual modems; returns (case, tx, rx, received pages).
/// Both ends are ours, so the exchange runs at 8× line speed (the driver follows the modem's flow
/// control, not the wall clock; Class1SpeedTests holds it to that at 16×).
func runPairs(_ cases: [PairCase], dir: ScratchDirectory) throws -> [(PairCase, FaxSessionResult?, FaxSessionResult?, [FaxPage], [FaxPage])] {
    let exchange = VirtualExchange(options: ExchangeOptions(speed: 8, ringInterval: 2))
    defer { exchange.stop() }
    var setups: [(PairCase, String, String, String, [FaxPage], String)] = []
    for (i, c) in cases.enumerated() {
        let tx = dir.file("tx\(i)"), rx = dir.file("rx\(i)")
        _ = try exchange.addModem(number: "10\(i)", name: "sender \(i)", path: tx)
        _ = try exchange.addModem(number: "20\(i)", name: "receiver \(i)", path: rx)
        let (doc, pages) = try writeDocument(dir, pages: c.pages, name: "doc\(i).tif", seed: UInt64(40 + i))
        setups.append((c, tx, rx, doc, pages, dir.file("in\(i).tif")))
    }
    exchange.start()
    var threads: [(CallThread<FaxSessionResult>, CallThread<FaxSessionResult>)] = []
    for (i, s) in setups.enumerated() {
        let (c, tx, rx, doc, _, inbox) = s
        let options = FaxSessionOptions(localIdentity: "+1 555 10\(i)", errorCorrection: c.ecm, modems: c.modems, callDeadline: .seconds(150))
        let receiver = CallThread("rx\(i)") {
            let frontEnd = Class1FrontEnd(devicePath: rx, lockDirectory: nil)
            frontEnd.answerTimeout = .seconds(60)
            return FaxSession(.receive(into: inbox), options: options).run(over: frontEnd, setup: .answer)
        }
        // No wait for the receiver: RING repeats, and it answers whichever one it sees first.
        let sender = CallThread("tx\(i)") {
            FaxSession(.transmit(document: doc), options: options).run(over: Class1FrontEnd(devicePath: tx, lockDirectory: nil), setup: .dial("20\(i)"))
        }
        threads.append((sender, receiver))
    }
    var out: [(PairCase, FaxSessionResult?, FaxSessionResult?, [FaxPage], [FaxPage])] = []
    for (i, (sender, receiver)) in threads.enumerated() {
        let txResult = sender.wait(timeout: 200)
        let rxResult = receiver.wait(timeout: 30)
        let received = (try? TIFFFaxReader.readPages(path: setups[i].5)) ?? []
        out.append((setups[i].0, txResult, rxResult, setups[i].4, received))
    }
    return out
}

@Suite(.serialized) struct Class1PairTests {
    @Test func class1SenderToClass1ReceiverAllModulations() throws {
        let dir = ScratchDirectory("c1-pair")
        let cases = [
            PairCase(label: "V.17 non-ECM", modems: .all, ecm: false, pages: 2, expectedRate: 14400),
            PairCase(label: "V.17 ECM", modems: .all, ecm: true, pages: 2, expectedRate: 14400),
            PairCase(label: "V.29 non-ECM", modems: [.v29, .v27ter], ecm: false, pages: 1, expectedRate: 9600),
            PairCase(label: "V.29 ECM", modems: [.v29], ecm: true, pages: 1, expectedRate: 9600),
            PairCase(label: "V.27ter non-ECM", modems: .v27ter, ecm: false, pages: 1, expectedRate: 4800),
            PairCase(label: "V.27ter ECM", modems: .v27ter, ecm: true, pages: 1, expectedRate: 4800),
        ]
        for (c, tx, rx, sent, received) in try runPairs(cases, dir: dir) {
            let tx = try #require(tx, "\(c.label): sender hung")
            let rx = try #require(rx, "\(c.label): receiver hung")
            #expect(tx.completion == .ok, "\(c.label) tx: \(tx.completion)\n\(logText(tx))")
            #expect(rx.completion == .ok, "\(c.label) rx: \(rx.completion)\n\(logText(rx))")
            print("\(c.label): \(tx.bitRate) bit/s \(tx.compression) ECM \(tx.errorCorrection), \(tx.pagesTransferred) pages, \(String(format: "%.1f", tx.lineSeconds)) line s")
            #expect(tx.bitRate == c.expectedRate, "\(c.label)")
            #expect(tx.errorCorrection == c.ecm, "\(c.label)")
            #expect(rx.pagesTransferred == c.pages)
            expectSamePages(received, sent)
        }
    }
}
