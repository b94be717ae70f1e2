// Issue 10, fault 11, through faxd: a call faxd's side ends — the fax cancelled mid-page, or its
// transmit file gone mid-call (5141, as when an administrator removes spool files) — leaves the
// modem in command mode and on hook, and the next fax on the same modem (which faxd keeps open)
// goes out whole. The driver-level LocalAbortTests cover the same ends (and the call deadline)
// on a bare Class1Modem; this runs them through the worker, the spool and the API. At 8× line
// speed: both ends are ours.

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

@Suite(.serialized) struct LocallyEndedCallTests {
    enum End: String, CaseIterable, Sendable { case cancel, transmitFileRemoved }

    @Test(arguments: End.allCases)
    func nextFaxOnTheSameModemGoesOut(_ end: End) async throws {
        let (harness, machine) = try FaxdHarness.sendingToFaxMachine(
            "faxd-ended-\(end.rawValue)", speed: 8, extraYAML: "retry: { busy: [1], no_answer: [1], failure: [1] }")
        defer { harness.stop() }
        let client = harness.client
        let (long, _) = try writeChart(harness.dir, pages: 4, name: "long.tif", seed: 3, density: 0.3)
        let (next, _) = try writeChart(harness.dir, pages: 2, name: "next.tif", seed: 7, density: 0.3)

        // 1. The call faxd's side ends.
        let first = try await client.submit(file: long, SubmitFaxRequest(to: "+15550200", maxAttempts: 1))
        switch end {
        case .cancel:
            let sending = try await CallTests.wait(client, first.id, timeout: 60) { $0.pagesConfirmed >= 1 || $0.isFinished }
            try #require(sending.state == "sending", "\(sending.state)\n\(harness.faxd.log(tail: 30))")
            _ = try await client.perform(.cancel, first.id)
        case .transmitFileRemoved:
            // Converted and dialling: the transmit file goes before T.30 reads it.
            let spool = try await harness.spool()
            let deadline = Date().addingTimeInterval(60)
            var path: String?
            while path == nil, Date() < deadline {
                let job = try await spool.job(.init(first.id))
                if job.state.rawValue == "dialing", let transmit = job.transmitPath { path = transmit } else { try await Task.sleep(for: .milliseconds(20)) }
            }
            unlink(try #require(path, "the job never dialled\n\(harness.faxd.log(tail: 30))"))
        }
        let ended = try await CallTests.wait(client, first.id, timeout: 90) { $0.isFinished }
        let expected = end == .cancel ? FaxCompletion.cancelled.code : 5141
        #expect(ended.completion?.code == expected, "\(ended.state) \(String(describing: ended.completion))\n\(harness.faxd.log(tail: 40))")

        // 2. The next fax on the same modem: sent whole, first attempt.
        let second = try await client.submit(file: next, SubmitFaxRequest(to: "+15550200", maxAttempts: 1))
        let sent = try await CallTests.wait(client, second.id, timeout: 90) { $0.isFinished }
        #expect(sent.state == "sent", "\(sent.state) \(String(describing: sent.completion))\n\(harness.faxd.log(tail: 60))")
        let transmitted = try TIFFFaxReader.readPages(path: try #require(try await harness.spool().job(.init(second.id)).transmitPath))
        let received = machine.waitForReceived(count: end == .cancel ? 2 : 1, timeout: 30)
        #expect(try TIFFFaxReader.readPages(path: try #require(received.last?.path)).map(\.bits) == transmitted.map(\.bits))
        #expect(try await client.modems().first?.state != "offline")
    }
}
