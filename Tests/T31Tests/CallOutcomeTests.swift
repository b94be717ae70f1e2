// Call outcomes T.30 cannot see: busy, no answer, a person answering, an unassigned number —
// each mapped to its completion code. All four calls run at once on one exchange.

import FaxTestSupport
import Foundation
import T30
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
        let cases: [(String, FaxCompletion)] = [("301", .busy), ("302", .noAnswer), ("303", .answeredByVoice), ("399", .noCarrier)]
        for (i, _) in cases.enumerated() {
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
        for (call, c) in zip(calls, cases) {
            let result = try #require(call.wait(timeout: 90), "call to \(c.0) hung")
            #expect(result.completion == c.1, "dialling \(c.0): \(result.completion)")
            #expect(result.pagesTransferred == 0)
        }
    }
}
