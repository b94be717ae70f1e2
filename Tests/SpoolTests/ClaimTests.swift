// Claiming: one call per destination at a time, priority then age, one call per modem, and
// concurrent claimers (in one spool and across two connections) never sharing a job.

import Foundation
import Spool
import Testing
import FaxOutcome

@Suite struct ClaimTests {
    @Test func oneCallPerDestinationAtATime() async throws {
        let f = SpoolFixture()
        let spool = try await f.open()
        let first = try await spool.submit(f.submission(to: "+15551110000"))
        let second = try await spool.submit(f.submission(to: "+15551110000"))
        let other = try await spool.submit(f.submission(to: "+15552220000"))
        #expect(try await spool.claimNext(modem: "a")?.id == first.id)
        #expect(try await spool.claimNext(modem: "b")?.id == other.id)
        #expect(try await spool.claimNext(modem: "c") == nil)
        _ = try await spool.finishAttempt(first.id, result: result(.ok, pages: 3))
        #expect(try await spool.claimNext(modem: "c")?.id == second.id)
    }

    @Test func priorityThenAge() async throws {
        let f = SpoolFixture()
        let spool = try await f.open()
        let old = try await spool.submit(f.submission(to: "+15550000001"))
        f.clock.advance(1)
        let young = try await spool.submit(f.submission(to: "+15550000002"))
        let urgent = try await spool.submit(f.submission(to: "+15550000003", priority: 10))
        var order: [JobID] = []
        for modem in ["a", "b", "c"] { order.append(try #require(try await spool.claimNext(modem: modem)).id) }
        #expect(order == [urgent.id, old.id, young.id])
    }

    @Test func aModemMakesOneCallAtATime() async throws {
        let f = SpoolFixture()
        let spool = try await f.open()
        _ = try await spool.submit(f.submission(to: "+15550000001"))
        _ = try await spool.submit(f.submission(to: "+15550000002"))
        _ = try await spool.claimNext(modem: "a")
        await #expect(throws: SpoolError.modemBusy("a")) { try await spool.claimNext(modem: "a") }
    }

    @Test func concurrentClaimersNeverGetTheSameJob() async throws {
        let f = SpoolFixture()
        let spool = try await f.open()
        let second = try await f.open(recover: false)  // another connection pool on the same file
        let count = 60
        for i in 0..<count { _ = try await spool.submit(f.submission(to: "+1555200\(1000 + i)")) }

        let claimed = try await withThrowingTaskGroup(of: [JobID].self) { group in
            for claimer in 0..<6 {
                let target = claimer % 2 == 0 ? spool : second
                group.addTask {
                    var mine: [JobID] = []
                    var call = 0
                    while let job = try await target.claimNext(modem: "modem-\(claimer)-\(call)") {
                        mine.append(job.id)
                        call += 1
                    }
                    return mine
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(claimed.count == count)
        #expect(Set(claimed).count == count)
        #expect(try await spool.list(JobQuery(states: [.dialing], limit: 1000)).jobs.count == count)
    }
}
