// VoiceFallbackTests: faxd falls back to the soft modem when a modem's own fax class keeps
// failing. The exchange's voice modem is given broken Class 1 firmware (`class1=broken`: it offers
// 0,1,8, and after a Class 1 dial's CONNECT it goes deaf). With `class: auto` faxd drives it in
// Class 1 first; a call ends 5206 (local trouble: not charged, retried); faxd reopens
// it as a voice modem, says so (a warning, a `driver_switched` modem event, the API's
// `fax_class`), and the fax goes out over the soft modem, every page as transmitted. Then a
// cancel during a call over voice hangs up at once, and the modem carries the next fax.

import FaxAPIModels
import FaxClient
import FaxOutcome
import FaxTestSupport
import FaxdTestSupport
import Foundation
import T30
import T4
import Testing
import VirtualExchange

@Suite(.serialized) struct VoiceFallbackTests {
    @Test func aBrokenClass1FallsBackToVoiceAndTheFaxGoesOut() async throws {
        var machine: FaxMachineLine!
        let harness = try FaxdHarness(
            "faxd-fallback", speed: 4, extraYAML: "retry: { busy: [2], no_answer: [2], failure: [2] }",
            lines: { exchange, dir in
                _ = try exchange.addVoiceModem(number: "15550101", path: dir.file("vm"), brokenClass1: true)
                machine = try exchange.addFaxMachine(number: "15550200", inbox: dir.file("machine"), options: FaxSessionOptions(localIdentity: "+1 555 0200"))
            },
            modemYAML: { dir in "  - { name: vm, device: \(dir.file("vm")), answer: false, dial: true, driver: auto, fallback_after: 1 }\n" }
        )
        defer { harness.stop() }
        let client = harness.client
        #expect(await MixedPoolTests.eventually(30) { (try? await client.modems().first?.faxClass) == "1" }, "\(harness.faxd.log(tail: 30))")

        let (document, _) = try writeChart(harness.dir, pages: 2, name: "two.tif", seed: 221, density: 0.3)
        let fax = try await client.submit(file: document, SubmitFaxRequest(to: "+15550200"))
        let done = try await CallTests.wait(client, fax.id, timeout: 240) { $0.isFinished }
        try #require(done.state == "sent", "\(done.state) \(String(describing: done.completion))\n\(harness.faxd.log(tail: 80))")

        let attempts = try await client.attempts(fax.id)
        let codes = attempts.map { $0.completion?.code ?? -1 }
        #expect(codes == [FaxCompletion.modemNotResponding.code, 0], "\(codes)")
        #expect(try await client.sessionLog(fax.id, attempt: attempts.count).contains("AT+VTR"), "the last attempt was not over voice")
        #expect(try await client.modems().first?.faxClass == "voice")
        let events = try await client.modemEvents().data
        #expect(events.contains { $0.kind == "driver_switched" && $0.modem == "vm" }, "\(events.map(\.kind))")
        #expect(harness.faxd.log().contains("modem driver switched"))

        let transmitted = try TIFFFaxReader.readPages(path: try #require(try await harness.spool().job(.init(fax.id)).transmitPath))
        let arrived = try TIFFFaxReader.readPages(path: try #require(machine.waitForReceived(count: 1, timeout: 30).last?.path))
        #expect(arrived.map(\.bits) == transmitted.map(\.bits))

        // Cancelled during a call over voice: the call ends at once, coded 5208, ended by us.
        let (long, _) = try writeChart(harness.dir, pages: 4, name: "long.tif", seed: 223, density: 0.5)
        let cancelled = try await client.submit(file: long, SubmitFaxRequest(to: "+15550200"))
        let onCall = try await CallTests.wait(client, cancelled.id, timeout: 120) { $0.pagesConfirmed >= 1 || $0.isFinished }
        try #require(onCall.state == "sending", "\(onCall.state)\n\(harness.faxd.log(tail: 40))")
        let cancelAt = Date()
        #expect(try await client.perform(.cancel, cancelled.id).state != "sent")
        let ended = try await CallTests.wait(client, cancelled.id, timeout: 30) { $0.isFinished }
        #expect(ended.state == "cancelled")
        #expect(Date().timeIntervalSince(cancelAt) < 10, "the call did not end promptly")
        #expect(try await client.attempts(cancelled.id).last?.completion?.code == FaxCompletion.cancelled.code)
        let exchange = harness.exchange
        #expect(await eventually(timeout: 10) { exchange.callRecords.count == 2 })
        #expect(exchange.callRecords.last?.endedBy == "15550101")

        // The modem is back, still over voice, and carries the next fax.
        let (short, _) = try writeChart(harness.dir, pages: 1, name: "short.tif", seed: 227, density: 0.3)
        let next = try await client.submit(file: short, SubmitFaxRequest(to: "+15550200"))
        let nextDone = try await CallTests.wait(client, next.id, timeout: 120) { $0.isFinished }
        try #require(nextDone.state == "sent", "\(nextDone.state) \(String(describing: nextDone.completion))\n\(harness.faxd.log(tail: 40))")
        #expect(try await client.attempts(next.id).count == 1)
        #expect(try await client.modems().first?.faxClass == "voice")
        let calls = machine.waitForReceived(count: 3, timeout: 30)
        try #require(calls.count == 3, "the machine saw \(calls.count) calls")
        #expect(try TIFFFaxReader.readPages(path: calls[2].path).map(\.bits)
            == TIFFFaxReader.readPages(path: try #require(try await harness.spool().job(.init(next.id)).transmitPath)).map(\.bits))
    }
}
