// Class2SendTests: our Class 2 driver (Class2Modem + Class2FrontEnd under FaxSession) sends to the
// exchange's fax machine through the virtual Class 2 modem — proven first with efax and mgetty
// (VirtualExchangeTests/Class2InteropTests) — in both dialects at once (each call on its own
// exchange and thread); every page arrives pixel for pixel, each confirmed page is an event, and
// the result carries the modem's negotiated session. Both ends are ours: 4× line speed.

import FaxOutcome
import FaxTestSupport
import Foundation
import Synchronization
import T30
import T32
import T4
import Testing
import VirtualExchange

@Suite struct Class2SendTests {
    @Test func sendsThreePagesToTheFaxMachineInBothDialects() throws {
        let runs: [(String, @Sendable (Findings) throws -> Void)] = [
            ("Class 2.0", { try Self.send(dialect: .class20, $0) }),
            ("Class 2", { try Self.send(dialect: .class2, $0) }),
        ]
        for (name, findings) in Findings.runConcurrently(runs) {
            #expect(findings.isEmpty, "\(name):\n\(findings.joined(separator: "\n"))")
        }
    }

    static func send(dialect: T32ModemDialect, _ f: Findings) throws {
        let dir = ScratchDirectory("class2-send-\(dialect.rawValue)")
        let exchange = VirtualExchange(options: ExchangeOptions(speed: 4))
        defer { exchange.stop() }
        _ = try exchange.addClass2Modem(number: "100", path: dir.file("tty"), dialect: dialect)
        let machine = try exchange.addFaxMachine(number: "200", inbox: dir.file("inbox"), options: FaxSessionOptions(localIdentity: "+1 555 0200"))
        exchange.start()
        let (document, pages) = try writeChart(dir, pages: 3, name: "three.tif", seed: 61, density: 0.3)

        let modem = try Class2Modem.open(path: dir.file("tty"), lockDirectory: nil)
        defer { modem.close() }
        try modem.reset(stationIdentity: "+1 555 0100")
        f.check(modem.dialect == (dialect == .class2 ? .class2 : .class20), "dialect \(modem.dialect)")
        let session = FaxSession(.transmit(document: document), options: FaxSessionOptions(localIdentity: "+1 555 0100"))
        let confirmed = Mutex<[Int]>([])
        session.onEvent = { event in
            if case .page(let number, _, _) = event { confirmed.withLock { $0.append(number) } }
        }
        let result = session.run(over: Class2FrontEnd(modem: modem), setup: .dial("200"))
        let log = result.sessionLog.map(\.description).joined(separator: "\n")
        f.check(result.completion == .ok, "\(result.completion)\n\(log)")
        f.check(result.pagesTransferred == 3 && confirmed.withLock { $0 } == [1, 2, 3], "pages \(result.pagesTransferred)\n\(log)")
        f.check(result.remoteIdentity == "+1 555 0200", "remote identity \(result.remoteIdentity)")
        // Default options allow everything, and the fax machine offers everything: V.17, MMR, ECM.
        f.check(result.bitRate == 14400 && result.compression == "T.6" && result.errorCorrection, "\(result.bitRate) \(result.compression)\n\(log)")
        guard let fax = machine.waitForReceived(count: 1, timeout: 30).first else { return f.fail("nothing arrived\n\(log)") }
        let arrived = try TIFFFaxReader.readPages(path: fax.path)
        f.check(arrived.count == pages.count, "\(arrived.count) pages arrived\n\(log)")
        for (index, (got, sent)) in zip(arrived, pages).enumerated() {
            f.check(got.width == sent.width && got.length == sent.length && got.resolution == sent.resolution,
                    "page \(index + 1): \(got.width)×\(got.length) \(got.resolution), sent \(sent.width)×\(sent.length) \(sent.resolution)")
            f.check(got.differingRows(from: sent) == 0, "page \(index + 1): \(got.differingRows(from: sent)) rows differ")
        }
    }
}
