// Failed calls: backoff by cause, the attempt limit, causes that fail at once, partial progress
// kept across attempts, manual retry (exactly one more attempt) and the kill time.

import FaxOutcome
import T30
import Foundation
import Spool
import Testing

@Suite struct RetryTests {
    @Test func busyThenSuccessOnRetryAfterBackoff() async throws {
        let f = SpoolFixture()
        let spool = try await f.open()
        let job = try await spool.submit(f.submission())
        _ = try await spool.claimNext(modem: "m")
        let waiting = try await spool.finishAttempt(job.id, result: result(.busy))
        #expect(waiting.state == .retryWait)
        #expect(waiting.nextAttemptAt == f.clock.now.addingTimeInterval(120))
        #expect(waiting.lastCompletion == .busy)

        f.clock.advance(119)
        #expect(try await spool.claimNext(modem: "m") == nil)
        f.clock.advance(1)
        let second = try #require(try await spool.claimNext(modem: "m"))
        #expect(second.attemptsMade == 2)
        _ = try await spool.finishAttempt(job.id, result: result(.busy))
        #expect(try await spool.job(job.id).nextAttemptAt == f.clock.now.addingTimeInterval(300))

        f.clock.advance(300)
        _ = try #require(try await spool.claimNext(modem: "m"))
        let sent = try await spool.finishAttempt(job.id, result: result(.ok, pages: 3))
        #expect(sent.state == .sent)
        #expect(try await spool.attempts(job.id).map(\.result?.completion.code) == [5201, 5201, 0])
        #expect(try await states(spool, job.id) == [.queued, .dialing, .retryWait, .dialing, .retryWait, .dialing, .sending, .sent])
    }

    @Test func maxAttemptsFailsWithTheLastCode() async throws {
        let f = SpoolFixture()
        let spool = try await f.open()
        let job = try await spool.submit(f.submission(maxAttempts: 2))
        _ = try await spool.claimNext(modem: "m")
        _ = try await spool.finishAttempt(job.id, result: result(.busy))
        f.clock.advance(120)
        _ = try #require(try await spool.claimNext(modem: "m"))
        let failed = try await spool.finishAttempt(job.id, result: result(.noAnswer))
        #expect(failed.state == .failed)
        #expect(failed.attemptsMade == 2)
        #expect(failed.lastCompletion == .noAnswer)
        f.clock.advance(3600)
        #expect(try await spool.claimNext(modem: "m") == nil)
    }

    /// A modem that stops answering is not the job's fault: the attempt is retried but not charged.
    @Test func modemFaultsAreNotChargedAgainstMaxAttempts() async throws {
        let f = SpoolFixture()
        let spool = try await f.open()
        let job = try await spool.submit(f.submission(maxAttempts: 1))
        for _ in 0..<3 {
            _ = try #require(try await spool.claimNext(modem: "m"))
            let waiting = try await spool.finishAttempt(job.id, result: result(.modemNotResponding))
            #expect(waiting.state == .retryWait)
            #expect(waiting.attemptsMade == 0)
            f.clock.advance(60)
        }
        _ = try #require(try await spool.claimNext(modem: "m"))
        let failed = try await spool.finishAttempt(job.id, result: result(.busy))
        #expect(failed.state == .failed)  // the one charged attempt was the busy one
        #expect(failed.attemptsMade == 1)
        #expect(try await spool.attempts(job.id).count == 4)
    }

    @Test(arguments: [FaxCompletion.answeredByVoice, .unassignedNumber, .documentUnreadable])
    func hopelessCausesFailAtOnce(_ completion: FaxCompletion) async throws {
        let f = SpoolFixture()
        let spool = try await f.open()
        let job = try await spool.submit(f.submission())
        _ = try await spool.claimNext(modem: "m")
        let failed = try await spool.finishAttempt(job.id, result: result(completion))
        #expect(failed.state == .failed)
        #expect(failed.attemptsMade == 1)
        #expect(failed.lastCompletion == completion)
    }

    @Test func partialProgressIsKeptAndTheRetryStartsAfterIt() async throws {
        let f = SpoolFixture()
        let spool = try await f.open()
        let job = try await spool.submit(f.submission(pages: 5))
        _ = try await spool.claimNext(modem: "m")
        for page in 1...2 { try await spool.recordPageConfirmed(job.id, page: page) }
        let t30Failure = FaxCompletion(t30Status: 2)
        let waiting = try await spool.finishAttempt(job.id, result: result(t30Failure, pages: 2, of: 5))
        #expect(waiting.state == .retryWait)
        #expect(waiting.pagesConfirmed == 2)
        #expect(waiting.nextAttemptAt == f.clock.now.addingTimeInterval(300))

        f.clock.advance(300)
        let again = try #require(try await spool.claimNext(modem: "m"))
        #expect(again.firstPageToSend == 3)
        // The second attempt sends pages 3…5: its own document has 3 pages.
        let sent = try await spool.finishAttempt(job.id, result: result(.ok, pages: 3, of: 3))
        #expect(sent.state == .sent)
        #expect(sent.pagesConfirmed == 5)
        #expect(try await spool.attempts(job.id).map(\.firstPage) == [1, 3])
    }

    @Test func attemptsRunOutWithSomePagesConfirmedIsPartial() async throws {
        let f = SpoolFixture()
        let spool = try await f.open()
        let job = try await spool.submit(f.submission(pages: 4, maxAttempts: 1))
        _ = try await spool.claimNext(modem: "m")
        let partial = try await spool.finishAttempt(job.id, result: result(FaxCompletion(t30Status: 5), pages: 1, of: 4))
        #expect(partial.state == .partial)
        #expect(partial.pagesConfirmed == 1)
    }

    @Test func manualRetryAfterFailureGivesExactlyOneMoreAttempt() async throws {
        let f = SpoolFixture()
        let spool = try await f.open()
        let job = try await spool.submit(f.submission(maxAttempts: 1))
        _ = try await spool.claimNext(modem: "m")
        #expect(try await spool.finishAttempt(job.id, result: result(.busy)).state == .failed)

        let retried = try await spool.retry(job.id)
        #expect(retried.state == .queued)
        #expect(retried.maxAttempts == 2)
        _ = try #require(try await spool.claimNext(modem: "m"))
        let failedAgain = try await spool.finishAttempt(job.id, result: result(.busy))
        #expect(failedAgain.state == .failed)
        #expect(failedAgain.attemptsMade == 2)
        f.clock.advance(3600)
        #expect(try await spool.claimNext(modem: "m") == nil)
        await #expect(throws: SpoolError.invalidTransition(from: .queued, by: .retry)) {
            _ = try await spool.retry(job.id)
            _ = try await spool.retry(job.id)
        }
    }

    @Test func killTimeFailsAJobBeforeItIsDialed() async throws {
        let f = SpoolFixture()
        let spool = try await f.open()
        let job = try await spool.submit(f.submission(killAt: f.clock.now.addingTimeInterval(200)))
        _ = try await spool.claimNext(modem: "m")
        // The busy retry (120 s) comes before the kill time: waits.
        #expect(try await spool.finishAttempt(job.id, result: result(.busy)).state == .retryWait)
        f.clock.advance(120)
        _ = try #require(try await spool.claimNext(modem: "m"))
        // The next retry (300 s) would come after it: fails now, with the call's code.
        let failed = try await spool.finishAttempt(job.id, result: result(.busy))
        #expect(failed.state == .failed)
        #expect(failed.lastCompletion == .busy)

        let late = try await spool.submit(f.submission(to: "+15557770000", killAt: f.clock.now.addingTimeInterval(10)))
        try await spool.hold(late.id)
        f.clock.advance(10)
        #expect(try await spool.claimNext(modem: "m") == nil)
        let expired = try await spool.job(late.id)
        #expect(expired.state == .failed)
        #expect(expired.lastCompletion == .killTimeReached)
    }
}
