// UUCPLockTests: the mgetty/efax/HylaFAX-compatible lock file: content, exclusion, staleness, cleanup.

import Foundation
import SerialPort
import XCTest

final class UUCPLockTests: XCTestCase {
    func testLockFileHoldsThePIDAsTenWideDecimal() throws {
        let fixture = try PortFixture()
        defer { fixture.tearDown() }
        let path = try XCTUnwrap(fixture.port.lockFilePath)
        let content = try String(contentsOfFile: path, encoding: .ascii)
        XCTAssertEqual(content, String(format: "%10d\n", getpid()))
        XCTAssertEqual(content.utf8.count, 11)
        XCTAssertEqual(fixture.lockDirectory.entries, [(path as NSString).lastPathComponent], "LTMP file removed")
    }

    func testSecondOpenOfTheSameDeviceIsLocked() throws {
        let fixture = try PortFixture()
        defer { fixture.tearDown() }
        XCTAssertThrowsError(
            try SerialPort(path: fixture.pty.slavePath, configuration: .init(lockDirectory: fixture.lockDirectory.path))
        ) {
            XCTAssertEqual($0 as? SerialPortError, .locked(byPID: getpid()))
        }
        XCTAssertTrue(fixture.port.isOpen, "the failed open must not disturb the first")
        XCTAssertEqual(fixture.lockDirectory.entries.count, 1)
    }

    func testFlockStopsASecondOpenWithoutUUCPLocks() throws {
        let pty = try PseudoTerminal()
        defer { pty.close() }
        let first = try SerialPort(path: pty.slavePath, configuration: .init(lockDirectory: nil))
        defer { first.close() }
        XCTAssertNil(first.lockFilePath)
        XCTAssertThrowsError(try SerialPort(path: pty.slavePath, configuration: .init(lockDirectory: nil))) {
            XCTAssertEqual($0 as? SerialPortError, .inUse(path: pty.slavePath))
        }
    }

    func testStaleLockOfADeadProcessIsReclaimed() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let pty = try PseudoTerminal()
        defer { pty.close() }
        let device = try DeviceName(resolving: pty.slavePath)
        let lockPath = directory.path + "/" + device.lockFileName
        let dead = unusedPID()
        XCTAssertFalse(UUCPLock.processExists(dead))
        try String(format: "%10d\n", dead).write(toFile: lockPath, atomically: false, encoding: .ascii)

        let port = try SerialPort(path: pty.slavePath, configuration: .init(lockDirectory: directory.path))
        XCTAssertEqual(try String(contentsOfFile: lockPath, encoding: .ascii), String(format: "%10d\n", getpid()))
        port.close()
        XCTAssertEqual(directory.entries, [])
    }

    func testLockOfALiveProcessIsRespected() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let pty = try PseudoTerminal()
        defer { pty.close() }
        let device = try DeviceName(resolving: pty.slavePath)
        let lockPath = directory.path + "/" + device.lockFileName
        // PID 1 always exists.
        try String(format: "%10d\n", 1).write(toFile: lockPath, atomically: false, encoding: .ascii)
        XCTAssertThrowsError(try SerialPort(path: pty.slavePath, configuration: .init(lockDirectory: directory.path))) {
            XCTAssertEqual($0 as? SerialPortError, .locked(byPID: 1))
        }
        XCTAssertEqual(directory.entries, [device.lockFileName], "someone else's lock stays; no LTMP left")
    }

    func testLockFileIsRemovedOnCloseAndOnDeinit() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let pty = try PseudoTerminal()
        defer { pty.close() }
        let configuration = SerialPortConfiguration(lockDirectory: directory.path)

        let port = try SerialPort(path: pty.slavePath, configuration: configuration)
        XCTAssertEqual(directory.entries.count, 1)
        port.close()
        XCTAssertEqual(directory.entries, [])

        do {
            let scoped = try SerialPort(path: pty.slavePath, configuration: configuration)
            XCTAssertTrue(scoped.isOpen)
            XCTAssertEqual(directory.entries.count, 1)
        }
        XCTAssertEqual(directory.entries, [], "deinit closes and unlocks")

        // And the device can be opened again.
        let again = try SerialPort(path: pty.slavePath, configuration: configuration)
        again.close()
    }

    func testReadOwnerUnderstandsAsciiAndBinaryLocks() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path + "/LCK..ttyS9"
        try "  4242\n".write(toFile: path, atomically: false, encoding: .ascii)
        XCTAssertEqual(UUCPLock.readOwner(path), 4242)
        var binary: Int32 = 31337
        try Data(bytes: &binary, count: 4).write(to: URL(fileURLWithPath: path))
        XCTAssertEqual(UUCPLock.readOwner(path), 31337)
        try "garbage".write(toFile: path, atomically: false, encoding: .ascii)
        XCTAssertNil(UUCPLock.readOwner(path))
        XCTAssertNil(UUCPLock.readOwner(directory.path + "/missing"))
        XCTAssertEqual(UUCPLock.content(for: 123), Array("       123\n".utf8))
    }

    func testLockInAMissingDirectoryIsATypedError() throws {
        let pty = try PseudoTerminal()
        defer { pty.close() }
        XCTAssertThrowsError(
            try SerialPort(path: pty.slavePath, configuration: .init(lockDirectory: "/nonexistent-swiftfax-locks"))
        ) {
            guard case .lockFailed(_, let code)? = $0 as? SerialPortError else { return XCTFail("\($0)") }
            XCTAssertEqual(code, ENOENT)
        }
    }
}
