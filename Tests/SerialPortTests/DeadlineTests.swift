// DeadlineTests: deadlines on the monotonic clock, including absurd durations.

import SerialPort
import XCTest

final class DeadlineTests: XCTestCase {
    func testRemainingAndExpiry() {
        let soon = Deadline.after(.milliseconds(200))
        XCTAssertFalse(soon.hasPassed)
        XCTAssertGreaterThan(soon.remaining, .milliseconds(100))
        XCTAssertLessThanOrEqual(soon.remaining, .milliseconds(200))
        XCTAssertTrue(Deadline.after(.seconds(-5)).hasPassed)
        XCTAssertEqual(Deadline.after(.seconds(-5)).remaining, .zero)
        XCTAssertLessThan(Deadline.now, Deadline.after(.seconds(1)))
    }

    func testHugeDurationsDoNotOverflow() throws {
        let far = Deadline.after(.seconds(Int64.max))
        XCTAssertGreaterThan(far.remaining, .seconds(1_000_000_000))
        let fixture = try PortFixture()
        defer { fixture.tearDown() }
        try fixture.pty.write([0x4F], deadline: far)
        XCTAssertEqual(try fixture.port.readByte(deadline: far), 0x4F)
    }
}
