// ATChannelDataTests: data mode over the pty — DLE-framed receive and send, the result after
// <DLE><ETX>, abort with CAN, and the data-mode guards.

import Foundation
import SerialPort
import V250
import XCTest

final class ATChannelDataTests: XCTestCase {
    private let dle = V250Control.dle
    private let etx = V250Control.etx
    /// An HDLC-ish frame with DLE, ETX and CR/LF inside.
    private let frame: [UInt8] = [0xFF, 0x13, 0x10, 0x03, 0x0D, 0x0A, 0x10, 0x10, 0x4F, 0x4B, 0x0D]

    func testReceiveDataAfterConnectDeliversUnstuffedBytesThenTheResult() throws {
        let fixture = try ModemFixture(script: [
            // CONNECT, the data and the OK in one write: the data must not be lost to the line parser.
            .command("AT+FRH=3", reply: response("CONNECT") + DLEEncoder.frame(frame) + response("OK")),
            .command("AT+FRH=3", reply: response("CONNECT") + DLEEncoder.frame(frame) + response("ERROR")),
        ])
        defer { fixture.tearDown() }
        for expected in [ATResult.ok(info: []), .error] {
            XCTAssertEqual(try fixture.channel.send("AT+FRH=3", timeout: .seconds(2)), .connect(nil))
            XCTAssertTrue(fixture.channel.isInDataMode)
            var received: [UInt8] = []
            let result = try fixture.channel.receiveData(timeout: .seconds(2)) { received += $0 }
            XCTAssertEqual(received, frame)
            XCTAssertEqual(result, expected)
            XCTAssertFalse(fixture.channel.isInDataMode)
        }
        XCTAssertTrue(fixture.trace.entries.contains { $0.event == .dataReceived(byteCount: frame.count) })
    }

    func testReceiveDataSlowlyInPieces() throws {
        // The CONNECT line's LF arrives in a later read than its CR, and the data itself starts with LF.
        let data = [V250Control.lf] + frame
        let stream = DLEEncoder.frame(data)
        let fixture = try ModemFixture(script: [
            .command("AT+FRM=96", reply: Array("\r\nCONNECT\r".utf8)), .pause(.milliseconds(50)),
            .send([V250Control.lf] + Array(stream[..<3])), .pause(.milliseconds(50)),
            .send(Array(stream[3..<(stream.count - 1)])), .pause(.milliseconds(50)),
            .send([stream[stream.count - 1]]), .pause(.milliseconds(50)),
            .send(response("NO CARRIER")),
        ])
        defer { fixture.tearDown() }
        XCTAssertEqual(try fixture.channel.send("AT+FRM=96", timeout: .seconds(2)), .connect(nil))
        var received: [UInt8] = []
        XCTAssertEqual(try fixture.channel.receiveData(timeout: .seconds(3)) { received += $0 }, .noCarrier)
        XCTAssertEqual(received, data)
        XCTAssertEqual(fixture.channel.takeUnsolicited(), [], "NO CARRIER after the data is its result")
    }

    func testSendDataIsStuffedAndTerminated() throws {
        var random = SplitMix64(seed: 3)
        let page = random.bytes(5000) + [dle, etx, dle, dle]
        let fixture = try ModemFixture(script: [
            .command("AT+FTH=3", reply: response("CONNECT")),
            .dataStream(reply: response("CONNECT")),
            .dataStream(reply: response("OK")),
            .command("AT+FTM=146", reply: response("CONNECT")),
            .dataStream(reply: response("OK")),
        ])
        defer { fixture.tearDown() }
        XCTAssertEqual(try fixture.channel.send("AT+FTH=3", timeout: .seconds(2)), .connect(nil))
        XCTAssertEqual(try fixture.channel.sendData(frame, timeout: .seconds(2)), .connect(nil), "ready for the next frame")
        XCTAssertEqual(try fixture.channel.sendData(frame, timeout: .seconds(2)), .ok(info: []))
        XCTAssertFalse(fixture.channel.isInDataMode)

        XCTAssertEqual(try fixture.channel.send("AT+FTM=146", timeout: .seconds(2)), .connect(nil))
        try fixture.channel.writeData(Array(page[..<2500]), timeout: .seconds(2))
        try fixture.channel.writeData(Array(page[2500...]), timeout: .seconds(2))
        XCTAssertEqual(try fixture.channel.finishData(timeout: .seconds(2)), .ok(info: []))

        XCTAssertEqual(fixture.modem.dataStreams, [frame, frame, page])
        XCTAssertEqual(fixture.modem.problems, [])
    }

    func testAbortAfterConnectDiscardsTheDataAndWaitsForOK() throws {
        let fixture = try ModemFixture(script: [
            .command("AT+FRM=96", reply: response("CONNECT") + [0x01, 0x02, 0x0D, 0x41]),
            .byte(V250Control.can, reply: [0x42, dle, etx] + response("OK")),
            .command("AT", reply: response("OK")),
        ])
        defer { fixture.tearDown() }
        XCTAssertEqual(try fixture.channel.send("AT+FRM=96", timeout: .seconds(2)), .connect(nil))
        XCTAssertEqual(try fixture.channel.abortReceive(timeout: .seconds(2)), .ok(info: []))
        XCTAssertFalse(fixture.channel.isInDataMode)
        XCTAssertEqual(try fixture.channel.send("AT", timeout: .seconds(2)), .ok(info: []))
        XCTAssertEqual(fixture.modem.problems, [])
    }

    func testAbortBeforeConnect() throws {
        let fixture = try ModemFixture(script: [
            .command("AT+FRM=96", reply: []),  // still listening for a carrier
            .byte(V250Control.can, reply: response("OK")),
        ])
        defer { fixture.tearDown() }
        XCTAssertThrowsError(try fixture.channel.send("AT+FRM=96", timeout: .milliseconds(300))) {
            XCTAssertEqual($0 as? ATChannelError, .timeout(command: "AT+FRM=96"))
        }
        XCTAssertEqual(try fixture.channel.abortReceive(timeout: .seconds(2)), .ok(info: []))
    }

    func testReceiveTimesOutWithoutDLEETXAndStaysInDataMode() throws {
        let fixture = try ModemFixture(script: [
            .command("AT+FRM=96", reply: response("CONNECT") + [0x01, 0x02]),
            .byte(V250Control.can, reply: [dle, etx] + response("OK")),
        ])
        defer { fixture.tearDown() }
        _ = try fixture.channel.send("AT+FRM=96", timeout: .seconds(2))
        var received: [UInt8] = []
        let elapsed = try timed {
            XCTAssertThrowsError(try fixture.channel.receiveData(timeout: .milliseconds(300)) { received += $0 }) {
                XCTAssertEqual($0 as? ATChannelError, .timeout(command: "<data>"))
            }
        }
        XCTAssertLessThan(elapsed, .seconds(3))
        XCTAssertEqual(received, [0x01, 0x02])
        XCTAssertTrue(fixture.channel.isInDataMode)
        XCTAssertThrowsError(try fixture.channel.send("AT", timeout: .seconds(1))) {
            XCTAssertEqual($0 as? ATChannelError, .inDataMode)
        }
        XCTAssertEqual(try fixture.channel.abortReceive(timeout: .seconds(2)), .ok(info: []))
    }

    func testDataCallsNeedDataMode() throws {
        let fixture = try ModemFixture(script: [])
        defer { fixture.tearDown() }
        XCTAssertThrowsError(try fixture.channel.sendData([1], timeout: .seconds(1))) {
            XCTAssertEqual($0 as? ATChannelError, .notInDataMode)
        }
        XCTAssertThrowsError(try fixture.channel.receiveData(timeout: .seconds(1)) { _ in }) {
            XCTAssertEqual($0 as? ATChannelError, .notInDataMode)
        }
    }
}
