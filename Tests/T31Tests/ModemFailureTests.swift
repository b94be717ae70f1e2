// A modem that stops responding, closes the line or talks garbage: every call ends with a clear
// completion code within its deadlines — never a hang.

import FaxOutcome
import FaxTestSupport
import Foundation
import T30
import T31
import Testing
import V250

@Suite struct ModemFailureTests {
    /// Sends a fax through a scripted modem on its own thread; nil if the call hung.
    func sendThrough(_ modem: ScriptedModem, dir: ScratchDirectory, deadline: Duration = .seconds(60)) throws -> (FaxSessionResult?, Double) {
        let (doc, _) = try writeDocument(dir, pages: 1)
        let start = Date()
        let call = CallThread("send") {
            let frontEnd = Class1FrontEnd(devicePath: modem.path, lockDirectory: nil)
            frontEnd.dialTimeout = .seconds(10)
            return FaxSession(.transmit(document: doc), options: FaxSessionOptions(callDeadline: deadline))
                .run(over: frontEnd, setup: .dial("5551234"))
        }
        let result = call.wait(timeout: 60)
        return (result, Date().timeIntervalSince(start))
    }

    @Test func modemGoesSilentAfterConnect() throws {
        let dir = ScratchDirectory("c1-silent")
        // CONNECT to ATD (V.21 flags heard) and then not another byte: a frame that never ends.
        let modem = try ScriptedModem { command in
            if command.uppercased().hasPrefix("ATD") { return .lines(["CONNECT"]) }
            if let reply = class1Basics(command) { return reply }
            return .silence(forever: true)
        }
        defer { modem.shutdown() }
        let (result, seconds) = try sendThrough(modem, dir: dir)
        let r = try #require(result, "the call hung")
        #expect(r.completion == .modemNotResponding, "\(r.completion)")
        #expect(seconds < 20, "took \(seconds) s")
    }

    @Test func modemStopsAnsweringCommandsMidCall() throws {
        let dir = ScratchDirectory("c1-mute")
        // The modem delivers DIS, then ignores everything from +FTH on.
        let dis: [UInt8] = [0xFF, 0x13, 0x80, 0x00, 0xCE, 0xF4, 0x80, 0x80, 0x81, 0x80, 0x80, 0x80, 0x18, 0x12, 0x34]
        let framed = DLEEncoder.frame(dis) + Array("\r\nOK\r\n".utf8)
        let modem = try ScriptedModem { command in
            if command.uppercased().hasPrefix("ATD") { return .raw(Array("\r\nCONNECT\r\n".utf8) + framed) }
            if command.uppercased().hasPrefix("AT+FTH") || command.uppercased().hasPrefix("AT+FRH") { return .silence(forever: true) }
            return class1Basics(command) ?? .silence(forever: true)
        }
        defer { modem.shutdown() }
        let (result, seconds) = try sendThrough(modem, dir: dir)
        let r = try #require(result, "the call hung")
        #expect(r.completion == .modemNotResponding, "\(r.completion)\n\(logText(r))")
        #expect(seconds < 20, "took \(seconds) s")
        #expect(r.sessionLog.contains { $0.text.contains("DIS") }, "the DIS frame reached T.30")
    }

    @Test func modemClosesTheLineMidCall() throws {
        let dir = ScratchDirectory("c1-close")
        let modem = try ScriptedModem { command in
            if command.uppercased().hasPrefix("ATD") { return .lines(["CONNECT"]) }
            return class1Basics(command) ?? .close
        }
        // After CONNECT the host reads a frame; close the line under it.
        DispatchQueue.global().asyncAfter(deadline: .now() + 3) { modem.pty.close() }
        let (result, seconds) = try sendThrough(modem, dir: dir)
        let r = try #require(result, "the call hung")
        #expect(r.completion == .modemNotResponding, "\(r.completion)")
        #expect(seconds < 15, "took \(seconds) s")
    }

    @Test func garbageAndTruncatedResponsesGiveCleanErrors() throws {
        let dir = ScratchDirectory("c1-garbage")
        // Binary noise and a result code cut off before its line end: never an OK.
        let noise = try ScriptedModem { _ in .raw([0x00, 0xFF, 0x13, 0x7E, 0x10, 0x4F]) }
        defer { noise.shutdown() }
        let (a, s1) = try sendThrough(noise, dir: dir)
        #expect(try #require(a, "hung on noise").completion == .modemNotResponding)
        #expect(s1 < 20)

        let truncated = try ScriptedModem { _ in .raw(Array("\r\nO".utf8)) }
        defer { truncated.shutdown() }
        let (b, s2) = try sendThrough(truncated, dir: dir)
        #expect(try #require(b, "hung on a truncated result").completion == .modemNotResponding)
        #expect(s2 < 20)

        // A modem without Class 1 is unavailable for fax, not "not responding".
        let dataOnly = try ScriptedModem { command in
            command.uppercased() == "AT+FCLASS=?" ? .lines(["0,2.0", "OK"]) : class1Basics(command) ?? .lines(["ERROR"])
        }
        defer { dataOnly.shutdown() }
        let (c, _) = try sendThrough(dataOnly, dir: dir)
        #expect(try #require(c).completion == .modemUnavailable)

        // A capability answer that does not parse is a clean typed error.
        let nonsense = try ScriptedModem { command in
            command.uppercased() == "AT+FCLASS=?" ? .lines(["(((", "OK"]) : class1Basics(command) ?? .lines(["ERROR"])
        }
        defer { nonsense.shutdown() }
        let modem = try Class1Modem.open(path: nonsense.path, lockDirectory: nil)
        defer { modem.close() }
        #expect(throws: Class1Error.self) { try modem.reset() }
    }

    @Test func quirksTableMatchesIdentity() {
        let emulator = ModemIdentity(productInfo: "spandsp", manufacturer: "spandsp", model: "T.31 emulator")
        #expect(ModemQuirks.lookup(emulator).name == "spandsp T.31 emulator")
        let usr = ModemIdentity(manufacturer: "U.S. Robotics", model: "56K FAX EXT")
        #expect(ModemQuirks.lookup(usr).silence == .receiveSilence)
        #expect(ModemQuirks.lookup(ModemIdentity(manufacturer: "Nobody")).name == "default")
        #expect(ModemQuirks.table.last?.name == "default")
    }
}
