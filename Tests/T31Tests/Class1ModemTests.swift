// Class1Modem's primitives against a scripted modem: reset and identity, +FRM answered with
// +FCERROR, +FTM refused, dial result codes, a dial abandoned while it rings, rings with caller
// ID, bad dial strings.

import FaxTestSupport
import Foundation
import SerialPort
import Synchronization
import T31
import Testing
import V250

@Suite struct Class1ModemTests {
    /// Whether the scripted modem is dialling (set by ATDT558, ended by the abort).
    final class Dialling: Sendable { let active = Mutex(false) }

    @Test func primitivesAndResultCodes() throws {
        let dialling = Dialling()
        let modem = try ScriptedModem { command in
            switch command.uppercased() {
            case "AT+FRM=96": return .lines(["+FCERROR"])
            case "AT+FTM=146": return .lines(["ERROR"])
            case "AT+FTS=8": return .lines(["OK"])
            case "ATDT555": return .lines(["BUSY"])
            case "ATDT556": return .lines(["NO DIALTONE"])
            case "ATDT557": return .lines(["NO ANSWER"])
            case "ATDT558":  // rings on and on
                dialling.active.withLock { $0 = true }
                return .silence(forever: false)
            case "ATH0" where dialling.active.withLock({ $0 }):  // as a V.250 modem ends an aborted dial
                dialling.active.withLock { $0 = false }
                return .lines(["NO CARRIER"])
            default: return class1Basics(command) ?? .lines(["ERROR"])
            }
        }
        defer { modem.shutdown() }
        let c1 = try Class1Modem.open(path: modem.path, lockDirectory: nil)
        defer { c1.close() }
        try c1.reset()
        #expect(c1.identity.manufacturer == "Scripted Modems Inc")
        #expect(c1.identity.model.isEmpty)  // +FMM? answered ERROR: tolerated
        #expect(c1.identity.supportsClass1)
        #expect(c1.identity.transmitModulations == [.v27ter2400, .v27ter4800, .v29_7200, .v29_9600])
        #expect(c1.quirks.name == "default")
        #expect(modem.commands.contains("AT+FCLASS=1"))

        try c1.startReceive(.v29_9600)
        var result: ATResult?
        for _ in 0..<100 where result == nil { result = try c1.pollReceive(until: .after(.milliseconds(20))) }
        #expect(result == .fcError)

        #expect(throws: Class1Error.unexpectedResult(command: "AT+FTM=146", result: .error)) { try c1.startTransmit(.v17_14400Short) }
        try c1.silence(milliseconds: 75)
        #expect(modem.commands.last == "AT+FTS=8")

        #expect(try c1.dial("555") == .busy)
        #expect(try c1.dial("556") == .noDialtone)
        #expect(try c1.dial("557") == .noAnswer)
        let abandonAt = ContinuousClock.now + .milliseconds(300)
        #expect(try c1.dial("558", abandonWhen: { ContinuousClock.now >= abandonAt }) == .abandoned)
        #expect(ContinuousClock.now - abandonAt < .seconds(1))
        #expect(modem.commands.suffix(2) == ["ATDT558", "ATH0"])
        #expect(try c1.dial("555") == .busy)
        #expect(throws: Class1Error.self) { try c1.dial("555\r\nATZ") }
        #expect(throws: Class1Error.self) { try c1.dial("") }
    }

    @Test func countsRingsAndKeepsCallerID() throws {
        let modem = try ScriptedModem { command in class1Basics(command) ?? .lines(["ERROR"]) }
        defer { modem.shutdown() }
        let c1 = try Class1Modem.open(path: modem.path, lockDirectory: nil)
        defer { c1.close() }
        try c1.reset()
        let ringing = Thread {
            let text = "\r\nRING\r\n\r\nDATE=1123\r\nTIME=2200\r\nNMBR=5551234\r\nNAME=ACME\r\n\r\nRING\r\n\r\nRING\r\n"
            try? modem.pty.write(Array(text.utf8), deadline: .after(.seconds(1)))
        }
        ringing.start()
        let call = try #require(try c1.waitForCall(rings: 2, timeout: .seconds(5)))
        #expect(call.rings == 2)
        #expect(call.callerID.number == "5551234")
        #expect(call.callerID.name == "ACME")
        // No call: nil at the timeout, not a hang.
        let none = try c1.waitForCall(rings: 5, timeout: .milliseconds(300))
        #expect(none == nil)
    }
}
