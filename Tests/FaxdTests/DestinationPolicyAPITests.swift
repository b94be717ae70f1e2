// Destination policy through a real faxd: an emergency number (in any form), a premium-rate number
// and a number that cannot exist are refused at submission (4002, 4002, 4001) and nothing is
// stored; jobs an older faxd queued for such numbers fail with the same codes when a modem takes
// them, and no call is made.

import E164
import FaxAPIModels
import FaxClient
import FaxOutcome
import FaxTestSupport
import FaxdTestSupport
import Foundation
import Spool
import Testing

@Suite(.serialized) struct DestinationPolicyAPITests {
    /// The problem code a request ends with (nil: it succeeded).
    func problem(_ body: () async throws -> Void) async -> ProblemResource? {
        do {
            try await body()
            return nil
        } catch let problem as ProblemResource {
            return problem
        } catch {
            Issue.record("expected a problem, got \(error)")
            return nil
        }
    }

    func stored(_ harness: FaxdHarness) -> Int {
        (try? FileManager.default.contentsOfDirectory(atPath: harness.spoolDirectory + "/documents").count) ?? 0
    }

    @Test func emergencyAndImpossibleNumbersAreRefusedAtSubmission() async throws {
        let harness = try FaxdHarness("faxd-destinations")
        defer { harness.stop() }
        let client = harness.client
        let (document, _) = try writeChart(harness.dir, pages: 1, name: "one.tif", density: 0.2)

        for typed in ["911", "112", "999", "+1911", "+1 911", "1-911", "+112", "12", "+44 999"] {
            let refusal = await problem { _ = try await client.submit(file: document, SubmitFaxRequest(to: typed)) }
            #expect(refusal?.code == 4002, "\(typed): \(String(describing: refusal))")
            #expect(refusal?.status == 422)
            #expect(refusal?.title == "Destination not allowed")
            #expect(refusal?.detail?.contains("emergency") == true, "\(typed): \(refusal?.detail ?? "")")
        }
        let premium = await problem { _ = try await client.submit(file: document, SubmitFaxRequest(to: "+1 900 555 1234")) }
        #expect(premium?.code == 4002)
        #expect(premium?.detail == "+19005551234 is a premium-rate number, which this site does not dial (destinations.deny_types)")
        let impossible = await problem { _ = try await client.submit(file: document, SubmitFaxRequest(to: "+1 201 555 012")) }
        #expect(impossible?.code == 4001)
        #expect(impossible?.detail == "+1201555012 cannot exist: it is too short for the numbering plan of +1 (US)")

        // Nothing stored for any of them: no job, no document.
        #expect(try await client.list().data.isEmpty)
        #expect(try await harness.spool().list().jobs.isEmpty)
        #expect(stored(harness) == 0)

        // A number that exists goes in, as E.164; resubmitting it to 911 is refused too.
        let fax = try await client.submit(file: document, SubmitFaxRequest(to: "(201) 555-0123"))
        #expect(fax.to == "+12015550123")
        let resubmit = await problem { _ = try await client.resubmit(fax.id, to: "911") }
        #expect(resubmit?.code == 4002)
        #expect(try await client.list().data.map(\.id) == [fax.id])
    }

    @Test func jobsFromAnOlderSpoolAreNotDialled() async throws {
        let harness = try FaxdHarness("faxd-destinations-old", modems: [("ttyOut", "15550101", false, true)])
        defer { harness.stop() }
        let (document, _) = try writeChart(harness.dir, pages: 1, name: "one.tif", density: 0.2)

        // What an older faxd (no destination policy) queued: "911" typed then was stored as +1911.
        harness.faxd.stop()
        let spool = try await harness.spool()
        var ids: [JobID: Int] = [:]
        for (stored, code) in [("+1911", 4002), ("+112", 4002), ("+19005551234", 4002), ("+1201555012", 4001)] {
            ids[try await spool.submit(FaxSubmission(to: try E164Number(stored), documentPath: document)).id] = code
        }
        try harness.faxd.start()

        for (id, code) in ids {
            let job = try await harness.wait(for: id, timeout: 60) { $0.state.isFinished }
            #expect(job.state == .failed, "\(job.toNumber): \(job.state)\n\(harness.faxd.log())")
            #expect(job.lastCompletion?.code == code, "\(job.toNumber): \(String(describing: job.lastCompletion))")
            #expect(job.attemptsMade == 1)  // refused for good, never retried
        }
        #expect(harness.exchange.callRecords.isEmpty, "\(harness.exchange.callRecords)")
        let log = harness.faxd.log(tail: 10_000)
        #expect(!log.contains("dialing"), "\(log)")
        #expect(log.components(separatedBy: "destination refused").count - 1 == ids.count)
    }
}
