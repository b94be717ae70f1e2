// A call our side ends — cancelled mid-page, a local error (the document gone mid-call),
// the call deadline — must leave the modem in command mode and on hook: the next call on the
// same open modem (as faxd keeps it) goes through. Run on the exchange at 16× line speed.
// The local error is the document vanishing after it was checked and before T.30 opens it
// (5141, spandsp's T30_ERR_FILEERROR), as when a fax's files are deleted while it is dialling.
// The cancel comes 1.5 s (wall) after page 1 was confirmed, so it finds a data stream under way;
// the time until the session returns is printed. SWIFTFAX_ABORT_SPEED (line speed, default 16)
// and SWIFTFAX_ABORT_ECM (set: ECM on) vary the call, e.g. to measure that time at real time.

import FaxOutcome
import FaxTestSupport
import Foundation
import Synchronization
import T30
import T31
import T4
import Testing
import VirtualExchange

@Suite(.serialized) struct LocalAbortTests {
    enum Abort: String, CaseIterable, Sendable { case cancel, cancelInPhaseB, localError, deadline }

    @Test(arguments: Abort.allCases)
    func nextCallWorksAfterALocallyEndedCall(_ abort: Abort) throws {
        let dir = ScratchDirectory("c1-abort-\(abort.rawValue)")
        let exchange = VirtualExchange(options: ExchangeOptions(speed: Double(ProcessInfo.processInfo.environment["SWIFTFAX_ABORT_SPEED"] ?? "") ?? 16, ringInterval: 2))
        defer { exchange.stop() }
        _ = try exchange.addModem(number: "100", name: "ours", path: dir.file("tty"))
        let machine = try exchange.addFaxMachine(number: "200", name: "machine", inbox: dir.file("inbox"))
        exchange.start()
        // Opened once and used by one call thread at a time, as faxd's modem thread does.
        nonisolated(unsafe) let modem = try Class1Modem.open(path: dir.file("tty"), lockDirectory: nil)
        defer { modem.close() }
        let (longDoc, _) = try writeChart(dir, pages: 4, name: "long.tif", resolution: .fine, seed: 3, density: 0.3)
        let (doc, sent) = try writeDocument(dir, pages: 2, seed: 9)

        // 1. The call our side ends.
        var options = FaxSessionOptions(localIdentity: "+1 555 0100", errorCorrection: ProcessInfo.processInfo.environment["SWIFTFAX_ABORT_ECM"] != nil, callDeadline: .seconds(150))
        if abort == .deadline { options.callDeadline = .seconds(3) }
        let session = FaxSession(.transmit(document: longDoc), options: options)
        let cancelledAt = Mutex<ContinuousClock.Instant?>(nil)
        session.onEvent = { event in
            switch (abort, event) {
            case (.cancel, .page(1, _, _)):
                DispatchQueue.global().asyncAfter(deadline: .now() + 1.5) {
                    cancelledAt.withLock { $0 = .now }
                    session.cancel()
                }
            case (.cancelInPhaseB, .phase(.b)):
                // While our DCS goes out: the modem is sending a frame it was given.
                cancelledAt.withLock { $0 = .now }
                session.cancel()
            case (.localError, .phase(.a)): unlink(longDoc)  // checked, then gone before T.30 opens it
            default: break
            }
        }
        let ended = CallThread("aborted") { session.run(over: Class1FrontEnd(modem: modem), setup: .dial("200")) }
        let first = try #require(ended.wait(timeout: 120), "the aborted call hung")
        if let at = cancelledAt.withLock({ $0 }) { print("cancel → session returned after \(ContinuousClock.now - at)") }
        let expected: Int = switch abort {
        case .cancel, .cancelInPhaseB: FaxCompletion.cancelled.code
        case .localError: 5141  // T30_ERR_FILEERROR
        case .deadline: FaxCompletion.callDeadlineExceeded.code
        }
        #expect(first.completion.code == expected, "\(first.completion)\n\(logText(first))")
        // The far end finishes its side of the call (as a real machine would) before we dial again.
        #expect(machine.waitForReceived(count: 1, timeout: 30).count == 1, "the fax machine never ended the first call")

        // 2. The next call on the same open modem.
        let next = CallThread("next") {
            FaxSession(.transmit(document: doc), options: FaxSessionOptions(localIdentity: "+1 555 0100", callDeadline: .seconds(150)))
                .run(over: Class1FrontEnd(modem: modem), setup: .dial("200"))
        }
        let second = try #require(next.wait(timeout: 120), "the next call hung")
        #expect(second.completion == .ok, "after \(abort): \(second.completion)\n\(logText(second))")
        let faxes = machine.waitForReceived(count: 2, timeout: 10)
        let received = faxes.last.flatMap { try? TIFFFaxReader.readPages(path: $0.path) } ?? []
        expectSamePages(received, sent)
    }
}

