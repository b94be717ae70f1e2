// ModemWorker's decisions on its seams (a scripted line, a spool that can fail): a call's end the
// spool will not take takes the modem offline instead of spinning; a confirmed page is committed
// before the session goes on; a resubmit has its own files and a fresh conversion; deleting a fax
// leaves nothing of it on disk.

import E164
import FaxDocuments
import FaxOutcome
import FaxTestSupport
import Foundation
import Spool
import Synchronization
import T30
import T31
import T4
import V250
import Testing
@testable import FaxServer

@Suite struct ModemWorkerTests {
    // MARK: fault 9 — a failed attempt record cannot wedge a modem

    @Test func callEndTheSpoolWillNotTakeTakesTheModemOfflineWithoutSpinning() async throws {
        let f = try await WorkerFixture()
        let flaky = FlakySpool(f.spool)
        flaky.failEnds = true
        let line = ScriptedLine()
        let worker = f.worker(line: line, spool: flaky)
        let job = try await f.submit(TestChart.pages(count: 1, resolution: .fine, seed: 1, density: 0.2), to: "+15550100201")
        let task = Task { await worker.run() }
        defer { task.cancel() }

        // Every try (1 + 3 retries) fails: the modem goes offline, saying why, and is closed.
        let offline = try await WorkerFixture.poll(timeout: 120) { f.context.modems.status("m1")?.state == .offline }
        try #require(offline, "\(String(describing: f.context.modems.status("m1")))")
        let status = try #require(f.context.modems.status("m1"))
        #expect(status.lastError?.contains("cannot record the end of attempt 1 of job \(job.id)") == true, "\(status.lastError ?? "")")
        #expect(status.jobID == nil)
        #expect(flaky.ends == 4)
        #expect(line.closes >= 1)
        #expect(try await f.spool.job(job.id).state.isInCall)  // the spool could not be told otherwise

        // Offline, it does not spin: no claims at all, and the end is tried again only every 300 ms.
        let claims = flaky.claims
        let ends = flaky.ends
        try await Task.sleep(for: .milliseconds(700))
        #expect(flaky.claims == claims)
        #expect(flaky.ends - ends <= 3)
        #expect(f.context.modems.status("m1")?.state == .offline)
        #expect(line.calls.count == 1)

        // The disk has room again: the end is recorded, the job is sent, the modem comes back.
        flaky.failEnds = false
        let back = try await WorkerFixture.poll(timeout: 120) {
            try await f.spool.job(job.id).state == .sent && f.context.modems.status("m1")?.state == .idle
        }
        let finalState = try await f.spool.job(job.id).state
        #expect(back, "\(finalState) \(String(describing: f.context.modems.status("m1")))")
        #expect(flaky.claims > claims)
        task.cancel()
        await task.value
    }

    @Test func receivedCallEndTheSpoolWillNotTakeTakesTheModemOffline() async throws {
        let f = try await WorkerFixture(answer: true)
        let flaky = FlakySpool(f.spool)
        flaky.failEnds = true
        let line = ScriptedLine(incomingPages: TestChart.pages(count: 1, resolution: .fine, seed: 2, density: 0.2))
        line.ring(callerID: "5550200")
        let worker = f.worker(line: line, spool: flaky)
        let task = Task { await worker.run() }
        defer { task.cancel() }
        let offline = try await WorkerFixture.poll(timeout: 120) { f.context.modems.status("m1")?.state == .offline }
        try #require(offline)
        #expect(f.context.modems.status("m1")?.lastError?.contains("cannot record the end of the received call") == true)
        let job = try #require(try await f.spool.list(JobQuery(direction: .inbound)).jobs.first)
        #expect(job.state == .receiving)
        #expect(job.pagesConfirmed == 1)  // the page was made durable and counted during the call
        flaky.failEnds = false
        let back = try await WorkerFixture.poll(timeout: 120) { try await f.spool.job(job.id).state == .received }
        #expect(back)
        task.cancel()
        await task.value
    }

    // MARK: fault 3 — a confirmed page is committed before the session goes on

    @Test func confirmedPageIsCommittedBeforeTheSessionGoesOn() async throws {
        let f = try await WorkerFixture()
        /// The spool as the session's thread sees it right after each page event returns.
        final class Observer: @unchecked Sendable {
            let seen = Mutex<[Int]>([])
        }
        let observer = Observer()
        let line = ObservingLine { page, job in
            let confirmed = ModemWorker.waitFor(.seconds(120)) { try await f.spool.job(job).pagesConfirmed }
            observer.seen.withLock { $0.append((try? confirmed.get()) ?? -1) }
            _ = page
        }
        let job = try await f.submit(TestChart.pages(count: 3, resolution: .fine, seed: 3, density: 0.2), to: "+15550100201")
        line.job = job.id
        let sent = try await f.run(f.worker(line: line)) { try await f.spool.job(job.id).state == .sent }
        #expect(sent)
        #expect(observer.seen.withLock { $0 } == [1, 2, 3])
    }

    // MARK: fault 2 — a resubmit has its own files and a fresh conversion

    @Test func resubmitToANewNumberHasItsOwnFilesAndIsConvertedAfresh() async throws {
        let f = try await WorkerFixture()
        let pages = TestChart.pages(count: 2, resolution: .fine, seed: 4, density: 0.2)
        let line = ScriptedLine()
        let original = try await f.submit(pages, to: "+15550100201")
        #expect(try await f.run(f.worker(line: line)) { try await f.spool.job(original.id).state == .sent })
        let sentOriginal = try await f.spool.job(original.id)
        let originalFolder = (try #require(sentOriginal.documentPath) as NSString).deletingLastPathComponent

        // Resubmit to another number, then delete the original's document and the original.
        let before = Date()
        let resubmitted = try await f.context.resubmit(original.id, to: try E164Number("+15550100202"))
        #expect(resubmitted.transmitPath == nil)
        let copy = try #require(resubmitted.documentPath)
        #expect((copy as NSString).deletingLastPathComponent != originalFolder)
        try await f.context.deleteDocuments(original.id)
        try await f.context.deleteJob(original.id)
        #expect(!FileManager.default.fileExists(atPath: originalFolder))

        // The resubmit still sends, from its own folder, a new conversion.
        #expect(try await f.run(f.worker(line: line)) { try await f.spool.job(resubmitted.id).state == .sent })
        let after = Date()
        let sent = try await f.spool.job(resubmitted.id)
        let transmit = try #require(sent.transmitPath)
        #expect((transmit as NSString).deletingLastPathComponent == (copy as NSString).deletingLastPathComponent)
        #expect(FileManager.default.fileExists(atPath: copy))
        let calls = line.calls
        try #require(calls.count == 2)
        #expect(calls[1].dialed == f.configuration.dialRules.dialString(for: try E164Number("+15550100202"))?.text)
        #expect(try TIFFFaxReader.readPages(path: transmit).map(\.bits) == calls[1].pages.map(\.bits))

        // What went out is the document rendered for the new recipient at the resubmit's time:
        // the header names +15550100202, not +15550100201 (whose header the old transmit.tif had).
        func rendered(to number: String, at date: Date) throws -> [FaxPage] {
            var job = sent
            job.toNumber = number
            let scratch = f.dir.file("render-\(UUID().uuidString)")
            try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: copy, toPath: scratch + "/original")
            job.documentPath = scratch + "/original"
            let (path, _) = try TransmitDocument.convert(job, defaults: f.configuration.defaults, identity: "+1 555 0100",
                                                         folder: scratch, date: date)
            return try TIFFFaxReader.readPages(path: path)
        }
        let minutes = stride(from: before.timeIntervalSince1970 - 60, through: after.timeIntervalSince1970 + 60, by: 60)
            .map { Date(timeIntervalSince1970: $0) }
        let matching = try minutes.filter { try rendered(to: "+15550100202", at: $0).map(\.bits) == calls[1].pages.map(\.bits) }
        #expect(!matching.isEmpty, "the resubmit's pages are not the document rendered for +15550100202")
        for minute in matching {
            #expect(try rendered(to: "+15550100201", at: minute).map(\.bits) != calls[1].pages.map(\.bits))
        }
        // Below the header band, the page is the original's.
        let band = 60
        for (old, new) in zip(calls[0].pages, calls[1].pages) {
            let rowBytes = (old.width + 7) / 8
            #expect(old.bits.dropFirst(band * rowBytes) == new.bits.dropFirst(band * rowBytes))
            #expect(old.bits.prefix(band * rowBytes) != new.bits.prefix(band * rowBytes))
        }
    }

    // MARK: fault 4 — deleting a fax removes everything of it

    @Test func deletingAFaxRemovesEverythingOfIt() async throws {
        let f = try await WorkerFixture(answer: true)
        let line = ScriptedLine(incomingPages: TestChart.pages(count: 2, resolution: .fine, seed: 5, density: 0.2))
        let outbound = try await f.submit(TestChart.pages(count: 2, resolution: .fine, seed: 6, density: 0.2), to: "+15550100201")
        line.ring(callerID: "5550200")
        let worker = f.worker(line: line)
        let done = try await f.run(worker) {
            let inbound = try await f.spool.list(JobQuery(direction: .inbound)).jobs.first
            return try await f.spool.job(outbound.id).state == .sent && inbound?.state == .received
        }
        try #require(done)
        let inbound = try #require(try await f.spool.list(JobQuery(direction: .inbound)).jobs.first)
        let inboxFolder = (try #require(inbound.receivedPath) as NSString).deletingLastPathComponent
        #expect(FileManager.default.fileExists(atPath: inboxFolder + "/fax.pdf"))
        #expect(FileManager.default.fileExists(atPath: f.configuration.logsDirectory + "/\(outbound.id)/attempt-1.log"))
        #expect(FileManager.default.fileExists(atPath: f.configuration.logsDirectory + "/\(inbound.id)/attempt-1.log"))
        // A partial copy left by a resumed attempt, and conversion scratch: the folder goes whole.
        let outboundFolder = (try #require(try await f.spool.job(outbound.id).transmitPath) as NSString).deletingLastPathComponent
        try Data().write(to: URL(fileURLWithPath: outboundFolder + "/transmit-from-2.tif"))

        try await f.context.deleteJob(outbound.id)
        try await f.context.deleteJob(inbound.id)
        #expect(f.spoolContents() == ["documents", "inbox", "logs"], "\(f.spoolContents())")
    }

    @Test func orphanFoldersAreSweptCommittedOnesStay() async throws {
        let f = try await WorkerFixture()
        let committed = try await f.submit(TestChart.pages(count: 1, resolution: .fine, seed: 7, density: 0.2), to: "+15550100201")
        let orphanDocument = try f.context.documents.store(Array("%PDF-1.4".utf8))
        let orphanInbox = try f.context.files.inbox.makeFolder()
        try Data("II*\0".utf8).write(to: URL(fileURLWithPath: orphanInbox + "/fax.tif"))
        let orphanLogs = f.configuration.logsDirectory + "/01JZZZZZZZZZZZZZZZZZZZZZZZ"
        try FileManager.default.createDirectory(atPath: orphanLogs, withIntermediateDirectories: true)
        let keptLogs = f.configuration.logsDirectory + "/\(committed.id)"
        try FileManager.default.createDirectory(atPath: keptLogs, withIntermediateDirectories: true)

        let swept = try await f.context.sweepOrphanFiles()
        #expect(Set(swept) == [(orphanDocument as NSString).deletingLastPathComponent, orphanInbox, orphanLogs])
        #expect(FileManager.default.fileExists(atPath: try #require(committed.documentPath)))
        #expect(FileManager.default.fileExists(atPath: keptLogs))
        #expect(!FileManager.default.fileExists(atPath: orphanInbox))
    }

    @Test func aFailedFsyncIsAnError() throws {
        // procfs takes no fsync (EINVAL): the error surfaces instead of being ignored.
        #expect(throws: POSIXError.self) { try DocumentStore.syncFile("/proc/self/status") }
        #expect(throws: POSIXError.self) { try DocumentStore.syncDirectory("/proc/self") }
        #expect(throws: POSIXError.self) { try DocumentStore.syncDirectory("/nonexistent-\(UUID().uuidString)") }
        let dir = ScratchDirectory("fsync")
        try Data("x".utf8).write(to: URL(fileURLWithPath: dir.file("file")))
        try DocumentStore.syncWritten(dir.file("file"))
    }
}

/// A scripted line that runs `afterPage` on the session's thread right after each page event
/// has been handled by the worker (the moment the session would go on).
final class ObservingLine: FaxLineDriver, @unchecked Sendable {
    let afterPage: @Sendable (Int, JobID) -> Void
    var job = JobID("")

    init(afterPage: @escaping @Sendable (Int, JobID) -> Void) { self.afterPage = afterPage }

    func start() throws(Class1Error) -> ModemIdentity { ModemIdentity(manufacturer: "Scripted") }
    func close() {}
    var isRinging: Bool { false }
    func watch(timeout: Duration) throws(Class1Error) -> IncomingCall? { nil }

    func run(_ session: FaxSession, setup: FaxCallSetup, ringing: IncomingCall?) -> (FaxSessionResult, CallerID?) {
        let frontEnd = ScriptedFrontEnd(incomingPages: [])
        let job = self.job
        let after = afterPage
        let wrapped = PageHook(inner: frontEnd) { page in after(page, job) }
        return (session.run(over: wrapped, setup: setup), nil)
    }
}

/// Passes a front end's events through, then calls `afterPage` once the page event returned.
final class PageHook: FaxFrontEnd {
    let inner: FaxFrontEnd
    let afterPage: (Int) -> Void
    var cancellation: FaxCancellation? {
        get { inner.cancellation }
        set { inner.cancellation = newValue }
    }

    init(inner: FaxFrontEnd, afterPage: @escaping (Int) -> Void) {
        self.inner = inner
        self.afterPage = afterPage
    }

    func connect(_ setup: FaxCallSetup) -> FaxCompletion? { inner.connect(setup) }
    func run(direction: FaxDirection, calling: Bool, options: FaxSessionOptions,
             onEvent: @escaping (FaxSessionEvent) -> Void) -> FaxSessionResult {
        inner.run(direction: direction, calling: calling, options: options) { event in
            onEvent(event)
            if case .page(let number, _, _) = event { self.afterPage(number) }
        }
    }
    func hangUp() { inner.hangUp() }
}
