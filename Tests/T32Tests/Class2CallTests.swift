// Class2CallTests: our Class 2 driver's calls, both dialects, all at once at 4× line speed.
// Sending: three pages to the exchange's fax machine through the virtual Class 2 / 2.0 modem
// (proven first with efax and mgetty: VirtualExchangeTests/Class2InteropTests) — every page
// arrives pixel for pixel, each confirmed page is an event, the result carries the negotiated
// session. Receiving: the fax machine sends three pages and our driver, after the rings, takes
// them page by page (+FDR) into TIFF/F. Then the two drivers meet: our Class 2 driver sends to our
// Class 1 driver and the other way across one exchange. (Rates, codings and ECM: Class2CodingTests.)

import FaxOutcome
import FaxTestSupport
import Foundation
import Synchronization
import T30
import T31
import T32
import T4
import Testing
import VirtualExchange

@Suite struct Class2CallTests {
    @Test func sendsReceivesAndMeetsTheClass1Driver() throws {
        let runs: [(String, @Sendable (Findings) throws -> Void)] = [
            ("send, Class 2.0", { try Self.send(dialect: .class20, $0) }),
            ("send, Class 2", { try Self.send(dialect: .class2, $0) }),
            ("receive, Class 2.0", { try Self.receive(dialect: .class20, $0) }),
            ("receive, Class 2", { try Self.receive(dialect: .class2, $0) }),
            ("Class 2.0 → Class 1", { try Self.acrossClasses(class2Sends: true, $0) }),
            ("Class 1 → Class 2.0", { try Self.acrossClasses(class2Sends: false, $0) }),
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

    static func receive(dialect: T32ModemDialect, _ f: Findings) throws {
        let bed = try Class2Bed("class2-receive-\(dialect.rawValue)", dialect: dialect)
        let (dir, machine, modem) = (bed.dir, bed.machine, bed.modem)
        let (document, pages) = try writeChart(dir, pages: 3, name: "three.tif", seed: 71, density: 0.3)
        let sender = Thread { _ = machine.send(document: document, to: "100") }
        sender.start()
        let received = dir.file("received.tif")
        let session = FaxSession(.receive(into: received), options: FaxSessionOptions(localIdentity: "+1 555 0100", callDeadline: .seconds(120)))
        let events = Mutex<[Int]>([])
        session.onEvent = { event in
            if case .page(let number, _, _) = event { events.withLock { $0.append(number) } }
        }
        let frontEnd = Class2FrontEnd(modem: modem)
        frontEnd.answerTimeout = .seconds(30)
        let result = session.run(over: frontEnd, setup: .answer)
        let log = result.sessionLog.map(\.description).joined(separator: "\n")
        f.check(result.completion == .ok, "\(result.completion)\n\(log)")
        f.check(result.pagesTransferred == 3 && events.withLock { $0 } == [1, 2, 3], "pages \(result.pagesTransferred) \(events.withLock { $0 })\n\(log)")
        f.check(result.remoteIdentity == "+1 555 0200", "remote identity \(result.remoteIdentity)")
        f.check(result.bitRate == 14400 && result.badRows == 0, "\(result.bitRate) bit/s, \(result.badRows) bad rows")
        f.checkPages(received, against: pages, log: log)
    }

    /// Our Class 2 driver on a virtual Class 2.0 modem and our Class 1 driver on a virtual Class 1
    /// modem, on one exchange: one sends, the other answers.
    static func acrossClasses(class2Sends: Bool, _ f: Findings) throws {
        let dir = ScratchDirectory("class2-class1-\(class2Sends)")
        let exchange = VirtualExchange(options: ExchangeOptions(speed: 4))
        defer { exchange.stop() }
        _ = try exchange.addClass2Modem(number: "100", path: dir.file("tty2"), dialect: .class20)
        _ = try exchange.addModem(number: "300", path: dir.file("tty1"))
        exchange.start()
        let (document, pages) = try writeChart(dir, pages: 2, name: "two.tif", seed: 73, density: 0.3)
        let received = dir.file("received.tif")

        let class2 = try Class2Modem.open(path: dir.file("tty2"), lockDirectory: nil)
        defer { class2.close() }
        try class2.reset(stationIdentity: "+1 555 0100")
        // Each front end is used by one thread only: the answering one, or this one.
        nonisolated(unsafe) let class2End = Class2FrontEnd(modem: class2)
        class2End.answerTimeout = .seconds(30)
        nonisolated(unsafe) let class1End = Class1FrontEnd(devicePath: dir.file("tty1"), lockDirectory: nil)
        class1End.answerTimeout = .seconds(30)

        let receiverResult = Mutex<FaxSessionResult?>(nil)
        let answering = Thread {
            let session = FaxSession(.receive(into: received), options: FaxSessionOptions(localIdentity: class2Sends ? "+1 555 0300" : "+1 555 0100",
                                                                                          callDeadline: .seconds(120)))
            let result = session.run(over: class2Sends ? class1End : class2End, setup: .answer)
            receiverResult.withLock { $0 = result }
        }
        answering.start()
        Thread.sleep(forTimeInterval: 0.5)
        let sending = FaxSession(.transmit(document: document), options: FaxSessionOptions(localIdentity: class2Sends ? "+1 555 0100" : "+1 555 0300"))
        let sent = sending.run(over: class2Sends ? class2End : class1End, setup: .dial(class2Sends ? "300" : "100"))
        let deadline = Date().addingTimeInterval(60)
        while receiverResult.withLock({ $0 }) == nil, Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        let log = sent.sessionLog.map(\.description).joined(separator: "\n")
        f.check(sent.completion == .ok && sent.pagesTransferred == 2, "sender: \(sent.completion), \(sent.pagesTransferred) pages\n\(log)")
        guard let got = receiverResult.withLock({ $0 }) else { return f.fail("the receiver never finished") }
        f.check(got.completion == .ok && got.pagesTransferred == 2,
                "receiver: \(got.completion), \(got.pagesTransferred) pages\n\(got.sessionLog.map(\.description).joined(separator: "\n"))")
        f.checkPages(received, against: pages, log: log)
    }
}
