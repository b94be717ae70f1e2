// ATChannelTests: the AT channel against a scripted modem on a real pty — results, info text,
// echo, unsolicited rings with caller ID, stale output, timeouts, garbage, hang-up, trace.

import Foundation
import FaxTestSupport
import SerialPort
import V250
import XCTest

final class ATChannelTests: XCTestCase {
    func testOKAndInformationText() throws {
        let fixture = try ModemFixture(script: [
            .command("AT", reply: response("OK")),
            .command("AT+FCLASS=?", reply: response("0,1,1.0", "OK")),
            .command("ATI3", reply: response("SwiftFax Virtual Modem", "Rev 1.0", "OK")),
        ])
        defer { fixture.tearDown() }
        XCTAssertEqual(try fixture.channel.send("AT", timeout: .seconds(2)), .ok(info: []))
        let classes = try fixture.channel.send("AT+FCLASS=?", timeout: .seconds(2))
        XCTAssertEqual(classes, .ok(info: ["0,1,1.0"]))
        XCTAssertEqual(try FaxClass.parseSupported(classes.info), [.data, .class1, .class1_0])
        XCTAssertEqual(try fixture.channel.send("ATI3", timeout: .seconds(2)),
                       .ok(info: ["SwiftFax Virtual Modem", "Rev 1.0"]))
        XCTAssertEqual(fixture.modem.problems, [])
    }

    func testEveryFinalResultReachesTheCaller() throws {
        let table: [(String, String, ATResult)] = [
            ("ATD123", "BUSY", .busy), ("ATD124", "NO DIALTONE", .noDialtone), ("ATD125", "NO ANSWER", .noAnswer),
            ("ATD126", "NO CARRIER", .noCarrier), ("AT+FOO", "ERROR", .error), ("AT+FRM=96", "+FCERROR", .fcError),
        ]
        let fixture = try ModemFixture(script: table.map { .command($0.0, reply: response($0.1)) })
        defer { fixture.tearDown() }
        for (command, _, result) in table {
            XCTAssertEqual(try fixture.channel.send(command, timeout: .seconds(2)), result, command)
        }
        XCTAssertEqual(fixture.modem.problems, [])
        XCTAssertEqual(fixture.channel.takeUnsolicited(), [], "NO CARRIER after ATD is a result, not unsolicited")
    }

    func testEchoingModemDoesNotConfuseTheChannel() throws {
        let fixture = try ModemFixture(echo: true, script: [
            .command("AT", reply: response("OK")),
            .command("AT+FCLASS=?", reply: response("0,1,1.0", "OK")),
            .command("ATE0", reply: response("OK")),
        ])
        defer { fixture.tearDown() }
        XCTAssertEqual(try fixture.channel.send("AT", timeout: .seconds(2)), .ok(info: []))
        XCTAssertEqual(try fixture.channel.send("AT+FCLASS=?", timeout: .seconds(2)), .ok(info: ["0,1,1.0"]))
        XCTAssertEqual(try fixture.channel.send("ATE0", timeout: .seconds(2)), .ok(info: []))
        XCTAssertTrue(fixture.trace.entries.contains { $0.event == .echo("AT+FCLASS=?") })
        XCTAssertEqual(fixture.modem.problems, [])
    }

    func testATPrefixIsAddedWhenMissing() throws {
        let fixture = try ModemFixture(script: [.command("AT+FCLASS=1", reply: response("OK"))])
        defer { fixture.tearDown() }
        XCTAssertEqual(try fixture.channel.send("+FCLASS=1", timeout: .seconds(2)), .ok(info: []))
        XCTAssertEqual(fixture.modem.commands, ["AT+FCLASS=1"])
    }

    func testNumericResultCodes() throws {
        let fixture = try ModemFixture(resultFormat: .numeric, script: [
            .command("ATV0", reply: "0\r"),
            .command("ATD123", reply: "7\r"),
            .command("AT+FCLASS?", reply: "1\r\n0\r"),
        ])
        defer { fixture.tearDown() }
        XCTAssertEqual(try fixture.channel.send("ATV0", timeout: .seconds(2)), .ok(info: []))
        XCTAssertEqual(try fixture.channel.send("ATD123", timeout: .seconds(2)), .busy)
        // In numeric mode a digit-only info line reads as a result code: the documented ATV0 ambiguity.
        XCTAssertEqual(try fixture.channel.send("AT+FCLASS?", timeout: .seconds(2)), .connect(nil))
    }

    func testRingsCarryTheCallerIDReceivedBeforeThem() throws {
        let fixture = try ModemFixture(script: [
            .send(response("RING")),
            .send(response("DATE=0321", "TIME=1405", "NMBR = 5551234", "NAME=JOHN DOE")),
            .send(response("RING")),
        ])
        defer { fixture.tearDown() }
        XCTAssertEqual(try fixture.channel.waitForUnsolicited(timeout: .seconds(2)), .ring(CallerID()))
        XCTAssertEqual(
            try fixture.channel.waitForUnsolicited(timeout: .seconds(2)),
            .ring(CallerID(date: "0321", time: "1405", number: "5551234", name: "JOHN DOE"))
        )
        var result: ATUnsolicited?
        let elapsed = try timed { result = try fixture.channel.waitForUnsolicited(timeout: .milliseconds(300)) }
        XCTAssertNil(result)
        XCTAssertGreaterThanOrEqual(elapsed, .milliseconds(250))
        XCTAssertLessThan(elapsed, .seconds(3))
    }

    func testUnsolicitedLinesDuringACommandAreQueued() throws {
        let fixture = try ModemFixture(script: [
            .command("AT", reply: response("RING", "NMBR=5550000", "OK")),
            .command("ATA", reply: response("RING", "CONNECT 9600")),
        ])
        defer { fixture.tearDown() }
        XCTAssertEqual(try fixture.channel.send("AT", timeout: .seconds(2)), .ok(info: []))
        XCTAssertEqual(try fixture.channel.send("ATA", timeout: .seconds(2)), .connect("9600"))
        XCTAssertEqual(fixture.channel.takeUnsolicited(), [.ring(CallerID()), .ring(CallerID(number: "5550000"))])
        XCTAssertEqual(fixture.channel.takeUnsolicited(), [])
        XCTAssertTrue(fixture.channel.isInDataMode)
    }

    func testNoCarrierWhileIdleIsUnsolicited() throws {
        let fixture = try ModemFixture(script: [.send(response("NO CARRIER"))])
        defer { fixture.tearDown() }
        XCTAssertEqual(try fixture.channel.waitForUnsolicited(timeout: .seconds(2)), .noCarrier)
    }

    func testStaleOutputIsNotTakenForTheAnswer() throws {
        let fixture = try ModemFixture(script: [
            .send(response("OK") + Array("\r\nHALF".utf8)),
            .command("AT+FCLASS?", reply: response("1", "OK")),
        ])
        defer { fixture.tearDown() }
        // The stale bytes ("\r\nOK\r\n\r\nHALF") are there before the command goes out.
        XCTAssertTrue(try eventually(timeout: 5) { try fixture.port.inputWaiting() == 12 })
        XCTAssertEqual(try fixture.channel.send("AT+FCLASS?", timeout: .seconds(2)), .ok(info: ["1"]))
        let entries = fixture.trace.entries.map(\.event)
        XCTAssertTrue(entries.contains(.discarded("OK")))
        XCTAssertTrue(entries.contains(.discarded("HALF")))
    }

    func testSilentModemTimesOutWithinTheDeadline() throws {
        let fixture = try ModemFixture(script: [])
        defer { fixture.tearDown() }
        let elapsed = try timed {
            XCTAssertThrowsError(try fixture.channel.send("AT", timeout: .milliseconds(400))) {
                XCTAssertEqual($0 as? ATChannelError, .timeout(command: "AT"))
            }
        }
        XCTAssertGreaterThanOrEqual(elapsed, .milliseconds(350))
        XCTAssertLessThan(elapsed, .seconds(3))
        XCTAssertEqual(fixture.trace.entries.last?.event, .timeout("AT"))
    }

    func testGarbageAndTruncatedResponsesTimeOutCleanlyAndTheChannelRecovers() throws {
        var random = SplitMix64(seed: 7)
        let noise = random.bytes(2000).map { $0 == 0x0D || $0 == 0x0A ? 0x00 : $0 }
        let fixture = try ModemFixture(script: [
            .command("AT", reply: noise + Array("OK".utf8)),  // no line end, then silence
            .command("AT", reply: Array("\r\nO".utf8)),  // truncated
            .command("AT", reply: response("OK")),
        ])
        defer { fixture.tearDown() }
        for _ in 0..<2 {
            XCTAssertThrowsError(try fixture.channel.send("AT", timeout: .milliseconds(300))) {
                XCTAssertEqual($0 as? ATChannelError, .timeout(command: "AT"))
            }
        }
        XCTAssertEqual(try fixture.channel.send("AT", timeout: .seconds(2)), .ok(info: []))
        XCTAssertTrue(fixture.trace.entries.contains {
            if case .garbage(let bytes) = $0.event { return bytes.count == ATResponseParser.defaultMaximumLineLength }
            return false
        })
        XCTAssertEqual(fixture.modem.problems, [])
    }

    func testHangUpDuringACommandIsATransportError() throws {
        let fixture = try ModemFixture(script: [.command("AT", reply: []), .hangUp])
        defer { fixture.tearDown() }
        let elapsed = try timed {
            XCTAssertThrowsError(try fixture.channel.send("AT", timeout: .seconds(10))) {
                let error = $0 as? ATChannelError
                XCTAssertTrue(error == .transport(.hungUp) || error == .transport(.deviceGone), "\(String(describing: error))")
            }
        }
        XCTAssertLessThan(elapsed, .seconds(5))
    }

    func testInvalidCommandLinesAreRejectedBeforeSending() throws {
        let fixture = try ModemFixture(script: [])
        defer { fixture.tearDown() }
        for command in ["AT\rZ", "ATD\n1", "ATé", String(repeating: "S", count: 300)] {
            XCTAssertThrowsError(try fixture.channel.send(command, timeout: .seconds(1))) {
                XCTAssertEqual($0 as? ATChannelError, .invalidCommand(command))
            }
        }
        XCTAssertEqual(fixture.modem.commands, [])
    }

    func testTraceRecordsTheDialogueInOrder() throws {
        let fixture = try ModemFixture(script: [
            .command("AT", reply: response("OK")),
            .command("AT+FCLASS=?", reply: response("0,1,1.0", "OK")),
        ])
        defer { fixture.tearDown() }
        _ = try fixture.channel.send("AT", timeout: .seconds(2))
        _ = try fixture.channel.send("AT+FCLASS=?", timeout: .seconds(2))
        let entries = fixture.trace.entries
        XCTAssertEqual(entries.map(\.event), [
            .command("AT"), .result(.ok), .command("AT+FCLASS=?"), .information("0,1,1.0"), .result(.ok),
        ])
        XCTAssertEqual(entries.map(\.time), entries.map(\.time).sorted(), "monotonic timestamps")
        let log = fixture.trace.formatted()
        XCTAssertTrue(log.contains("--> AT+FCLASS=?"), log)
        XCTAssertTrue(log.contains("<-- 0,1,1.0"), log)
    }
}
