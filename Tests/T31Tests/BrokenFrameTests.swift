// A V.21 frame broken by the line (a drop-out or noise burst after the flags): the modem said
// CONNECT and then delivers nothing. The modem is alive — it answers CAN with OK — so the host
// must listen again with +FRH=3 while T.30 still waits, not end the call as "modem not responding".

import FaxOutcome
import FaxTestSupport
import Foundation
import SerialPort
import T30
import T31
import Testing
import V250

@Suite struct BrokenFrameTests {
    @Test func frameBrokenAfterConnectIsListenedForAgain() throws {
        let dir = ScratchDirectory("c1-broken")
        let (doc, _) = try writeDocument(dir, pages: 1)
        // DIS (FCS placeholder octets: the host drops the modem's two FCS octets).
        let dis: [UInt8] = [0xFF, 0x13, 0x80, 0x00, 0xCE, 0xF4, 0x80, 0x80, 0x81, 0x80, 0x80, 0x80, 0x18, 0x12, 0x34]
        let modem = try ScriptedModem { command in
            let upper = command.uppercased()
            if upper.hasPrefix("ATD") { return .lines(["CONNECT"]) }  // flags heard; the frame never ends
            if upper == "<CAN>" { return .lines(["OK"]) }
            if upper == "AT+FRH=3" { return .raw(Array("\r\nCONNECT\r\n".utf8) + DLEEncoder.frame(dis) + Array("\r\nOK\r\n".utf8)) }
            if upper.hasPrefix("AT+FTH") { return .silence(forever: true) }
            return class1Basics(command) ?? .silence(forever: true)
        }
        defer { modem.shutdown() }
        let call = CallThread("send") {
            let frontEnd = Class1FrontEnd(devicePath: modem.path, lockDirectory: nil)
            frontEnd.dialTimeout = .seconds(10)
            return FaxSession(.transmit(document: doc), options: FaxSessionOptions(callDeadline: .seconds(40)))
                .run(over: frontEnd, setup: .dial("5551234"))
        }
        let r = try #require(call.wait(timeout: 60), "the call hung")
        let commands = modem.commands.map { $0.uppercased() }
        let can = try #require(commands.firstIndex(of: "<CAN>"), "no CAN after the broken frame: \(commands)\n\(logText(r))")
        #expect(commands[(can + 1)...].contains("AT+FRH=3"), "no +FRH=3 after CAN: \(commands)")
        #expect(r.sessionLog.contains { $0.text.hasPrefix("DIS") && $0.direction == .received }, "the DIS heard on the second listen reached T.30\n\(logText(r))")
    }
}
