// Reading back: cursor pagination, filters, the event feed, durability seen from a second
// connection, deleting documents and jobs.

import E164
import Foundation
import Spool
import Synchronization
import Testing
import FaxOutcome

@Suite struct QueryTests {
    @Test func paginationReturnsEveryJobOnce() async throws {
        let f = SpoolFixture()
        let spool = try await f.open()
        var submitted: Set<JobID> = []
        for i in 0..<53 {
            submitted.insert(try await spool.submit(f.submission(to: "+1555300\(1000 + i)")).id)
            if i % 7 == 0 { f.clock.advance(1) }
        }
        var seen: [JobID] = []
        var cursor: String?
        var pages = 0
        repeat {
            let page = try await spool.list(JobQuery(limit: 10, cursor: cursor))
            seen += page.jobs.map(\.id)
            cursor = page.nextCursor
            pages += 1
        } while cursor != nil
        #expect(pages == 6)
        #expect(seen.count == 53)
        #expect(Set(seen) == submitted)
        #expect(seen == seen.sorted(by: >))
        await #expect(throws: SpoolError.invalidRequest("bad cursor")) { try await spool.list(JobQuery(cursor: "!!")) }
    }

    @Test func filters() async throws {
        let f = SpoolFixture()
        let spool = try await f.open()
        let a = try await spool.submit(f.submission(to: "+15554440001"))
        f.clock.advance(10)
        let since = f.clock.now
        let b = try await spool.submit(f.submission(to: "+15554440002"))
        try await spool.hold(b.id)
        let inbound = try await spool.beginReceiving(from: "+15554440001", to: "+15559870000", modem: "r", receivedPath: f.dir.file("in.tif"))

        #expect(try await spool.list(JobQuery(states: [.held])).jobs.map(\.id) == [b.id])
        #expect(try await spool.list(JobQuery(direction: .inbound)).jobs.map(\.id) == [inbound.id])
        #expect(try await spool.list(JobQuery(number: "+15554440001")).jobs.map(\.id) == [inbound.id, a.id])
        #expect(try await spool.list(JobQuery(since: since)).jobs.map(\.id) == [inbound.id, b.id])
        #expect(try await spool.list(JobQuery(direction: .outbound, number: "+15554440001", since: since)).jobs.isEmpty)
    }

    @Test func eventsAfterASequenceNumber() async throws {
        let f = SpoolFixture()
        let spool = try await f.open()
        let a = try await spool.submit(f.submission(to: "+15554440001"))
        let mark = try #require(try await spool.events().last?.sequence)
        let b = try await spool.submit(f.submission(to: "+15554440002"))
        try await spool.cancel(a.id)
        let after = try await spool.events(after: mark)
        #expect(after.map(\.jobID) == [b.id, a.id])
        #expect(after.map(\.to) == [.queued, .cancelled])
        #expect(after.allSatisfy { $0.sequence > mark })
    }

    @Test func aTransitionIsDurableBeforeTheCallReturns() async throws {
        let f = SpoolFixture()
        let spool = try await f.open()
        let observer = try await f.open(recover: false)
        let job = try await spool.submit(f.submission())
        #expect(try await observer.job(job.id).state == .queued)
        _ = try await spool.claimNext(modem: "m")
        #expect(try await observer.events(job: job.id).last?.to == .dialing)
        try await spool.recordPageConfirmed(job.id, page: 2)
        #expect(try await observer.job(job.id).pagesConfirmed == 2)
        _ = try await spool.finishAttempt(job.id, result: result(.ok, pages: 3))
        #expect(try await observer.events(job: job.id).last?.to == .sent)
    }

    @Test func deleteDocumentKeepsTheRecordDeleteJobRemovesAll() async throws {
        let f = SpoolFixture()
        let spool = try await f.open()
        let job = try await spool.submit(f.submission())
        let document = try #require(job.documentPath)
        try Data("%PDF".utf8).write(to: URL(fileURLWithPath: document))
        await #expect(throws: SpoolError.invalidRequest("job \(job.id) still needs its document; cancel it first")) {
            try await spool.deleteDocuments(job.id)
        }
        _ = try await spool.claimNext(modem: "m")
        await #expect(throws: SpoolError.jobInCall(job.id)) { try await spool.deleteJob(job.id) }
        _ = try await spool.finishAttempt(job.id, result: result(.ok, pages: 3))

        let kept = try await spool.deleteDocuments(job.id)
        #expect(kept.documentPath == nil)
        #expect(!FileManager.default.fileExists(atPath: document))
        #expect(try await spool.attempts(job.id).count == 1)
        #expect(try await spool.job(job.id).state == .sent)

        try await spool.deleteJob(job.id)
        await #expect(throws: SpoolError.notFound(job.id)) { try await spool.job(job.id) }
        #expect(try await spool.events(job: job.id).isEmpty)
    }
}

extension QueryTests {
    /// Spools written before resubmits got their own copies have jobs sharing files: deleting one
    /// of them never removes a file (or folder) the other still uses.
    @Test func deleteNeverRemovesAFileAnotherJobUses() async throws {
        let f = SpoolFixture()
        let spool = try await f.open()
        let folder = f.dir.file("doc")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let shared = folder + "/original"
        try Data("%PDF".utf8).write(to: URL(fileURLWithPath: shared))
        var submission = f.submission()
        submission.documentPath = shared
        let first = try await spool.submit(submission)
        submission.to = try E164Number("+15551230002")
        let second = try await spool.submit(submission)
        for id in [first.id, second.id] { _ = try await spool.cancel(id) }

        let released = Mutex<[ReleasedFiles]>([])
        try await spool.deleteJob(first.id, release: { files in released.withLock { $0.append(files) } })
        #expect(released.withLock { $0 } == [ReleasedFiles()])
        try await spool.deleteDocuments(second.id, release: { files in released.withLock { $0.append(files) } })
        #expect(released.withLock { $0.last } == ReleasedFiles(files: [shared], folders: [folder]))
        #expect(FileManager.default.fileExists(atPath: shared))  // the release step given did not remove it
        // The default release removes the files, not the folders.
        let third = try await spool.submit(submission)
        _ = try await spool.cancel(third.id)
        try await spool.deleteJob(third.id)
        #expect(!FileManager.default.fileExists(atPath: shared))
        #expect(FileManager.default.fileExists(atPath: folder))
    }
}

@Suite struct StorageSettingsTests {
    @Test func walFullSynchronousForeignKeys() async throws {
        let f = SpoolFixture()
        let settings = try await f.open().storageSettings()
        #expect(settings.journalMode == "wal")
        #expect(settings.synchronous == 2)
        #expect(settings.foreignKeys)
        #expect(settings.schemaVersion == "v5")
    }
}
