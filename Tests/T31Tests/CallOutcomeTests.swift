// Call outcomes T.30 cannot see: busy, no answer, a person answering, an unassigned number —
// each mapped to its completion code — and a dial the host abandons while the far end rings.
// All five calls run at once on one exchange.

import FaxOutcome
import FaxTestSupport
import Foundation
import T30
import T31
import Testing
import VirtualExchange

@Suite(.serialized) struct CallOutcomeTests {
    @Test func busyNoAnswerVoiceAndUnassigned() throws {
        let dir = ScratchDirectory("c1-outcomes")
        let exchange = VirtualExchange(options: ExchangeOptions(speed: 1, ringInterval: 2, noAnswerTimeout: 12, failureDelay: 1))
        defer { exchange.stop() }
        exchange.addBehaviourLine(number: "301", profile: LineProfile(answering: .busy))
        exchange.addBehaviourLine(number: "302", profile: LineProfile(answering: .neverAnswers))
        exchange.addBehaviourLine(number: "303", profile: LineProfile(answering: .voice(rings: 1, seconds: 8)))
        exchange.addBehaviourLine(number: "304", profile: LineProfile(answering: .neverAnswers))
        let cases: [(String, FaxCompletion)] = [("301", .busy), ("302", .noAnswer), ("303", .answeredByVoice), ("399", .noCarrier)]
        for i in 0...cases.count {
            _ = try exchange.addModem(number: "10\(i)", path: dir.file("tty\(i)"))
        }
        exchange.start()
        let (doc, _) = try writeDocument(dir, pages: 1)
        let calls = cases.enumerated().map { i, c in
            CallThread("dial \(c.0)") {
                FaxSession(.transmit(document: doc), options: FaxSessionOptions(callDeadline: .seconds(60)))
                    .run(over: Class1FrontEnd(devicePath: dir.file("tty\(i)"), lockDirectory: nil), setup: .dial(c.0))
            }
        }

        // Abandoned: cancelled while the far end rings, the dial is aborted at once (not after
        // the exchange's 12 s no-answer time) and the exchange sees the caller hang up.
        let abandoned = FaxSession(.transmit(document: doc), options: FaxSessionOptions(callDeadline: .seconds(60)))
        let abandonedCall = CallThread("dial 304") {
            abandoned.run(over: Class1FrontEnd(devicePath: dir.file("tty\(cases.count)"), lockDirectory: nil), setup: .dial("304"))
        }
        #expect(eventually(timeout: 30) { exchange.activeCalls.contains { $0.to == "304" && $0.rings >= 1 } }, "304 never rang")
        let cancelledAt = Date()
        abandoned.cancel()
        let result = try #require(abandonedCall.wait(timeout: 30), "abandoned call hung")
        #expect(result.completion == .cancelled)
        #expect(Date().timeIntervalSince(cancelledAt) < 2, "the dial was not aborted")
        #expect(logText(result).contains("ATH0"))

        for (call, c) in zip(calls, cases) {
            let result = try #require(call.wait(timeout: 90), "call to \(c.0) hung")
            #expect(result.completion == c.1, "dialling \(c.0): \(result.completion)")
            #expect(result.pagesTransferred == 0)
        }
        let record = exchange.callRecords.first { $0.to == "304" }
        #expect(record?.outcome == "abandoned")
        #expect(record?.endedBy == "10\(cases.count)")
    }
}
