// The modem pool on a virtual exchange, in real time: jobs from the spool go out through virtual
// Class 1 modems driven by our Class 1 driver, calls come in to the inbox, a busy line is
// retried, and a cancel hangs up a call in progress.

import FaxServer
import FaxTestSupport
import Foundation
import Spool
import T30
import T4
import Testing
import VirtualExchange

@Suite(.serialized) struct ModemPoolTests {
    /// The exchange's fax machine calls us (answered on ttyIn, into the inbox); while that call is
    /// on, a job to the same fax machine gets BUSY, waits, and is sent on its second attempt.
    @Test func receiveIntoInboxAndRetryBusyLine() async throws {
        var machine: FaxMachineLine!
        let harness = try await PoolHarness.start(
            "pool-busy", modems: [("ttyOut", "15550101", false, true), ("ttyIn", "15550102", true, false)],
            retry: RetryConfiguration(busy: [8], noAnswer: [8], failure: [8])
        ) { exchange, dir in
            machine = try exchange.addFaxMachine(number: "15550200", inbox: dir.file("machine"),
                                                 options: FaxSessionOptions(localIdentity: "+1 555 0200", callDeadline: .seconds(120)))
        }
        let dir = harness.dir
        let (incoming, incomingPages) = try writeChart(dir, pages: 1, name: "incoming.tif", seed: 3, density: 0.3)
        let (outgoing, _) = try writeChart(dir, pages: 2, name: "outgoing.tif", seed: 5, density: 0.3)

        // The fax machine calls our answering modem.
        let caller: FaxMachineLine = machine
        let inboundCall = Task.detached { caller.send(document: incoming, to: "15550102") }
        var inbound: FaxJob?
        for _ in 0..<100 where inbound == nil {
            inbound = try await harness.spool.list(JobQuery(direction: .inbound)).jobs.first
            if inbound == nil { try await Task.sleep(for: .milliseconds(200)) }
        }
        let receiving = try #require(inbound, "the call was not answered")
        #expect(receiving.state == .receiving)

        // Meanwhile a job to the fax machine: busy first.
        let job = try await harness.submit(outgoing, to: "+15550200", maxAttempts: 8)
        let sent = try await harness.wait(for: job.id, timeout: 180) { $0.state.isFinished }
        #expect(sent.state == .sent, "\(sent.state) \(String(describing: sent.lastCompletion))")
        let attempts = try await harness.spool.attempts(job.id)
        #expect(attempts.count >= 2)
        #expect(attempts.dropLast().allSatisfy { $0.result?.completion == .busy })
        #expect(attempts.last?.result?.completion.code == 0)
        #expect(attempts.last?.result?.pagesTransferred == 2)
        #expect(attempts.allSatisfy { $0.modem == "ttyOut" })

        // What the fax machine got is exactly what was transmitted (header stamped, 2 pages).
        let transmitted = try TIFFFaxReader.readPages(path: try #require(sent.transmitPath))
        #expect(transmitted.count == 2)
        let got = machine.waitForReceived(count: 1, timeout: 30)
        let arrived = try TIFFFaxReader.readPages(path: try #require(got.last?.path))
        #expect(arrived.count == 2)
        for (a, b) in zip(arrived, transmitted) { #expect(a.bits == b.bits) }
        // The header band is inked, so the archived copy shows the header.
        #expect(transmitted[0].bits[0..<(20 * transmitted[0].bytesPerRow)].contains { $0 != 0 })
        #expect(got.last?.result.remoteIdentity == "+1 555 0100")

        // The inbound fax is in the inbox as TIFF and PDF, with caller ID and remote identity.
        let callResult = await inboundCall.value
        #expect(callResult.isSuccess)
        let received = try await harness.wait(for: receiving.id, timeout: 30) { $0.state.isFinished }
        #expect(received.state == .received)
        #expect(received.pagesConfirmed == 1)
        #expect(received.fromNumber == "15550200")
        #expect(received.options.metadata["resolution"] == "fine")
        let tiff = try #require(received.receivedPath)
        let pages = try TIFFFaxReader.readPages(path: tiff)
        #expect(pages.count == 1)
        #expect(pages.first?.bits == incomingPages.first?.bits)
        let pdf = (tiff as NSString).deletingLastPathComponent + "/fax.pdf"
        #expect(FileManager.default.fileExists(atPath: pdf))
        let inboundAttempts = try await harness.spool.attempts(receiving.id)
        #expect(inboundAttempts.first?.result?.remoteIdentity == "+1 555 0200")
        #expect(FileManager.default.fileExists(atPath: harness.context.configuration.logsDirectory + "/\(job.id)/attempt-\(attempts.count).log"))

        // Every state change is an event, in order.
        let events = try await harness.spool.events(job: job.id).map(\.to)
        let busyRounds = Array(repeating: [JobState.dialing, .retryWait], count: attempts.count - 1).flatMap { $0 }
        #expect(events == [.queued] + busyRounds + [.dialing, .sending, .sent])
        await harness.stop()
    }

    /// Cancel during a call: the modem hangs up, the job ends cancelled (5208), the modem is idle again.
    @Test func cancelMidCallHangsUp() async throws {
        var machine: FaxMachineLine!
        let harness = try await PoolHarness.start("pool-cancel", modems: [("ttyOut", "15550101", false, true)]) { exchange, dir in
            machine = try exchange.addFaxMachine(number: "15550200", inbox: dir.file("machine"))
        }
        let (document, _) = try writeChart(harness.dir, pages: 4, name: "long.tif", seed: 9, density: 0.5)
        let job = try await harness.submit(document, to: "+15550200")
        let sending = try await harness.wait(for: job.id, timeout: 90) { $0.pagesConfirmed >= 1 || $0.state.isFinished }
        #expect(sending.state == .sending)
        let cancelAt = Date()
        try await harness.spool.cancel(job.id)
        let ended = try await harness.wait(for: job.id, timeout: 30) { $0.state.isFinished }
        #expect(ended.state == .cancelled)
        #expect(Date().timeIntervalSince(cancelAt) < 10, "the call did not end promptly")
        let attempts = try await harness.spool.attempts(job.id)
        #expect(attempts.last?.result?.completion == .cancelled)
        #expect((attempts.last?.result?.pagesTransferred ?? 9) < 4)
        // Our side hung up, and the modem is free for the next job.
        try await Task.sleep(for: .seconds(2))
        let record = harness.exchange.callRecords.last
        #expect(record?.endedBy == "15550101", "\(String(describing: record))")
        #expect(harness.context.modems.status("ttyOut")?.state == .idle)
        _ = machine
        await harness.stop()
    }

    @Test func dialRulesAndConfiguration() throws {
        let nanp = DialRules(countryCode: "1", areaCode: "555", internationalPrefix: "011", nationalPrefix: "1",
                             localWithoutAreaCode: true, outsideLine: "9,")
        #expect(nanp.normalize("+1 (555) 123-4567") == "+15551234567")
        #expect(nanp.normalize("1 555 123 4567") == "+15551234567")
        #expect(nanp.normalize("555-123-4567") == "+15551234567")
        #expect(nanp.normalize("123-4567") == "+15551234567")
        #expect(nanp.normalize("011 44 20 7946 0000") == "+442079460000")
        #expect(nanp.normalize("call me") == nil)
        #expect(nanp.normalize("+0123") == nil)
        #expect(nanp.dialString("+15551234567") == "9,1234567")
        #expect(nanp.dialString("+12125550000") == "9,12125550000")
        #expect(nanp.dialString("+442079460000") == "9,011442079460000")

        let yaml = """
        spool: /tmp/x
        dial_rules: { country_code: "44", international_prefix: "00", national_prefix: "0" }
        defaults: { header: "Ward 7", max_attempts: 5 }
        modems:
          - device: /dev/ttyACM0
            groups: [fax-out]
            rings: 2
        """
        let configuration = try ServerConfiguration.parse(yaml)
        #expect(configuration.modems.first?.name == "ttyACM0")
        #expect(configuration.modems.first?.rings == 2)
        #expect(configuration.defaults.maxAttempts == 5)
        #expect(configuration.dialRules.dialString("+442079460000") == "02079460000")
        #expect(throws: ConfigurationError.self) { try ServerConfiguration.parse("modems:\n  - device: relative/tty\n") }
        #expect(throws: ConfigurationError.self) { try ServerConfiguration.parse("api: { tcp: \"0.0.0.0:8686\" }\n") }
        #expect(throws: ConfigurationError.self) { try ServerConfiguration.parse("modems: [ {device: /dev/a, name: x}, {device: /dev/b, name: x} ]\n") }
    }
}
