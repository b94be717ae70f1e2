// Discovery through the real libudev, on devices described in umockdev files (Devices/: a
// USR5637, a Conexant CX93010 stick without a serial number, an FTDI adapter, a built-in ttyS0):
// `faxctl modem list` under umockdev-run sees what faxd would; `faxctl modem watch` sees a modem
// plugged in, pulled out and plugged in again under another name keep its identity, with udevd's
// events and with the kernel's; and our udev rule, run by `udevadm test`, marks the fax modem for
// faxd and keeps ModemManager off it, and leaves the FTDI adapter alone. umockdev is installed by
// scripts/install-deps.sh; a missing tool fails these tests.

import FaxTestSupport
import Foundation
import Testing

@Suite(.serialized) struct UMockdevTests {
    static let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static func device(_ name: String) -> String { here.appendingPathComponent("Devices/\(name).umockdev").path }
    static let faxctl = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("faxctl").path
    static let repository = here.deletingLastPathComponent().deletingLastPathComponent()

    @Test func modemListSeesWhatFaxdWould() throws {
        let files = ["usr5637", "conexant-cx93010", "ftdi-ft232r", "builtin-ttyS0"].flatMap { ["-d", Self.device($0)] }
        let (status, output) = try runTool("/usr/bin/umockdev-run", files + ["--", Self.faxctl, "modem", "list"], timeout: 30)
        try #require(status == 0, "\(output)")
        let blocks = output.components(separatedBy: "\n/dev/").map { $0.hasPrefix("/dev/") ? $0 : "/dev/" + $0 }
        func block(_ node: String) -> String { blocks.first { $0.hasPrefix(node + " ") } ?? "" }
        #expect(block("/dev/ttyACM0").contains("identity: U.S.Robotics_USB_Modem_0000001-if00"), "\(output)")
        #expect(block("/dev/ttyACM0").contains("modem candidate: known fax modem (USRobotics USR5637"))
        #expect(block("/dev/ttyACM1").contains("identity: usb-1-3-if00"))
        #expect(block("/dev/ttyACM1").contains("modem candidate"))
        #expect(block("/dev/ttyUSB0").contains("not used: USB serial adapter (ftdi_sio)"))
        #expect(block("/dev/ttyS0").contains("not used: built-in serial port"))

        let (_, candidates) = try runTool("/usr/bin/umockdev-run", files + ["--", Self.faxctl, "modem", "list", "--candidates"], timeout: 30)
        #expect(candidates.contains("/dev/ttyACM0") && candidates.contains("/dev/ttyACM1"))
        #expect(!candidates.contains("/dev/ttyUSB0") && !candidates.contains("/dev/ttyS0"))
    }

    @Test(arguments: [("usr5637", "udev", "U.S.Robotics_USB_Modem_0000001-if00"), ("conexant-cx93010", "kernel", "usb-1-3-if00")])
    func replugKeepsTheIdentity(_ file: String, _ source: String, _ identity: String) throws {
        let script = Self.here.appendingPathComponent("hotplug-testbed.py").path
        let (status, output) = try runTool("/usr/bin/umockdev-wrapper", [
            "/usr/bin/python3", script, Self.device(file), "ttyACM9", "--",
            Self.faxctl, "modem", "watch", "--source", source, "--count", "3",
        ], timeout: 60)
        #expect(status == 0, "\(output)")
        let events = output.split(separator: "\n").filter { $0.hasPrefix("added ") || $0.hasPrefix("removed ") }
        try #require(events.count == 3, "\(output)")
        #expect(events[0].hasPrefix("added /dev/ttyACM") && events[0].contains("identity=\(identity) ") && events[0].contains(" candidate"))
        #expect(events[1].hasPrefix("removed ttyACM"))
        #expect(events[2].hasPrefix("added /dev/ttyACM9 identity=\(identity) "), "renumbered, same identity: \(events[2])")
    }

    @Test func udevRuleMarksFaxModemsAndNothingElse() throws {
        let rules = Self.repository.appendingPathComponent("udev/60-swiftfax-modems.rules").path
        // udevadm test reads the system's rule folders; /run/udev/rules.d is the runtime one.
        let installed = "/run/udev/rules.d/60-swiftfax-modems.rules"
        try FileManager.default.createDirectory(atPath: "/run/udev/rules.d", withIntermediateDirectories: true)
        try? FileManager.default.removeItem(atPath: installed)
        try FileManager.default.copyItem(atPath: rules, toPath: installed)
        defer { try? FileManager.default.removeItem(atPath: installed) }

        func udevTest(_ file: String, _ sysPath: String) throws -> String {
            let (status, output) = try runTool("/usr/bin/umockdev-run", ["-d", Self.device(file), "--", "/usr/bin/udevadm", "test", "--action=add", sysPath], timeout: 30)
            #expect(status == 0, "\(output)")
            #expect(!output.contains("60-swiftfax-modems.rules") || !output.lowercased().contains("invalid"), "\(output)")
            return output
        }
        let modem = try udevTest("usr5637", "/sys/devices/pci0000:00/0000:00:14.0/usb1/1-2/1-2:1.0/tty/ttyACM0")
        #expect(modem.contains("SWIFTFAX_MODEM=1"), "\(modem.suffix(1500))")
        #expect(modem.contains("ID_MM_DEVICE_IGNORE=1"))
        #expect(modem.contains(":systemd:") && modem.contains(":swiftfax:"))
        let adapter = try udevTest("ftdi-ft232r", "/sys/devices/pci0000:00/0000:00:14.0/usb1/1-4/1-4:1.0/ttyUSB0/tty/ttyUSB0")
        #expect(adapter.contains("ID_SERIAL=FTDI_FT232R_USB_UART_A105GKV2"), "the test did not see the adapter: \(adapter.suffix(800))")
        #expect(!adapter.contains("SWIFTFAX_MODEM=1") && !adapter.contains("ID_MM_DEVICE_IGNORE=1"))
    }
}
