// Class2CodingTests: our Class 2 driver sends MH, MR and MMR pages, with and without ECM, at
// V.17, V.29 and V.27ter, in both dialects, through the virtual Class 2 modem to the exchange's
// fax machine (spandsp, offering everything). What the host allows (FaxSessionOptions → T32Offer
// → +FCC/+FIS) must be what is negotiated on the line: the rate, coding and ECM the driver reports
// from +FCS are checked against what was asked for and against what the far end itself saw, and
// every page must arrive pixel for pixel. The other direction too: a host receiving with +FDR
// gets each page coded as +FCS says (MMR under ECM, MR), decoded here pixel for pixel. The calls
// run at once, each on its own exchange at 4× line speed (both ends are ours).

import FaxOutcome
import FaxTestSupport
import Foundation
import T30
import T32
import T4
import Testing
import V250
@testable import VirtualExchange

@Suite struct Class2CodingTests {
    /// One call: what the host allows, and what must come of it.
    struct Case: Sendable {
        var name: String
        var dialect: T32ModemDialect
        var modems: FaxModems
        var compressions: FaxCompressions
        var ecm: Bool
        var resolution: FaxResolution
        var bitRate: Int
        var compression: String
    }

    static let mh: FaxCompressions = [.t4OneDimensional]
    static let mr: FaxCompressions = [.t4OneDimensional, .t4TwoDimensional]
    static let cases: [Case] = [
        Case(name: "2.0 V.17 MH", dialect: .class20, modems: .all, compressions: mh, ecm: false, resolution: .fine, bitRate: 14400, compression: "T.4 1-D"),
        Case(name: "2.0 V.17 MR", dialect: .class20, modems: .all, compressions: mr, ecm: false, resolution: .fine, bitRate: 14400, compression: "T.4 2-D"),
        Case(name: "2.0 V.17 MMR ECM", dialect: .class20, modems: .all, compressions: .all, ecm: true, resolution: .fine, bitRate: 14400, compression: "T.6"),
        Case(name: "2.0 V.29 MR ECM", dialect: .class20, modems: [.v27ter, .v29], compressions: mr, ecm: true, resolution: .standard, bitRate: 9600, compression: "T.4 2-D"),
        // MMR is allowed but ECM is not: T.30 has no MMR without ECM, so MR it is.
        Case(name: "2.0 V.27ter MMR without ECM", dialect: .class20, modems: [.v27ter], compressions: .all, ecm: false, resolution: .standard, bitRate: 4800, compression: "T.4 2-D"),
        Case(name: "2 V.17 MMR ECM", dialect: .class2, modems: .all, compressions: .all, ecm: true, resolution: .fine, bitRate: 14400, compression: "T.6"),
        Case(name: "2 V.29 MR", dialect: .class2, modems: [.v27ter, .v29], compressions: mr, ecm: false, resolution: .fine, bitRate: 9600, compression: "T.4 2-D"),
        Case(name: "2 V.27ter MH ECM", dialect: .class2, modems: [.v27ter], compressions: mh, ecm: true, resolution: .standard, bitRate: 4800, compression: "T.4 1-D"),
    ]

    @Test func driverSendsEachCodingRateAndECMChoiceThroughBothDialects() throws {
        let runs: [(String, @Sendable (Findings) throws -> Void)] = Self.cases.enumerated().map { index, call in
            (call.name, { try Self.send(call, seed: UInt64(100 + index), $0) })
        }
        for (name, findings) in Findings.runConcurrently(runs) {
            #expect(findings.isEmpty, "\(name):\n\(findings.joined(separator: "\n"))")
        }
    }

    static func send(_ call: Case, seed: UInt64, _ f: Findings) throws {
        let bed = try Class2Bed("class2-coding-\(seed)", dialect: call.dialect)
        let (machine, modem) = (bed.machine, bed.modem)
        let (document, pages) = try writeChart(bed.dir, pages: 2, name: "two.tif", resolution: call.resolution, seed: seed, density: 0.3)
        let options = FaxSessionOptions(localIdentity: "+1 555 0100", errorCorrection: call.ecm, modems: call.modems, compressions: call.compressions)
        modem.sessionOptions = options
        let session = FaxSession(.transmit(document: document), options: options)
        let result = session.run(over: Class2FrontEnd(modem: modem), setup: .dial("200"))
        let log = result.sessionLog.map(\.description).joined(separator: "\n")
        f.check(result.completion == .ok && result.pagesTransferred == 2, "\(result.completion), \(result.pagesTransferred) pages\n\(log)")
        f.check(result.bitRate == call.bitRate && result.compression == call.compression && result.errorCorrection == call.ecm,
                "driver saw \(result.bitRate) \(result.compression) ECM \(result.errorCorrection)\n\(log)")
        guard let fax = machine.waitForReceived(count: 1, timeout: 30).first else { return f.fail("nothing arrived\n\(log)") }
        let far = fax.result
        f.check(far.bitRate == call.bitRate && far.compression == call.compression && far.errorCorrection == call.ecm,
                "far end saw \(far.bitRate) \(far.compression) ECM \(far.errorCorrection)")
        f.checkPages(fax.path, against: pages, log: log)
    }

    // MARK: receiving

    @Test func modemCodesReceivedPagesAsNegotiated() throws {
        let runs: [(String, @Sendable (Findings) throws -> Void)] = [
            ("2.0 receives MMR under ECM", { try Self.receive(dialect: .class20, offer: "1,5,0,2,3,1,0,0", df: 3, ec: 1, $0) }),
            ("2 receives MR without ECM", { try Self.receive(dialect: .class2, offer: "1,3,0,2,1,0,0,0", df: 1, ec: 0, $0) }),
        ]
        for (name, findings) in Findings.runConcurrently(runs) {
            #expect(findings.isEmpty, "\(name):\n\(findings.joined(separator: "\n"))")
        }
    }

    /// A scripted host answers the fax machine's call (+FCC `offer`, ATA), checks +FCS, and takes
    /// each page with +FDR (after DC2 / XON), decoding it as +FCS said.
    static func receive(dialect: T32ModemDialect, offer: String, df: Int, ec: Int, _ f: Findings) throws {
        let bed = try Class2Bed("class2-coding-rx-\(dialect.rawValue)", dialect: dialect, prefer: dialect == .class2 ? .class2 : .class20)
        let (dir, machine, modem) = (bed.dir, bed.machine, bed.modem)
        let (document, pages) = try writeChart(dir, pages: 2, name: "two.tif", seed: 300 + UInt64(df), density: 0.3)
        try modem.require("AT\(modem.dialect.capabilitiesCommand)=\(offer)")
        let sender = Thread { _ = machine.send(document: document, to: "100") }
        sender.start()
        guard case .ring = try modem.channel.waitForUnsolicited(timeout: .seconds(20)) else { return f.fail("no RING") }
        let answered = try modem.command("ATA", timeout: .seconds(60))
        let session = modem.responses(answered.info).compactMap { if case .sessionParameters(let p) = $0 { p } else { nil } }.last
        f.check(answered.isOK && session?.dataFormat == df && session?.errorCorrection == (ec == 0 ? 0 : dialect == .class2 ? 2 : 1),
                "ATA: \(answered)")
        var received: [FaxPage] = []
        while received.count < 3 {
            let start = try modem.command("AT+FDR", timeout: .seconds(60))
            guard case .connect = start.code else { break }  // OK: the call is over
            try modem.channel.transport.write([modem.dialect.startOfReceiveData], deadline: .after(.seconds(1)))
            var data: [UInt8] = []
            let ended = try modem.channel.receiveData(timeout: .seconds(60)) { data += $0 }
            f.check(ended.isOK, "after page \(received.count + 1): \(ended)")
            // Class 2 delivers data bit-reversed at +FBOR=0 (the Rockwell way efax and mgetty expect).
            if dialect == .class2 { data = T32PageCoding.reversed(data) }
            guard let page = T32PageCoding.decode(data, df: df, vr: 1, scratch: dir.file("page.tif")) else {
                f.fail("page \(received.count + 1) does not decode as DF \(df)")
                break
            }
            received.append(page)
        }
        sender.join(timeout: 30)
        f.check(received.count == pages.count, "\(received.count) pages received")
        for (index, (got, sent)) in zip(received, pages).enumerated() {
            f.check(got.length == sent.length && got.differingRows(from: sent) == 0,
                    "page \(index + 1): \(got.length) rows (sent \(sent.length)), \(got.length == sent.length ? got.differingRows(from: sent) : -1) differ")
        }
    }
}

extension Thread {
    /// Waits (polling) until the thread has finished, at most `timeout` seconds.
    fileprivate func join(timeout: Double) {
        let end = Date().addingTimeInterval(timeout)
        while !isFinished && Date() < end { Thread.sleep(forTimeInterval: 0.05) }
    }
}
