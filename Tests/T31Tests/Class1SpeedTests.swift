// Our Class 1 sender on a virtual modem to the exchange's fax machine with the exchange's clock
// running faster than real time. The data stream must follow the modem's flow control, not the
// host's wall clock: a modem that takes data faster than the nominal bit rate (here: a line
// clock at 16×) must never run dry mid-frame. ECM and non-ECM, 3 pages, 6 calls each
// (SWIFTFAX_SPEED_CALLS for more, SWIFTFAX_SPEED for another line speed).

import FaxOutcome
import FaxTestSupport
import Foundation
import T30
import T31
import T4
import Testing
import VirtualExchange

/// Sends `pages` pages `calls` times, one call at a time, over an exchange at `speed`; returns
/// the results with what the fax machine received for each.
func sendRepeatedly(speed: Double, ecm: Bool, calls: Int, pages: Int, dir: ScratchDirectory)
    throws -> [(result: FaxSessionResult?, received: [FaxPage], sent: [FaxPage])]
{
    let exchange = VirtualExchange(options: ExchangeOptions(speed: speed, ringInterval: 2))
    defer { exchange.stop() }
    _ = try exchange.addModem(number: "100", name: "ours", path: dir.file("tty"))
    let machine = try exchange.addFaxMachine(number: "200", name: "machine", inbox: dir.file("inbox"))
    exchange.start()
    let (doc, sent) = try writeDocument(dir, pages: pages, seed: 11)
    var out: [(FaxSessionResult?, [FaxPage], [FaxPage])] = []
    for call in 0..<calls {
        let options = FaxSessionOptions(localIdentity: "+1 555 0100", errorCorrection: ecm, callDeadline: .seconds(150))
        let sender = CallThread("speed-\(call)") {
            FaxSession(.transmit(document: doc), options: options)
                .run(over: Class1FrontEnd(devicePath: dir.file("tty"), lockDirectory: nil), setup: .dial("200"))
        }
        let result = sender.wait(timeout: 200)
        let faxes = machine.waitForReceived(count: call + 1, timeout: 10)
        let received = faxes.count > call ? ((try? TIFFFaxReader.readPages(path: faxes[call].path)) ?? []) : []
        out.append((result, received, sent))
    }
    return out
}

@Suite(.serialized) struct Class1SpeedTests {
    @Test(arguments: [false, true])
    func repeatedCallsAtSixteenTimesRealTime(ecm: Bool) throws {
        let env = ProcessInfo.processInfo.environment
        let speed = Double(env["SWIFTFAX_SPEED"] ?? "") ?? 16
        let calls = Int(env["SWIFTFAX_SPEED_CALLS"] ?? "") ?? 6
        let dir = ScratchDirectory("c1-speed")
        let results = try sendRepeatedly(speed: speed, ecm: ecm, calls: calls, pages: 3, dir: dir)
        var succeeded = 0
        for (i, (result, received, sent)) in results.enumerated() {
            let result = try #require(result, "call \(i + 1) hung")
            #expect(result.completion == .ok, "call \(i + 1): \(result.completion)\n\(logText(result))")
            #expect(result.errorCorrection == ecm)
            expectSamePages(received, sent)
            if result.completion == .ok && received.count == sent.count { succeeded += 1 }
        }
        print("speed \(speed)x ECM \(ecm): \(succeeded)/\(calls) calls delivered every page")
    }
}
