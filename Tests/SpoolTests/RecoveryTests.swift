// Crash recovery: a spool dropped mid-call and opened again never loses the job and never sends a
// fax twice whose pages were all confirmed.

import FaxOutcome
import T30
import Foundation
import Spool
import Testing

@Suite struct RecoveryTests {
    @Test func interruptedCallGoesBackToTheQueueKeepingItsProgress() async throws {
        let f = SpoolFixture()
        var id: JobID
        do {
            let spool = try await f.open()
            id = try await spool.submit(f.submission(pages: 3)).id
            _ = try await spool.claimNext(modem: "m")
            try await spool.recordPageConfirmed(id, page: 1)
            try await spool.recordPageConfirmed(id, page: 2)
        }  // the spool goes away without finishing the call
        let spool = try await f.open()
        let job = try await spool.job(id)
        #expect(job.state == .queued)
        #expect(job.pagesConfirmed == 2)
        #expect(job.firstPageToSend == 3)
        #expect(job.attemptsMade == 0)
        #expect(job.recoveries == 1)
        let events = try await spool.events(job: id)
        #expect(events.last?.reason == "recovered after restart")
        #expect(events.last?.from == .sending)
        let attempts = try await spool.attempts(id)
        #expect(attempts.count == 1)
        #expect(attempts[0].result?.completion == .interruptedByRestart)

        let again = try #require(try await spool.claimNext(modem: "m"))
        #expect(again.firstPageToSend == 3)
        #expect(try await spool.attempts(id).last?.number == 2)
        #expect(try await spool.finishAttempt(id, result: result(.ok, pages: 1, of: 1)).state == .sent)
    }

    @Test func everyPageConfirmedBeforeTheCrashIsSent() async throws {
        let f = SpoolFixture()
        var id: JobID
        do {
            let spool = try await f.open()
            id = try await spool.submit(f.submission(pages: 3)).id
            _ = try await spool.claimNext(modem: "m")
            for page in 1...3 { try await spool.recordPageConfirmed(id, page: page) }
        }
        let spool = try await f.open()
        let job = try await spool.job(id)
        #expect(job.state == .sent)
        #expect(try await spool.claimNext(modem: "m") == nil)
        #expect(try await states(spool, id) == [.queued, .dialing, .sending, .sent])
    }

    @Test func killedProcessImageRecoversTheSameWay() async throws {
        let f = SpoolFixture()
        let spool = try await f.open()
        let partly = try await spool.submit(f.submission(to: "+15551000001", pages: 3)).id
        let fully = try await spool.submit(f.submission(to: "+15551000002", pages: 2)).id
        _ = try await spool.claimNext(modem: "a")
        _ = try await spool.claimNext(modem: "b")
        try await spool.recordPageConfirmed(partly, page: 2)
        try await spool.recordPageConfirmed(fully, page: 2)
        let image = try f.crashImage()  // the spool is still open: nothing was closed or checkpointed

        let reopened = try await f.open(at: image)
        #expect(try await reopened.job(partly).state == .queued)
        #expect(try await reopened.job(partly).firstPageToSend == 3)
        #expect(try await reopened.job(fully).state == .sent)
        #expect(try await reopened.claimNext(modem: "c")?.id == partly)
        withExtendedLifetime(spool) {}
    }

    @Test func aJobThatKeepsCrashingTheDaemonFailsInTheEnd() async throws {
        let f = SpoolFixture()
        var id = JobID("")
        for round in 1...3 {
            let spool = try await f.open()
            if round == 1 { id = try await spool.submit(f.submission()).id }
            #expect(try await spool.claimNext(modem: "m")?.id == id)
        }
        let spool = try await f.open()
        let job = try await spool.job(id)
        #expect(job.state == .failed)
        #expect(job.lastCompletion == .tooManyRestarts)
    }

    @Test func aJobWithEarlierPagesThatKeepsCrashingEndsPartial() async throws {
        let f = SpoolFixture()
        var id = JobID("")
        for round in 1...3 {
            let spool = try await f.open()
            if round == 1 {
                id = try await spool.submit(f.submission(pages: 3)).id
                _ = try await spool.claimNext(modem: "m")
                try await spool.recordPageConfirmed(id, page: 1)
                _ = try await spool.finishAttempt(id, result: result(FaxCompletion(t30Status: 2), pages: 1))
                f.clock.advance(300)
            }
            #expect(try await spool.claimNext(modem: "m")?.state == .dialing)  // crashes while dialing
        }
        let job = try await f.open().job(id)
        #expect(job.state == .partial)
        #expect(job.pagesConfirmed == 1)
    }

    @Test func cancelRequestedBeforeTheCrashIsCancelled() async throws {
        let f = SpoolFixture()
        var id: JobID
        do {
            let spool = try await f.open()
            id = try await spool.submit(f.submission()).id
            _ = try await spool.claimNext(modem: "m")
            try await spool.cancel(id)
        }
        #expect(try await f.open().job(id).state == .cancelled)
    }

    @Test func oneOwnerAtATime() async throws {
        let f = SpoolFixture()
        var owner: Spool? = try await f.open()
        await #expect(throws: SpoolError.alreadyOwned(f.path + ".lock")) { try await f.open() }
        _ = try await f.open(recover: false)  // tools may still open it
        #expect(owner != nil)
        owner = nil
        _ = try await f.open()
    }

    @Test func anOpenWithoutRecoveryLeavesCallsAlone() async throws {
        let f = SpoolFixture()
        let owner = try await f.open()
        let id = try await owner.submit(f.submission()).id
        _ = try await owner.claimNext(modem: "m")
        let tool = try await f.open(recover: false)
        #expect(try await tool.job(id).state == .dialing)
    }
}
