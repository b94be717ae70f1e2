// VoiceModemFaxTests: faxing over a voice modem — SwiftFax's soft modem (spandsp's modems and
// T.30 on the host) through our V.253 driver and the exchange's virtual voice modem (proven first
// with vgetty/vm: VirtualExchangeTests/VoiceModemInteropTests). To the exchange's fax machine with
// ECM and MMR and without ECM at V.29, from it, and to our Class 1 driver across the exchange; with
// G.711 on the line. Every page pixel-identical. Both ends are ours: 4× line speed, all at once.

import FaxOutcome
import FaxTestSupport
import Foundation
import Synchronization
import T30
import T31
import T4
import Testing
import V250
import V253
import VirtualExchange

@Suite struct VoiceModemFaxTests {
    @Test func theSoftModemFaxesOverAVoiceModem() throws {
        let runs: [(String, @Sendable (Findings) throws -> Void)] = [
            ("send, ECM + MMR, V.17", { try Self.send(ecm: true, modems: .all, expectRate: 14400, $0) }),
            ("send, no ECM, V.29, µ-law line", { try Self.send(ecm: false, modems: [.v27ter, .v29], expectRate: 9600, companding: .ulaw, $0) }),
            ("send, ECM, V.27ter, G.711 A-law samples", { try Self.send(ecm: true, modems: [.v27ter], expectRate: 4800, coding: .alaw, $0) }),
            ("receive from the fax machine", { try Self.receive($0) }),
            ("send to our Class 1 driver", { try Self.toClass1($0) }),
        ]
        for (name, findings) in Findings.runConcurrently(runs) {
            #expect(findings.isEmpty, "\(name):\n\(findings.joined(separator: "\n"))")
        }
    }

    /// An exchange at 4× with our voice modem on 100 (its line impaired as asked), opened and reset.
    static func bed(_ label: String, companding: LineImpairments.Companding = .none, coding: V253SampleFormat.Coding? = nil,
                    lines: (VirtualExchange, ScratchDirectory) throws -> Void) throws -> (VirtualExchange, V253Modem, ScratchDirectory) {
        let dir = ScratchDirectory(label)
        let exchange = VirtualExchange(options: ExchangeOptions(speed: 4))
        _ = try exchange.addVoiceModem(number: "100", path: dir.file("tty"), profile: LineProfile(impairments: LineImpairments(companding: companding)))
        try lines(exchange, dir)
        exchange.start()
        let modem = try V253Modem.open(path: dir.file("tty"), lockDirectory: nil)
        modem.preferredCodings = coding.map { [$0] } ?? []
        try modem.reset()
        return (exchange, modem, dir)
    }

    static func send(ecm: Bool, modems: FaxModems, expectRate: Int, companding: LineImpairments.Companding = .none,
                     coding: V253SampleFormat.Coding? = nil, _ f: Findings) throws {
        var machine: FaxMachineLine!
        let (exchange, modem, dir) = try bed("v253-send-\(ecm)-\(expectRate)", companding: companding, coding: coding) { exchange, dir in
            machine = try exchange.addFaxMachine(number: "200", inbox: dir.file("inbox"), options: FaxSessionOptions(localIdentity: "+1 555 0200"))
        }
        defer { modem.close(); exchange.stop() }
        let (document, pages) = try writeChart(dir, pages: 2, name: "two.tif", seed: 201, density: 0.3)
        let options = FaxSessionOptions(localIdentity: "+1 555 0100", errorCorrection: ecm, modems: modems)
        let frontEnd = V253FrontEnd(modem: modem)
        let result = FaxSession(.transmit(document: document), options: options).run(over: frontEnd, setup: .dial("200"))
        let log = result.sessionLog.map(\.description).joined(separator: "\n")
        f.check(result.completion == .ok && result.pagesTransferred == 2, "\(result.completion), \(result.pagesTransferred) pages\n\(log)")
        f.check(result.bitRate == expectRate && result.errorCorrection == ecm, "\(result.bitRate) bit/s, ECM \(result.errorCorrection)")
        f.check(log.contains("voice modem audio:"), "no audio summary in the session log")
        if let coding { f.check(modem.format.coding == coding, "format \(modem.format.coding), asked \(coding)") }
        // Pacing works: a block played late is rare (the link is a pty; a storm means it broke).
        f.check(frontEnd.line.underruns < 25 && frontEnd.line.overrunSamples == 0, frontEnd.audioSummary)
        guard let fax = machine.waitForReceived(count: 1, timeout: 30).first else { return f.fail("nothing arrived\n\(log)") }
        f.checkPages(fax.path, against: pages, log: log)
    }

    static func receive(_ f: Findings) throws {
        var machine: FaxMachineLine!
        let (exchange, modem, dir) = try bed("v253-receive") { exchange, dir in
            machine = try exchange.addFaxMachine(number: "200", inbox: dir.file("inbox"), options: FaxSessionOptions(localIdentity: "+1 555 0200"))
        }
        defer { modem.close(); exchange.stop() }
        let (document, pages) = try writeChart(dir, pages: 2, name: "two.tif", seed: 203, density: 0.3)
        let caller: FaxMachineLine = machine
        let sender = Thread { _ = caller.send(document: document, to: "100") }
        sender.start()
        let frontEnd = V253FrontEnd(modem: modem)
        frontEnd.line.answerTimeout = .seconds(30)
        let received = dir.file("received.tif")
        let result = FaxSession(.receive(into: received), options: FaxSessionOptions(localIdentity: "+1 555 0100")).run(over: frontEnd, setup: .answer)
        let log = result.sessionLog.map(\.description).joined(separator: "\n")
        f.check(result.completion == .ok && result.pagesTransferred == 2, "\(result.completion), \(result.pagesTransferred) pages\n\(log)")
        f.check(result.remoteIdentity == "+1 555 0200", "remote identity \(result.remoteIdentity)")
        f.checkPages(received, against: pages, log: log)
    }

    static func toClass1(_ f: Findings) throws {
        let (exchange, modem, dir) = try bed("v253-class1") { exchange, dir in
            _ = try exchange.addModem(number: "300", path: dir.file("class1"))
        }
        defer { modem.close(); exchange.stop() }
        let (document, pages) = try writeChart(dir, pages: 2, name: "two.tif", seed: 205, density: 0.3)
        let received = dir.file("received.tif")
        let answered = Mutex<FaxSessionResult?>(nil)
        let class1 = Class1FrontEnd(devicePath: dir.file("class1"), lockDirectory: nil)
        class1.answerTimeout = .seconds(30)
        nonisolated(unsafe) let receiver = class1  // used by the answering thread only
        let answering = Thread {
            let result = FaxSession(.receive(into: received), options: FaxSessionOptions(localIdentity: "+1 555 0300")).run(over: receiver, setup: .answer)
            answered.withLock { $0 = result }
        }
        answering.start()
        Thread.sleep(forTimeInterval: 0.5)
        let result = FaxSession(.transmit(document: document), options: FaxSessionOptions(localIdentity: "+1 555 0100"))
            .run(over: V253FrontEnd(modem: modem), setup: .dial("300"))
        let log = result.sessionLog.map(\.description).joined(separator: "\n")
        f.check(result.completion == .ok && result.pagesTransferred == 2, "\(result.completion), \(result.pagesTransferred) pages\n\(log)")
        let deadline = Date().addingTimeInterval(30)
        while answered.withLock({ $0 }) == nil, Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        f.check(answered.withLock { $0 }?.completion == .ok, "the Class 1 receiver: \(String(describing: answered.withLock { $0 }?.completion))")
        f.checkPages(received, against: pages, log: log)
    }
}
