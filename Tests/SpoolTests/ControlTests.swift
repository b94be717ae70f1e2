// What a person does to a job: hold and resume, cancel before and during a call.

import Foundation
import Spool
import Testing
import FaxOutcome

@Suite struct ControlTests {
    @Test func holdAndResume() async throws {
        let f = SpoolFixture()
        let spool = try await f.open()
        let job = try await spool.submit(f.submission())
        #expect(try await spool.hold(job.id).state == .held)
        #expect(try await spool.claimNext(modem: "m") == nil)
        #expect(try await spool.resume(job.id).state == .queued)
        #expect(try await spool.claimNext(modem: "m")?.id == job.id)
        await #expect(throws: SpoolError.invalidTransition(from: .dialing, by: .hold)) { try await spool.hold(job.id) }
        await #expect(throws: SpoolError.invalidTransition(from: .dialing, by: .resume(due: true))) { try await spool.resume(job.id) }
    }

    @Test func resumeBeforeTheRetryTimeWaitsForIt() async throws {
        let f = SpoolFixture()
        let spool = try await f.open()
        let job = try await spool.submit(f.submission())
        _ = try await spool.claimNext(modem: "m")
        _ = try await spool.finishAttempt(job.id, result: result(.busy))
        try await spool.hold(job.id)
        f.clock.advance(60)
        let resumed = try await spool.resume(job.id)
        #expect(resumed.state == .scheduled)
        #expect(try await spool.claimNext(modem: "m") == nil)
        f.clock.advance(60)
        #expect(try await spool.claimNext(modem: "m")?.id == job.id)
    }

    @Test func cancelQueued() async throws {
        let f = SpoolFixture()
        let spool = try await f.open()
        let job = try await spool.submit(f.submission())
        let cancelled = try await spool.cancel(job.id)
        #expect(cancelled.state == .cancelled)
        #expect(cancelled.lastCompletion == .cancelled)
        #expect(try await spool.claimNext(modem: "m") == nil)
        await #expect(throws: SpoolError.invalidTransition(from: .cancelled, by: .cancel)) { try await spool.cancel(job.id) }
    }

    @Test func cancelMidCallEndsCancelledWhenTheCallEnds() async throws {
        let f = SpoolFixture()
        let spool = try await f.open()
        let job = try await spool.submit(f.submission())
        _ = try await spool.claimNext(modem: "m")
        try await spool.recordPageConfirmed(job.id, page: 1)
        let flagged = try await spool.cancel(job.id)
        #expect(flagged.state == .sending)
        #expect(flagged.cancelRequested)
        // The modem owner sees the flag, hangs up and reports the call.
        let ended = try await spool.finishAttempt(job.id, result: result(.cancelled, pages: 1))
        #expect(ended.state == .cancelled)
        #expect(!ended.cancelRequested)
        #expect(try await states(spool, job.id) == [.queued, .dialing, .sending, .sending, .cancelled])
    }

    @Test func cancelTooLateForAFaxTheFarEndConfirmed() async throws {
        let f = SpoolFixture()
        let spool = try await f.open()
        let job = try await spool.submit(f.submission())
        _ = try await spool.claimNext(modem: "m")
        try await spool.cancel(job.id)
        #expect(try await spool.finishAttempt(job.id, result: result(.ok, pages: 3)).state == .sent)
    }
}
