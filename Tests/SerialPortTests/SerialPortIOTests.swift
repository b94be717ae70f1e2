// SerialPortIOTests: bytes through a real pty, read/write deadlines, hang-up detection.

import Foundation
import FaxTestSupport
import SerialPort
import XCTest

final class SerialPortIOTests: XCTestCase {
    func testBytesFlowBothWaysThroughThePty() throws {
        let fixture = try PortFixture()
        defer { fixture.tearDown() }
        let all = [UInt8](0...255)

        try fixture.port.write(all, deadline: .after(.seconds(2)))
        XCTAssertEqual(try readFromMaster(fixture.pty, count: all.count), all)

        try fixture.pty.write(all, deadline: .after(.seconds(2)))
        var received: [UInt8] = []
        while received.count < all.count {
            received += try fixture.port.read(maxCount: 1024, deadline: .after(.seconds(2)))
        }
        XCTAssertEqual(received, all, "raw mode must pass every byte value unchanged (no CR/LF mapping, no XON/XOFF)")
    }

    func testReadByteReturnsBytesInOrder() throws {
        let fixture = try PortFixture()
        defer { fixture.tearDown() }
        try fixture.pty.write([0x10, 0x03, 0x0D], deadline: .after(.seconds(1)))
        XCTAssertEqual(try fixture.port.readByte(deadline: .after(.seconds(1))), 0x10)
        XCTAssertEqual(try fixture.port.readByte(deadline: .after(.seconds(1))), 0x03)
        XCTAssertEqual(try fixture.port.readByte(deadline: .after(.seconds(1))), 0x0D)
    }

    func testReadThrowsTimeoutAtTheDeadline() throws {
        let fixture = try PortFixture()
        defer { fixture.tearDown() }
        let elapsed = try timed {
            XCTAssertThrowsError(try fixture.port.read(maxCount: 16, deadline: .after(.milliseconds(300)))) {
                XCTAssertEqual($0 as? SerialPortError, .timeout)
            }
        }
        XCTAssertGreaterThanOrEqual(elapsed, .milliseconds(250))
        XCTAssertLessThan(elapsed, .seconds(3))
    }

    func testExpiredDeadlineStillReturnsWhatIsAlreadyThere() throws {
        let fixture = try PortFixture()
        defer { fixture.tearDown() }
        try fixture.pty.write(Array("OK".utf8), deadline: .after(.seconds(1)))
        XCTAssertTrue(try eventually(timeout: 5) { try fixture.port.inputWaiting() == 2 })
        XCTAssertEqual(try fixture.port.read(maxCount: 16, deadline: .now), Array("OK".utf8))
        XCTAssertThrowsError(try fixture.port.read(maxCount: 16, deadline: .now)) {
            XCTAssertEqual($0 as? SerialPortError, .timeout)
        }
    }

    func testWriteThrowsTimeoutWhenNobodyReads() throws {
        let fixture = try PortFixture()
        defer { fixture.tearDown() }
        let lots = [UInt8](repeating: 0x55, count: 4 << 20)
        let elapsed = try timed {
            XCTAssertThrowsError(try fixture.port.write(lots, deadline: .after(.milliseconds(300)))) {
                XCTAssertEqual($0 as? SerialPortError, .timeout)
            }
        }
        XCTAssertLessThan(elapsed, .seconds(3))
    }

    func testClosingTheMasterFailsAPendingReadWithHangUp() throws {
        let fixture = try PortFixture()
        defer { fixture.tearDown() }
        let pty = fixture.pty
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.2) { pty.close() }
        let elapsed = try timed {
            XCTAssertThrowsError(try fixture.port.read(maxCount: 16, deadline: .after(.seconds(10)))) {
                let error = $0 as? SerialPortError
                XCTAssertTrue(error == .hungUp || error == .deviceGone, "got \(String(describing: error))")
            }
        }
        XCTAssertLessThan(elapsed, .seconds(5), "the read must end on hang-up, not at its deadline")
    }

    func testAfterHangUpEveryCallFailsAtOnce() throws {
        // Note: Linux flushes a pty slave's unread input when the master closes (vhangup),
        // so bytes still queued at that moment are lost; only the hang-up itself is reliable.
        let fixture = try PortFixture()
        defer { fixture.tearDown() }
        fixture.pty.close()
        let elapsed = try timed {
            for _ in 0..<3 {
                XCTAssertThrowsError(try fixture.port.read(maxCount: 8, deadline: .after(.seconds(5)))) {
                    let error = $0 as? SerialPortError
                    XCTAssertTrue(error == .hungUp || error == .deviceGone, "got \(String(describing: error))")
                }
            }
            XCTAssertThrowsError(try fixture.port.write([0x41], deadline: .after(.seconds(5)))) {
                let error = $0 as? SerialPortError
                XCTAssertTrue(error == .hungUp || error == .deviceGone, "got \(String(describing: error))")
            }
        }
        XCTAssertLessThan(elapsed, .seconds(2))
    }

    func testIOAfterCloseThrowsClosed() throws {
        let fixture = try PortFixture()
        defer { fixture.tearDown() }
        fixture.port.close()
        fixture.port.close()
        XCTAssertFalse(fixture.port.isOpen)
        XCTAssertThrowsError(try fixture.port.read(maxCount: 1, deadline: .now)) {
            XCTAssertEqual($0 as? SerialPortError, .closed)
        }
        XCTAssertThrowsError(try fixture.port.write([0x41], deadline: .now)) {
            XCTAssertEqual($0 as? SerialPortError, .closed)
        }
    }

    func testDrainAndFlush() throws {
        let fixture = try PortFixture()
        defer { fixture.tearDown() }
        try fixture.port.write(Array("ATZ\r".utf8), deadline: .after(.seconds(1)))
        try fixture.port.drain(deadline: .after(.seconds(1)))
        XCTAssertEqual(try readFromMaster(fixture.pty, count: 4), Array("ATZ\r".utf8))

        try fixture.pty.write(Array("stale".utf8), deadline: .after(.seconds(1)))
        XCTAssertTrue(try eventually(timeout: 5) { try fixture.port.inputWaiting() == 5 }, "the stale bytes never arrived")
        try fixture.port.flush(.input)
        XCTAssertEqual(try fixture.port.inputWaiting(), 0)
        XCTAssertThrowsError(try fixture.port.read(maxCount: 16, deadline: .after(.milliseconds(50)))) {
            XCTAssertEqual($0 as? SerialPortError, .timeout)
        }
    }
}
