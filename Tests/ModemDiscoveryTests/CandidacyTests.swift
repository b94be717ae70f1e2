// Which serial devices faxd would probe, and the identity each keeps: decided from what udev says
// of a device (SerialDevice), so every rule is checked here without hardware.

import ModemDiscovery
import Testing

struct CandidacyTests {
    static let usr = SerialDevice(node: "/dev/ttyACM0", kernelName: "ttyACM0",
                                  sysPath: "/sys/devices/pci0000:00/0000:00:14.0/usb1/1-2/1-2:1.0/tty/ttyACM0",
                                  vendorID: "0BAF", productID: "0303", serialNumber: "0000001", manufacturer: "U.S.Robotics",
                                  product: "USB Modem", interfaceNumber: "00", interfaceClass: "020201", driver: "cdc_acm")

    @Test func knownFaxModemsAreCandidatesByTheirUSBIDs() {
        let verdict = ModemCandidacy.of(Self.usr)
        #expect(verdict.isCandidate && verdict.reason.contains("USR5637"))
        // A Conexant stick reporting no AT protocol is still one, by its id.
        let conexant = SerialDevice(node: "/dev/ttyACM1", kernelName: "ttyACM1", sysPath: "/sys/x/1-3/1-3:1.0/tty/ttyACM1",
                                    vendorID: "0572", productID: "1329", interfaceNumber: "00", interfaceClass: "020200", driver: "cdc_acm")
        #expect(ModemCandidacy.of(conexant).isCandidate)
    }

    @Test(arguments: ["020201", "020202", "020206"])
    func cdcACMSpeakingATIsACandidate(_ interfaceClass: String) {
        let device = SerialDevice(node: "/dev/ttyACM2", kernelName: "ttyACM2", sysPath: "/sys/x/1-5/1-5:1.0/tty/ttyACM2",
                                  vendorID: "1234", productID: "5678", interfaceNumber: "00", interfaceClass: interfaceClass, driver: "cdc_acm")
        #expect(ModemCandidacy.of(device).isCandidate)
    }

    @Test func otherDevicesAreLeftAlone() {
        let ftdi = SerialDevice(node: "/dev/ttyUSB0", kernelName: "ttyUSB0", sysPath: "/sys/x/1-4/1-4:1.0/ttyUSB0/tty/ttyUSB0",
                                vendorID: "0403", productID: "6001", interfaceNumber: "00", interfaceClass: "ffffff", driver: "ftdi_sio")
        let acmWithoutAT = SerialDevice(node: "/dev/ttyACM3", kernelName: "ttyACM3", sysPath: "/sys/x/1-6/1-6:1.0/tty/ttyACM3",
                                        vendorID: "1234", productID: "0001", interfaceNumber: "00", interfaceClass: "020200", driver: "cdc_acm")
        let builtIn = SerialDevice(node: "/dev/ttyS0", kernelName: "ttyS0", sysPath: "/sys/devices/platform/serial8250/tty/ttyS0")
        for device in [ftdi, acmWithoutAT, builtIn] {
            #expect(!ModemCandidacy.of(device).isCandidate, "\(device.node)")
        }
        #expect(ModemCandidacy.of(builtIn).reason.contains("configured by path"))
        // Our udev rule's tag makes any device a candidate.
        var tagged = ftdi
        tagged.properties["SWIFTFAX_MODEM"] = "1"
        #expect(ModemCandidacy.of(tagged).isCandidate)
    }

    @Test func identitySurvivesRenumbering() {
        var renumbered = Self.usr
        renumbered.node = "/dev/ttyACM1"
        renumbered.kernelName = "ttyACM1"
        renumbered.sysPath = renumbered.sysPath.replacingOccurrences(of: "ttyACM0", with: "ttyACM1")
        #expect(Self.usr.stableIdentity == "U.S.Robotics_USB_Modem_0000001-if00")
        #expect(renumbered.stableIdentity == Self.usr.stableIdentity)
        // udevd's ID_SERIAL, where it ran, is the name.
        var withUdev = Self.usr
        withUdev.properties = ["ID_SERIAL": "USR_Modem_X", "ID_USB_INTERFACE_NUM": "00"]
        #expect(withUdev.stableIdentity == "USR_Modem_X-if00")
    }

    @Test func withoutASerialNumberThePortIsTheIdentity() {
        let stick = SerialDevice(node: "/dev/ttyACM1", kernelName: "ttyACM1",
                                 sysPath: "/sys/devices/pci0000:00/0000:00:14.0/usb1/1-3/1-3:1.0/tty/ttyACM1",
                                 vendorID: "0572", productID: "1329", interfaceNumber: "00", interfaceClass: "020200")
        #expect(stick.stableIdentity == "usb-1-3-if00")
        var withPath = stick
        withPath.properties = ["ID_PATH": "pci-0000:00:14.0-usb-0:3:1.0"]
        #expect(withPath.stableIdentity == "path-pci-0000:00:14.0-usb-0:3:1.0")
        let builtIn = SerialDevice(node: "/dev/ttyS1", kernelName: "ttyS1", sysPath: "/sys/devices/platform/serial8250/tty/ttyS1")
        #expect(builtIn.stableIdentity == "ttyS1")
    }
}
