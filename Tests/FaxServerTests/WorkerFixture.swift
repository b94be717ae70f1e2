// A ModemWorker on its seams, without a pty or a modem: a real spool and document store in a
// scratch directory, a scripted line (FaxLineDriver) whose calls run the real FaxSession over a
// scripted front end — sending reads the pages of the document the worker hands it, receiving
// writes pages into the worker's inbox file — and a spool wrapper (ModemWorkerSpool) that can be
// told to fail.

import E164
import FaxOutcome
import FaxTestSupport
import Foundation
import Logging
import Spool
import Synchronization
import T30
import T31
import T4
import Testing
import V250
@testable import FaxServer

/// One fax line, scripted: every dial connects and the far end confirms every page; a queued
/// ring is answered and `incomingPages` arrive.
final class ScriptedLine: FaxLineDriver, @unchecked Sendable {
    struct Call: Sendable {
        var dialed: String?
        /// The pages the worker sent (read from the document it gave the session).
        var pages: [FaxPage]
    }

    private let state = Mutex<(calls: [Call], rings: [IncomingCall], opens: Int, closes: Int)>(([], [], 0, 0))
    let incomingPages: [FaxPage]

    init(incomingPages: [FaxPage] = []) { self.incomingPages = incomingPages }

    var calls: [Call] { state.withLock { $0.calls } }
    var opens: Int { state.withLock { $0.opens } }
    var closes: Int { state.withLock { $0.closes } }

    /// The next watch returns this call.
    func ring(callerID: String) {
        state.withLock { $0.rings.append(IncomingCall(rings: 2, callerID: CallerID(number: callerID))) }
    }

    func start() throws(Class1Error) -> ModemIdentity {
        state.withLock { $0.opens += 1 }
        return ModemIdentity(manufacturer: "Scripted", model: "line")
    }

    func close() { state.withLock { $0.closes += 1 } }

    var isRinging: Bool { false }

    func watch(timeout: Duration) throws(Class1Error) -> IncomingCall? {
        if let call = state.withLock({ $0.rings.isEmpty ? nil : $0.rings.removeFirst() }) { return call }
        Thread.sleep(forTimeInterval: Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18)
        return nil
    }

    func run(_ session: FaxSession, setup: FaxCallSetup, ringing: IncomingCall?) -> (FaxSessionResult, CallerID?) {
        let frontEnd = ScriptedFrontEnd(incomingPages: incomingPages)
        let result = session.run(over: frontEnd, setup: setup)
        var dialed: String?
        if case .dial(let number) = setup { dialed = number }
        state.withLock { $0.calls.append(Call(dialed: dialed, pages: frontEnd.sentPages)) }
        return (result, ringing?.callerID)
    }
}

/// T.30 as far as the worker can tell: phase B, then each page confirmed (or received), then OK.
final class ScriptedFrontEnd: FaxFrontEnd {
    var cancellation: FaxCancellation?
    let incomingPages: [FaxPage]
    var sentPages: [FaxPage] = []

    init(incomingPages: [FaxPage]) { self.incomingPages = incomingPages }

    func connect(_ setup: FaxCallSetup) -> FaxCompletion? { nil }

    func run(direction: FaxDirection, calling: Bool, options: FaxSessionOptions,
             onEvent: @escaping (FaxSessionEvent) -> Void) -> FaxSessionResult {
        onEvent(.phase(.b))
        switch direction {
        case .transmit(let document):
            guard let pages = try? TIFFFaxReader.readPages(path: document) else { return FaxSessionResult(completion: .documentUnreadable) }
            for (index, page) in pages.enumerated() {
                sentPages.append(page)
                onEvent(.page(number: index + 1, of: pages.count, badRows: 0))
            }
            return FaxSessionResult(completion: .ok, pagesTransferred: pages.count, pagesInDocument: pages.count, remoteIdentity: "+1 555 0200")
        case .receive(let path):
            for count in 1...max(1, incomingPages.count) where !incomingPages.isEmpty {
                try? TIFFFaxWriter.write(Array(incomingPages.prefix(count)), to: path)
                onEvent(.page(number: count, of: nil, badRows: 0))
            }
            return FaxSessionResult(completion: .ok, pagesTransferred: incomingPages.count, remoteIdentity: "+1 555 0200")
        }
    }

    func hangUp() {}
}

/// The real spool, with failures on demand and a count of what the worker asked.
final class FlakySpool: ModemWorkerSpool, @unchecked Sendable {
    let spool: Spool
    private let state = Mutex<(failEnds: Bool, claims: Int, ends: Int)>((false, 0, 0))

    init(_ spool: Spool) { self.spool = spool }

    /// Recording a call's end fails (as on a full disk) while set.
    var failEnds: Bool {
        get { state.withLock { $0.failEnds } }
        set { state.withLock { $0.failEnds = newValue } }
    }
    var claims: Int { state.withLock { $0.claims } }
    var ends: Int { state.withLock { $0.ends } }

    private func end() throws(SpoolError) {
        let fail = state.withLock { state -> Bool in
            state.ends += 1
            return state.failEnds
        }
        if fail { throw .storage("database or disk is full (test)") }
    }

    func claimNext(modem: String, groups: [String]?) async throws(SpoolError) -> FaxJob? {
        state.withLock { $0.claims += 1 }
        return try await spool.claimNext(modem: modem, groups: groups)
    }
    func job(_ id: JobID) async throws(SpoolError) -> FaxJob { try await spool.job(id) }
    func attempts(_ id: JobID) async throws(SpoolError) -> [FaxAttempt] { try await spool.attempts(id) }
    func setTransmitDocument(_ id: JobID, path: String, pages: Int) async throws(SpoolError) -> FaxJob {
        try await spool.setTransmitDocument(id, path: path, pages: pages)
    }
    func recordCallConnected(_ id: JobID) async throws(SpoolError) -> FaxJob { try await spool.recordCallConnected(id) }
    func recordPageConfirmed(_ id: JobID, page: Int) async throws(SpoolError) -> FaxJob {
        try await spool.recordPageConfirmed(id, page: page)
    }
    func finishAttempt(_ id: JobID, result: FaxSessionResult) async throws(SpoolError) -> FaxJob {
        try end()
        return try await spool.finishAttempt(id, result: result)
    }
    func beginReceiving(from: String, to: String, modem: String, receivedPath: String,
                        calledNumber: String?, tenantID: String?) async throws(SpoolError) -> FaxJob {
        try await spool.beginReceiving(from: from, to: to, modem: modem, receivedPath: receivedPath, calledNumber: calledNumber,
                                       tenantID: tenantID)
    }
    func finishReceiving(_ id: JobID, result: FaxSessionResult) async throws(SpoolError) -> FaxJob {
        try end()
        return try await spool.finishReceiving(id, result: result)
    }
    func annotate(_ id: JobID, metadata: [String: String]) async throws(SpoolError) -> FaxJob {
        try await spool.annotate(id, metadata: metadata)
    }
}

/// faxd's spool, documents and one modem, in a scratch directory.
struct WorkerFixture {
    let dir = ScratchDirectory("faxserver")
    let configuration: ServerConfiguration
    let spool: Spool
    let context: FaxServerContext
    let modem: ModemConfiguration

    /// Waits short enough for tests.
    static let fast = ModemWorker.Timing(
        watchSlice: .milliseconds(20), backoff: [.milliseconds(50)],
        recordRetries: [.milliseconds(10), .milliseconds(20), .milliseconds(40)], recordRetryWhileOffline: .milliseconds(300),
        claimBackoff: [.milliseconds(20)], pageCommitTimeout: .seconds(120), cancelPoll: .milliseconds(50))

    /// Conversion runs in faxd's helper (`faxd convert-document`); in this process /proc/self/exe
    /// is the test bundle, so the fixture names faxd, built beside it.
    static let faxd = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("faxd").path

    init(answer: Bool = false) async throws {
        let yaml = """
        spool: \(dir.file("spool"))
        defaults: { header: "Ward 7", identity: "+1 555 0100", timezone: UTC }
        destinations: { private_prefixes: ["+1555"] }
        conversion: { helper: \(Self.faxd) }
        modems:
          - { name: m1, device: /dev/null, answer: \(answer), dial: true }
        """
        configuration = try ServerConfiguration.parse(yaml)
        for folder in [configuration.spool, configuration.documentsDirectory, configuration.inboxDirectory, configuration.logsDirectory] {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        spool = try await Spool(path: configuration.databasePath)
        context = FaxServerContext(configuration: configuration, spool: spool)
        modem = configuration.modems[0]
    }

    func worker(line: any FaxLineDriver, spool: (any ModemWorkerSpool)? = nil) -> ModemWorker {
        ModemWorker(configuration: modem, context: context, logger: Logger(label: "test"),
                    spool: spool ?? self.spool, line: line, timing: Self.fast)
    }

    /// Stores `pages` as a submitted document (TIFF/F) and queues it to `to`.
    func submit(_ pages: [FaxPage], to: String) async throws -> FaxJob {
        let source = dir.file("source-\(UUID().uuidString).tif")
        try TIFFFaxWriter.write(pages, to: source)
        let stored = try context.documents.store(Array(try Data(contentsOf: URL(fileURLWithPath: source))))
        return try await spool.submit(FaxSubmission(to: try E164Number(to), documentPath: stored))
    }

    /// Runs `worker` until `condition` holds (or `timeout` seconds pass), then stops it.
    func run(_ worker: ModemWorker, timeout: Double = 120, until condition: @escaping @Sendable () async throws -> Bool) async throws -> Bool {
        let task = Task { await worker.run() }
        defer { task.cancel() }
        let met = try await Self.poll(timeout: timeout, condition)
        task.cancel()
        await task.value
        return met
    }

    static func poll(timeout: Double, _ condition: @Sendable () async throws -> Bool) async throws -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return try await condition()
    }

    /// Every file and folder under the spool directory except the database.
    func spoolContents() -> [String] {
        let root = configuration.spool
        let all = (FileManager.default.enumerator(atPath: root)?.allObjects as? [String]) ?? []
        return all.filter { !$0.hasPrefix("spool.sqlite") }.sorted()
    }
}
