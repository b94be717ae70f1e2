// MixedPoolTests: one faxd whose pool holds a Class 1 modem, a Class 2.0 modem and a voice modem
// (all virtual, on one exchange, `class: auto` for all: the quirks rows pick Class 1 for spandsp's
// T.31 emulator and Class 2.0 for the virtual Class 2 modem; the voice-only modem gets the soft
// modem). The API shows the class each runs in; a job goes out on each (modem groups steer them);
// a fax sent to each lands in the inbox, pixel-identical, with the caller's identity. Both ends
// are ours: 4× line speed.

import FaxAPIModels
import FaxClient
import FaxTestSupport
import FaxdTestSupport
import Foundation
import T30
import T4
import Testing
import VirtualExchange

@Suite(.serialized) struct MixedPoolTests {
    @Test func jobsGoOutAndFaxesComeInOnEveryDriver() async throws {
        var machines: [FaxMachineLine] = []
        let harness = try FaxdHarness(
            "faxd-mixed", speed: 4,
            lines: { exchange, dir in
                _ = try exchange.addModem(number: "15550101", path: dir.file("c1"))
                _ = try exchange.addClass2Modem(number: "15550102", path: dir.file("c2"), dialect: .class20)
                _ = try exchange.addVoiceModem(number: "15550103", path: dir.file("c3"))
                for number in ["15550200", "15550201", "15550202"] {
                    machines.append(try exchange.addFaxMachine(number: number, inbox: dir.file("machine-\(number)"),
                                                               options: FaxSessionOptions(localIdentity: "+1 555 \(number.suffix(4))", callDeadline: .seconds(120))))
                }
            },
            modemYAML: { dir in
                """
                  - { name: c1, device: \(dir.file("c1")), answer: true, dial: true, rings: 1, groups: [default, one], class: auto }
                  - { name: c2, device: \(dir.file("c2")), answer: true, dial: true, rings: 1, groups: [default, two], class: auto }
                  - { name: c3, device: \(dir.file("c3")), answer: true, dial: true, rings: 1, groups: [default, three], class: auto }

                """
            }
        )
        defer { harness.stop() }
        let client = harness.client

        // The class each modem runs in, as faxctl and the API show it.
        #expect(await Self.eventually(30) { (try? await client.modems().map(\.state)) == ["idle", "idle", "idle"] }, "\(harness.faxd.log(tail: 40))")
        let modems = try await client.modems()
        #expect(modems.map(\.faxClass) == ["1", "2.0", "voice"], "\(modems)")

        // A job out on each modem.
        let (outgoing, _) = try writeChart(harness.dir, pages: 2, name: "out.tif", seed: 81, density: 0.3)
        let viaClass1 = try await client.submit(file: outgoing, SubmitFaxRequest(to: "+15550200", options: FaxOptionsResource(modemGroup: "one")))
        let viaClass2 = try await client.submit(file: outgoing, SubmitFaxRequest(to: "+15550201", options: FaxOptionsResource(modemGroup: "two")))
        let viaVoice = try await client.submit(file: outgoing, SubmitFaxRequest(to: "+15550202", options: FaxOptionsResource(modemGroup: "three")))
        for (fax, modem, machine) in [(viaClass1, "c1", machines[0]), (viaClass2, "c2", machines[1]), (viaVoice, "c3", machines[2])] {
            let done = try await CallTests.wait(client, fax.id, timeout: 120) { $0.isFinished }
            try #require(done.state == "sent", "\(modem): \(done.state) \(String(describing: done.completion))\n\(harness.faxd.log(tail: 60))")
            let attempts = try await client.attempts(fax.id)
            #expect(attempts.map(\.modem) == [modem])
            #expect(attempts.last?.pagesTransferred == 2)
            let transmitted = try TIFFFaxReader.readPages(path: try #require(try await harness.spool().job(.init(fax.id)).transmitPath))
            let arrived = try TIFFFaxReader.readPages(path: try #require(machine.waitForReceived(count: 1, timeout: 30).last?.path))
            #expect(arrived.map(\.bits) == transmitted.map(\.bits), "\(modem): the pages differ")
            let trace = ["c1": "AT+FTM", "c2": "AT+FDT", "c3": "AT+VTR"][modem]!
            #expect(try await client.sessionLog(fax.id, attempt: 1).contains(trace), "\(modem): the driver's AT trace")
        }

        // A fax in on each modem.
        let (incoming, incomingPages) = try writeChart(harness.dir, pages: 2, name: "in.tif", seed: 83, density: 0.3)
        for (machine, number, identity) in [(machines[0], "15550101", "+1 555 0200"), (machines[1], "15550102", "+1 555 0201"),
                                            (machines[2], "15550103", "+1 555 0202")] {
            let before = Set(try await client.inbox().data.map(\.id))
            let result = machine.send(document: incoming, to: number)
            #expect(result.isSuccess, "to \(number): \(result.completion)\n\(harness.faxd.log(tail: 60))")
            #expect(await Self.eventually(30) { (try? await client.inbox().data.count) == before.count + 1 })
            let fax = try #require(try await client.inbox().data.first { !before.contains($0.id) })
            let received = try await CallTests.wait(client, fax.id, timeout: 30) { $0.isFinished }
            #expect(received.state == "received" && received.pagesConfirmed == 2, "\(number): \(received.state) \(received.pagesConfirmed)")
            #expect(received.remoteIdentity == identity, "\(number): remote identity \(received.remoteIdentity ?? "-")")
            let tiff = try await client.document(fax.id, format: "tiff")
            let path = harness.dir.file("in-\(number).tif")
            try Data(tiff).write(to: URL(fileURLWithPath: path))
            #expect(try TIFFFaxReader.readPages(path: path).map(\.bits) == incomingPages.map(\.bits), "\(number): the pages differ")
        }
        #expect(try await client.modems().map(\.callsAnswered) == [1, 1, 1])
    }

    static func eventually(_ timeout: Double, _ condition: () async -> Bool) async -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if await condition() { return true }
            try? await Task.sleep(for: .milliseconds(200))
        }
        return false
    }
}
