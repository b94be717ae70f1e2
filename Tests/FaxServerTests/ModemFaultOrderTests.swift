// After a call ends in a modem fault, the worker closes the modem before it opens it again — so
// the reopening chooses the driver afresh (the fallback to voice happens there) — and a session
// run on a line closed under it ends 5209 instead of leaving the worker waiting for its events.
// Both were found by the voice fallback test, which hung one run in two.

import FaxOutcome
import FaxTestSupport
import Foundation
import Synchronization
import T30
import T31
import T4
import Testing
import V250
@testable import FaxServer

@Suite struct ModemFaultOrderTests {
    @Test func aModemFaultClosesTheModemBeforeItIsStartedAgain() async throws {
        let f = try await WorkerFixture()
        let line = FaultingLine()
        let worker = f.worker(line: line)
        _ = try await f.submit(TestChart.pages(count: 1, resolution: .fine, seed: 3, density: 0.2), to: "+15550100201")
        let task = Task { await worker.run() }
        defer { task.cancel() }
        let restarted = try await WorkerFixture.poll(timeout: 60) { line.log.filter { $0 == "start" }.count >= 2 }
        task.cancel()
        await task.value
        try #require(restarted, "\(line.log)")
        // Not "start, run, start, close": a close still on its way would shut the modem just opened.
        #expect(Array(line.log.prefix(4)) == ["start", "run 5206", "close", "start"], "\(line.log)")
    }

    @Test func aSessionOnAClosedLineEndsAndSaysSo() async throws {
        let f = try await WorkerFixture()
        let line = ModemLine(configuration: f.modem, lockDirectory: nil)
        let session = FaxSession(.receive(into: f.dir.file("never.tif")))
        let (result, _) = line.run(session, setup: .answer, ringing: nil)
        #expect(result.completion == .modemUnavailable)
        // The events end (with the completion): a worker following them is not left waiting.
        let events = Task {
            var seen: [FaxSessionEvent] = []
            for await event in session.events { seen.append(event) }
            return seen
        }
        let timeout = Task {
            try await Task.sleep(for: .seconds(10))
            events.cancel()
        }
        let seen = await events.value
        timeout.cancel()
        #expect(seen.count == 1)
        if case .completed(let completion)? = seen.last { #expect(completion == .modemUnavailable) } else { Issue.record("\(seen)") }
    }
}

/// A line whose every call ends in a modem fault (5206), logging what the worker asks of it.
final class FaultingLine: FaxLineDriver, @unchecked Sendable {
    private let entries = Mutex<[String]>([])
    var log: [String] { entries.withLock { $0 } }

    func start() throws(Class1Error) -> ModemIdentity {
        entries.withLock { $0.append("start") }
        return ModemIdentity(manufacturer: "Scripted", model: "faulting")
    }

    func close() { entries.withLock { $0.append("close") } }
    var isRinging: Bool { false }

    func watch(timeout: Duration) throws(Class1Error) -> IncomingCall? {
        Thread.sleep(forTimeInterval: 0.02)
        return nil
    }

    func run(_ session: FaxSession, setup: FaxCallSetup, ringing: IncomingCall?) -> (FaxSessionResult, CallerID?) {
        let result = session.run(over: DeafFrontEnd(), setup: setup)
        entries.withLock { $0.append("run \(result.completion.code)") }
        return (result, nil)
    }
}

/// A modem that stops answering at the dial.
final class DeafFrontEnd: FaxFrontEnd {
    var cancellation: FaxCancellation?
    func connect(_ setup: FaxCallSetup) -> FaxCompletion? { .modemNotResponding }
    func run(direction: FaxDirection, calling: Bool, options: FaxSessionOptions,
             onEvent: @escaping (FaxSessionEvent) -> Void) -> FaxSessionResult {
        FaxSessionResult(completion: .modemNotResponding)
    }
    func hangUp() {}
}
