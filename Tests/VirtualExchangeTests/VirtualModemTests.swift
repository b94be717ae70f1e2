// The virtual Class 1 modem behaves like a real one on its pty: identity and capability queries,
// dialling results, RING with caller ID, and a client closing and reopening the device.

import FaxTestSupport
import Foundation
import Testing
import T30
import T4
@testable import VirtualExchange

@Suite(.serialized) struct VirtualModemTests {
    @Test func answersATCommandsLikeAClass1Modem() throws {
        let dir = ScratchDirectory("modem-at")
        let exchange = VirtualExchange(options: ExchangeOptions(speed: 1, noAnswerTimeout: 3))
        defer { exchange.stop() }
        let modem = try exchange.addModem(number: "100", path: dir.file("ttyFAX0"))
        _ = try exchange.addModem(number: "101", path: dir.file("ttyFAX1"), profile: LineProfile(dialTone: false))
        exchange.addBehaviourLine(number: "300", profile: LineProfile(answering: .busy))
        exchange.addBehaviourLine(number: "301", profile: LineProfile(answering: .neverAnswers))
        _ = try exchange.addFaxMachine(number: "200", inbox: dir.file("inbox"))
        exchange.start()
        #expect(modem.devicePath == dir.file("ttyFAX0"))

        let client = try TerminalClient(path: dir.file("ttyFAX0"))
        // V.250: echo is on until ATE0.
        #expect(client.command("AT") == ["AT", "OK"])
        #expect(client.command("ATE0") == ["ATE0", "OK"])
        #expect(client.command("AT") == ["OK"])
        let identity = client.command("ATI")
        #expect(identity.last == "OK" && identity.count >= 2)
        #expect(client.command("AT+FCLASS=?") == ["0,1,1.0", "OK"])
        #expect(client.command("AT+FCLASS=1") == ["OK"])
        #expect(client.command("AT+FTM=?") == ["24,48,72,73,74,96,97,98,121,122,145,146", "OK"])
        #expect(client.command("AT+FRH=?") == ["3", "OK"])
        #expect(client.command("ATD300", timeout: 10) == ["BUSY"])
        #expect(client.command("ATD999", timeout: 10) == ["NO CARRIER"])
        #expect(client.command("ATD301", timeout: 10) == ["NO ANSWER"])
        let dead = try TerminalClient(path: dir.file("ttyFAX1"))
        #expect(dead.command("ATE0") == ["ATE0", "OK"])
        #expect(dead.command("ATD100", timeout: 10) == ["NO DIALTONE"])
        // A fax machine answers: CONNECT comes once its V.21 flags are heard (implied +FRH=3).
        let connect = client.command("ATDT200", timeout: 20)
        #expect(connect.last == "CONNECT")
        #expect(client.command("ATH0", timeout: 20).contains { $0 == "OK" || $0 == "NO CARRIER" || $0 == "ERROR" })
    }

    @Test func incomingCallRingsWithCallerID() throws {
        let dir = ScratchDirectory("modem-ring")
        let exchange = VirtualExchange(options: ExchangeOptions(speed: 1, ringInterval: 1))
        defer { exchange.stop() }
        _ = try exchange.addModem(number: "100", path: dir.file("ttyFAX0"))
        let caller = exchange.addSoftModemLine(number: "5551234", name: "ACME Corp")
        exchange.start()
        let client = try TerminalClient(path: dir.file("ttyFAX0"))
        #expect(client.command("ATE0") == ["ATE0", "OK"])

        let placing = Thread { _ = caller.placeCall(to: "100") }
        placing.start()
        var lines: [String] = []
        let deadline = Date().addingTimeInterval(6)
        while lines.filter({ $0 == "RING" }).count < 2, let line = client.readLine(deadline: deadline) {
            lines.append(line)
        }
        #expect(lines.first == "RING")
        #expect(lines.filter { $0 == "RING" }.count == 2)
        #expect(lines.contains("NMBR=5551234"))
        #expect(lines.contains("NAME=ACME Corp"))
        #expect(lines.contains { $0.hasPrefix("DATE=") })
        #expect(lines.contains { $0.hasPrefix("TIME=") })
        caller.hangUp()
    }

    @Test func survivesAClientClosingAndReopening() throws {
        let dir = ScratchDirectory("modem-reopen")
        let exchange = VirtualExchange(options: ExchangeOptions(speed: 1))
        defer { exchange.stop() }
        _ = try exchange.addModem(number: "100", path: dir.file("ttyFAX0"))
        exchange.start()
        do {
            let first = try TerminalClient(path: dir.file("ttyFAX0"))
            #expect(first.command("ATE0") == ["ATE0", "OK"])
        }  // the client closes the device here
        for _ in 0..<3 {
            let client = try TerminalClient(path: dir.file("ttyFAX0"))
            #expect(client.command("AT") == ["OK"])
        }
    }

    @Test func symlinkIsRemovedWhenTheExchangeGoes() throws {
        let dir = ScratchDirectory("modem-link")
        let exchange = VirtualExchange(options: ExchangeOptions(speed: 1))
        _ = try exchange.addModem(number: "100", path: dir.file("ttyFAX0"))
        exchange.start()
        let target = try FileManager.default.destinationOfSymbolicLink(atPath: dir.file("ttyFAX0"))
        #expect(target.hasPrefix("/dev/pts/"))
        exchange.stop()
        #expect(!FileManager.default.fileExists(atPath: dir.file("ttyFAX0")))
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: dir.file("ttyFAX0"))) == nil)
    }
}
