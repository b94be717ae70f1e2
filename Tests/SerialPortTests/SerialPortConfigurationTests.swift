// SerialPortConfigurationTests: termios settings, symlink resolution, modem-control lines on a pty.

import Foundation
import SerialPort
import XCTest

final class SerialPortConfigurationTests: XCTestCase {
    /// Reads the slave's termios through a second, plain descriptor.
    private func attributes(of path: String) throws -> termios {
        let fd = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        defer { close(fd) }
        var attributes = termios()
        XCTAssertEqual(tcgetattr(fd, &attributes), 0)
        return attributes
    }

    func testDefaultsAreRaw8N1At19200WithRTSCTS() throws {
        let fixture = try PortFixture()
        defer { fixture.tearDown() }
        var attributes = try attributes(of: fixture.pty.slavePath)
        XCTAssertEqual(cfgetospeed(&attributes), speed_t(B19200))
        XCTAssertEqual(attributes.c_cflag & tcflag_t(CSIZE), tcflag_t(CS8))
        XCTAssertNotEqual(attributes.c_cflag & tcflag_t(CRTSCTS), 0)
        for flag in [CREAD, CLOCAL, HUPCL] {
            XCTAssertNotEqual(attributes.c_cflag & tcflag_t(flag), 0)
        }
        XCTAssertEqual(attributes.c_cflag & tcflag_t(PARENB | CSTOPB), 0)
        XCTAssertEqual(attributes.c_lflag & tcflag_t(ICANON | ECHO | ISIG), 0)
        XCTAssertEqual(attributes.c_iflag & tcflag_t(IXON | IXOFF | ICRNL), 0)
        XCTAssertEqual(attributes.c_oflag & tcflag_t(OPOST), 0)
        XCTAssertEqual(fixture.port.speed, .b19200)
        XCTAssertEqual(fixture.port.flowControl, .rtsCts)
    }

    func testSpeedAndFlowControlAreApplied() throws {
        let fixture = try PortFixture(configuration: .init(speed: .b115200, flowControl: .xonXoff))
        defer { fixture.tearDown() }
        var attributes = try attributes(of: fixture.pty.slavePath)
        XCTAssertEqual(cfgetospeed(&attributes), speed_t(B115200))
        XCTAssertEqual(attributes.c_cflag & tcflag_t(CRTSCTS), 0)
        XCTAssertEqual(attributes.c_iflag & tcflag_t(IXON | IXOFF), tcflag_t(IXON | IXOFF))

        try fixture.port.setSpeed(.b38400)
        try fixture.port.setFlowControl(.disabled)
        attributes = try self.attributes(of: fixture.pty.slavePath)
        XCTAssertEqual(cfgetospeed(&attributes), speed_t(B38400))
        XCTAssertEqual(attributes.c_cflag & tcflag_t(CRTSCTS), 0)
        XCTAssertEqual(attributes.c_iflag & tcflag_t(IXON | IXOFF), 0)
        XCTAssertEqual(fixture.port.speed, .b38400)
        XCTAssertEqual(fixture.port.flowControl, FlowControl.disabled)
    }

    func testSymlinkIsResolvedToTheKernelName() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let pty = try PseudoTerminal()
        defer { pty.close() }
        let link = directory.path + "/modem"
        XCTAssertEqual(symlink(pty.slavePath, link), 0)

        let port = try SerialPort(path: link, configuration: .init(lockDirectory: directory.path))
        defer { port.close() }
        XCTAssertEqual(port.path, link)
        XCTAssertEqual(port.device.path, pty.slavePath)
        XCTAssertTrue(port.device.kernelName.hasPrefix("pts/"), port.device.kernelName)
        let expectedLock = "LCK.." + port.device.kernelName.replacingOccurrences(of: "/", with: "_")
        XCTAssertEqual(port.lockFilePath, directory.path + "/" + expectedLock)
        XCTAssertTrue(directory.entries.contains(expectedLock))
    }

    func testKernelNameOfPlainDevices() {
        XCTAssertEqual(try DeviceName(resolving: "/dev/null").kernelName, "null")
        XCTAssertEqual(try DeviceName(resolving: "/dev/null").lockFileName, "LCK..null")
        XCTAssertThrowsError(try DeviceName(resolving: "/dev/does-not-exist-swiftfax")) {
            guard case .openFailed(_, let code)? = $0 as? SerialPortError else { return XCTFail("\($0)") }
            XCTAssertEqual(code, ENOENT)
        }
    }

    func testDTRHangUpOnAPtyReportsNoModemControlLines() throws {
        let fixture = try PortFixture()
        defer { fixture.tearDown() }
        XCTAssertFalse(fixture.port.hasModemControlLines)
        var hungUp = true
        let elapsed = try timed { hungUp = try fixture.port.hangUpByDTR(holdLow: .milliseconds(75)) }
        XCTAssertFalse(hungUp)
        XCTAssertLessThan(elapsed, .milliseconds(75), "no lines: nothing to wait for")
        XCTAssertNil(try fixture.port.modemControlLines())
        // The port is still usable afterwards.
        try fixture.port.write([0x41], deadline: .after(.seconds(1)))
        XCTAssertEqual(try readFromMaster(fixture.pty, count: 1), [0x41])
    }

    func testOpeningANonTerminalFailsCleanly() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        XCTAssertThrowsError(try SerialPort(path: "/dev/null", configuration: .init(lockDirectory: directory.path))) {
            XCTAssertEqual($0 as? SerialPortError, .notATerminal(path: "/dev/null"))
        }
        XCTAssertEqual(directory.entries, [], "no lock file or temporary file may be left behind")
    }

    func testModemControlLinesDescription() {
        XCTAssertEqual(ModemControlLines([.dtr, .dcd]).description, "[DTR,DCD]")
        XCTAssertEqual(ModemControlLines().description, "[]")
    }
}
