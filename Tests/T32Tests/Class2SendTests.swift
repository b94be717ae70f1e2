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
        let bed = try Class2Bed("class2-send-\(dialect.rawValue)", dialect: dialect)
        let (machine, modem) = (bed.machine, bed.modem)
        let (document, pages) = try writeChart(bed.dir, pages: 3, name: "three.tif", seed: 61, density: 0.3)
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
        f.checkPages(fax.path, against: pages, log: log)
    }
}
