// Submit → claim → call → sent, with every step an event in sequence; idempotency keys; input checks.

import E164
import Foundation
import Spool
import Testing
import FaxOutcome

@Suite struct SendTests {
    @Test func submitClaimSendRecordsEveryStep() async throws {
        let f = SpoolFixture()
        let spool = try await f.open()
        let submitted = try await spool.submit(f.submission())
        #expect(submitted.state == .queued)
        #expect(submitted.attemptsMade == 0)
        #expect(submitted.killAt == f.clock.now.addingTimeInterval(24 * 3600))

        let claimed = try #require(try await spool.claimNext(modem: "ttyACM0"))
        #expect(claimed.id == submitted.id)
        #expect(claimed.state == .dialing)
        #expect(claimed.attemptsMade == 1)
        try await spool.recordCallConnected(claimed.id)
        for page in 1...3 { try await spool.recordPageConfirmed(claimed.id, page: page) }
        f.clock.advance(60)
        let done = try await spool.finishAttempt(claimed.id, result: result(.ok, pages: 3))
        #expect(done.state == .sent)
        #expect(done.pagesConfirmed == 3)
        #expect(done.lastCompletion == .ok)

        let events = try await spool.events(job: claimed.id)
        #expect(events.map(\.to) == [.queued, .dialing, .sending, .sent])
        #expect(events.map(\.from) == [nil, .queued, .dialing, .sending])
        #expect(events.map(\.sequence) == events.map(\.sequence).sorted())
        #expect(Set(events.map(\.sequence)).count == events.count)
        #expect(events.last?.attempt == 1)

        let attempts = try await spool.attempts(claimed.id)
        #expect(attempts.count == 1)
        #expect(attempts[0].modem == "ttyACM0")
        #expect(attempts[0].endedAt == f.clock.now)
        #expect(attempts[0].result == result(.ok, pages: 3))
        #expect(try await spool.claimNext(modem: "ttyACM0") == nil)
    }

    @Test func successWithoutConnectedReportStillGoesThroughSending() async throws {
        let f = SpoolFixture()
        let spool = try await f.open()
        let job = try await spool.submit(f.submission())
        _ = try await spool.claimNext(modem: "m")
        let done = try await spool.finishAttempt(job.id, result: result(.ok, pages: 3))
        #expect(done.state == .sent)
        #expect(try await states(spool, job.id) == [.queued, .dialing, .sending, .sent])
    }

    @Test func sameIdempotencyKeyReturnsTheSameJob() async throws {
        let f = SpoolFixture()
        let spool = try await f.open()
        let first = try await spool.submit(f.submission(key: "order-17"))
        let second = try await spool.submit(f.submission(key: "order-17"))
        #expect(first == second)
        #expect(try await spool.list().jobs.count == 1)
        await #expect(throws: SpoolError.duplicateIdempotencyKey("order-17", existing: first.id)) {
            try await spool.submit(f.submission(to: "+15551239999", key: "order-17"))
        }
        #expect(try await spool.job(idempotencyKey: "order-17") == first)
        #expect(try await spool.job(idempotencyKey: "order-17", tenantID: "acme") == nil)
        let otherTenant = try await spool.submit(FaxSubmission(to: try E164Number(first.toNumber), documentPath: "x.pdf", idempotencyKey: "order-17", tenantID: "acme"))
        #expect(otherTenant.id != first.id)
        let other = try await spool.submit(f.submission(key: "order-18"))
        #expect(other.id != first.id)
    }

    @Test func submissionsAreChecked() async throws {
        let f = SpoolFixture()
        let spool = try await f.open()
        // Numbers are E164Numbers, checked when made (Tests/E164Tests); the stored text is canonical E.164.
        #expect(throws: E164Error.notANumber("5551234")) { try E164Number("5551234") }
        #expect(throws: E164Error.unknownCountryCode("+0123")) { try E164Number("+0123") }
        #expect(throws: E164Error.tooLong("+1234567890123456")) { try E164Number("+1234567890123456") }
        #expect(try await spool.submit(f.submission(to: "+12015550123")).toNumber == "+12015550123")
        await #expect(throws: SpoolError.invalidRequest("maxAttempts must be at least 1")) {
            try await spool.submit(f.submission(maxAttempts: 0))
        }
        let missing = JobID("01ARZ3NDEKTSV4RRFFQ69G5FAV")
        await #expect(throws: SpoolError.notFound(missing)) { try await spool.job(missing) }
        await #expect(throws: SpoolError.notFound(missing)) { try await spool.cancel(missing) }
    }

    @Test func pagesBeyondTheDocumentAreRefused() async throws {
        let f = SpoolFixture()
        let spool = try await f.open()
        let job = try await spool.submit(f.submission(pages: 3))
        await #expect(throws: SpoolError.noAttemptInProgress(job.id)) { try await spool.recordPageConfirmed(job.id, page: 1) }
        _ = try await spool.claimNext(modem: "m")
        await #expect(throws: SpoolError.invalidRequest("page 4 of a 3-page document")) { try await spool.recordPageConfirmed(job.id, page: 4) }
    }

    @Test func recordsEncodeAsJSON() async throws {
        let f = SpoolFixture()
        let spool = try await f.open()
        let job = try await spool.submit(f.submission())
        let event = try #require(try await spool.events(job: job.id).first)
        let decoded = try JSONDecoder().decode(FaxJob.self, from: JSONEncoder().encode(job))
        #expect(decoded == job)
        #expect(try JSONDecoder().decode(JobEvent.self, from: JSONEncoder().encode(event)) == event)
    }

    @Test func scheduledSendWaitsForItsTime() async throws {
        let f = SpoolFixture()
        let spool = try await f.open()
        let job = try await spool.submit(f.submission(sendAt: f.clock.now.addingTimeInterval(3600)))
        #expect(job.state == .scheduled)
        #expect(try await spool.claimNext(modem: "m") == nil)
        f.clock.advance(3600)
        #expect(try await spool.claimNext(modem: "m")?.id == job.id)
    }

    @Test func resubmitMakesANewJobWithItsOwnCopyConvertedAfresh() async throws {
        let f = SpoolFixture()
        let spool = try await f.open()
        let old = try await spool.submit(f.submission())
        _ = try await spool.claimNext(modem: "m")
        _ = try await spool.setTransmitDocument(old.id, path: f.dir.file("old-transmit.tif"), pages: 3)
        _ = try await spool.finishAttempt(old.id, result: result(.answeredByVoice))
        // The old job's own document is refused: a resubmit never shares a file.
        await #expect(throws: SpoolError.invalidRequest("a resubmitted fax needs its own copy of the document")) {
            try await spool.resubmit(old.id, documentPath: try #require(old.documentPath))
        }
        let new = try await spool.resubmit(old.id, to: try E164Number("+15551230002"), documentPath: f.dir.file("copy/original"))
        #expect(new.id != old.id)
        #expect(new.state == .queued)
        #expect(new.toNumber == "+15551230002")
        #expect(new.documentPath == f.dir.file("copy/original"))
        #expect(new.transmitPath == nil)  // converted afresh: its own header, recipient and date
        #expect(new.pagesTotal == nil)
        #expect(new.resubmittedFrom == old.id)
        #expect(try await spool.job(old.id).state == .failed)
    }

    @Test func jobIDsSortByCreation() async throws {
        let f = SpoolFixture()
        let spool = try await f.open()
        var ids: [JobID] = []
        for i in 0..<50 {
            ids.append(try await spool.submit(f.submission(to: "+1555000\(1000 + i)")).id)
            if i % 10 == 0 { f.clock.advance(0.001) }
        }
        #expect(ids == ids.sorted())
        #expect(ids.allSatisfy { $0.rawValue.count == 26 })
    }
}
