// FaxMachineLine: a fax machine built into the exchange. It answers after a number of rings and
// receives into an inbox directory (a TIFF/F file and a JSON result per call), and it can call out
// and send a document. It can also misbehave on purpose: hang up after page N.

import FaxOutcome
import Foundation
import T30

public final class FaxMachineLine: @unchecked Sendable {
    public struct Received: Sendable {
        public var path: String
        public var caller: CallerID?
        public var result: FaxSessionResult
    }

    public let line: SoftModemLine
    public let inbox: String
    public var options: FaxSessionOptions
    /// Hang up as soon as this many pages have been received.
    public let dropAfterPage: Int?
    private let condition = NSCondition()
    private var received: [Received] = []
    private var jobs: [(document: String, number: String, done: (FaxSessionResult) -> Void)] = []
    private var thread: Thread?
    private let stopped = DispatchSemaphore(value: 0)
    private var callCount = 0

    init(line: SoftModemLine, inbox: String, options: FaxSessionOptions, dropAfterPage: Int?) {
        self.line = line
        self.inbox = inbox
        self.options = options
        self.dropAfterPage = dropAfterPage
    }

    func start() {
        let thread = Thread { [self] in run() }
        thread.name = "fax-machine-\(line.number)"
        self.thread = thread
        thread.start()
    }

    /// Every fax received so far.
    public var receivedFaxes: [Received] {
        condition.lock()
        defer { condition.unlock() }
        return received
    }

    /// Waits until `count` faxes have been received (or `timeout` wall seconds pass).
    public func waitForReceived(count: Int, timeout: Double) -> [Received] {
        let deadline = Date().addingTimeInterval(timeout)
        condition.lock()
        defer { condition.unlock() }
        while received.count < count {
            if !condition.wait(until: deadline) { break }
        }
        return received
    }

    /// Calls `number` and sends `document`; blocks until the call ends.
    public func send(document: String, to number: String) -> FaxSessionResult {
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var outcome: FaxSessionResult?
        condition.lock()
        jobs.append((document, number, { outcome = $0; done.signal() }))
        condition.unlock()
        line.post(.wake)
        done.wait()
        return outcome!
    }

    func waitUntilStopped(timeout: Double) {
        guard thread != nil else { return }
        _ = stopped.wait(timeout: .now() + timeout)
    }

    private func run() {
        defer { stopped.signal() }
        var caller: CallerID?
        while let event = line.events.next() {
            switch event {
            case .shutdown:
                return
            case .incomingCall(let id):
                caller = id
            case .ring(let count) where count >= line.ringsBeforeAnswer:
                line.answerRingingCall()
            case .connected(let link):
                line.accept(link)
                receive(from: caller)
                caller = nil
            case .wake:
                condition.lock()
                let job = jobs.isEmpty ? nil : jobs.removeFirst()
                condition.unlock()
                if let job {
                    let session = FaxSession(.transmit(document: job.document), options: options)
                    job.done(session.run(over: SoftModemFrontEnd(port: line), setup: .dial(job.number)))
                }
            default:
                continue
            }
        }
    }

    private func receive(from caller: CallerID?) {
        callCount += 1
        let stamp = Self.stampFormatter.string(from: Date())
        let path = "\(inbox)/fax-\(line.number)-\(stamp)-\(callCount).tif"
        let session = FaxSession(.receive(into: path), options: options)
        if let dropAfterPage {
            session.onEvent = { [line] event in
                if case .page(let number, _, _) = event, number >= dropAfterPage {
                    line.hangUp()
                }
            }
        }
        let result = session.run(over: SoftModemFrontEnd(port: line), setup: .answer)
        writeSidecar(result: result, caller: caller, path: path)
        condition.lock()
        received.append(Received(path: path, caller: caller, result: result))
        condition.broadcast()
        condition.unlock()
    }

    private func writeSidecar(result: FaxSessionResult, caller: CallerID?, path: String) {
        var summary = result
        summary.sessionLog = []
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        guard var data = try? encoder.encode(summary) else { return }
        data.append(0x0A)
        try? data.write(to: URL(fileURLWithPath: path.replacingOccurrences(of: ".tif", with: ".json")))
        let log = result.sessionLog.map(\.description).joined(separator: "\n") + "\n"
        try? log.write(toFile: path.replacingOccurrences(of: ".tif", with: ".log"), atomically: true, encoding: .utf8)
    }

    private static let stampFormatter: DateFormatter = {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter
    }()
}

extension VirtualExchange {
    /// Adds a built-in fax machine that answers after `rings` rings and receives into `inbox`.
    public func addFaxMachine(
        number: String, name: String = "", inbox: String, rings: Int = 1,
        options: FaxSessionOptions = FaxSessionOptions(), profile: LineProfile = LineProfile(), dropAfterPage: Int? = nil
    ) throws -> FaxMachineLine {
        try FileManager.default.createDirectory(atPath: inbox, withIntermediateDirectories: true)
        let line = addSoftModemLine(number: number, name: name, profile: profile, ringsBeforeAnswer: rings)
        let machine = FaxMachineLine(line: line, inbox: inbox, options: options, dropAfterPage: dropAfterPage)
        line.stopWaiter = { [unowned machine] timeout in machine.waitUntilStopped(timeout: timeout) }
        machine.start()
        return machine
    }
}
