// ModemCandidacy: whether faxd should probe a serial device with AT commands, and why — a known
// USB fax modem id, a CDC ACM interface whose protocol is AT commands (V.250, V.25ter, PCCA 101,
// GSM 07.07, 3G, CDMA: protocols 01–06), or the SWIFTFAX_MODEM tag our udev rule sets. Built-in
// ttyS ports are never probed blindly: all 32 nodes exist without hardware and one may be a
// console; they are used only when configured by path. Everything else (USB-serial adapters such as
// FTDI, which may carry anything) is left alone unless configured.

public struct ModemCandidacy: Sendable, Hashable {
    public var isCandidate: Bool
    /// Why (shown by `faxctl modem list`).
    public var reason: String

    public static func of(_ device: SerialDevice) -> ModemCandidacy {
        if let known = KnownFaxModems.named(device.usbID) {
            return ModemCandidacy(isCandidate: true, reason: "known fax modem (\(known.name))")
        }
        if device.properties["SWIFTFAX_MODEM"] == "1" {
            return ModemCandidacy(isCandidate: true, reason: "tagged by the SwiftFax udev rule")
        }
        if let interfaceClass = device.interfaceClass, interfaceClass.count == 6,
           interfaceClass.hasPrefix("0202"), let proto = Int(interfaceClass.suffix(2), radix: 16), (1...6).contains(proto) {
            return ModemCandidacy(isCandidate: true, reason: "USB CDC ACM interface speaking AT commands (protocol \(proto))")
        }
        if device.isBuiltInSerialPort {
            return ModemCandidacy(isCandidate: false, reason: "built-in serial port: used only when configured by path")
        }
        if let driver = device.driver, device.usbID != nil {
            return ModemCandidacy(isCandidate: false, reason: "USB serial adapter (\(driver)), not known as a modem: configure it by path to use it")
        }
        return ModemCandidacy(isCandidate: false, reason: "not a modem")
    }
}
