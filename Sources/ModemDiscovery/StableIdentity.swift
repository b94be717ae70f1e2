// StableIdentity: the name a modem keeps across unplug, replug and renumbering (ttyACM0 coming back
// as ttyACM1): the USB serial number with the interface number, as udev's ID_SERIAL and
// ID_USB_INTERFACE_NUM give it; for a device without a serial number, the port it is plugged into
// (ID_PATH, or the sysfs path of its USB device and interface when udevd has not run); for a
// device off USB, its kernel name.

extension SerialDevice {
    public var stableIdentity: String {
        let interface = properties["ID_USB_INTERFACE_NUM"] ?? interfaceNumber
        if let serial = properties["ID_SERIAL"] ?? serialIdentity {
            return interface.map { "\(serial)-if\($0)" } ?? serial
        }
        if let path = properties["ID_PATH"] { return "path-\(path)" }
        if let usbPath = usbPortPath { return "usb-\(usbPath)" + (interface.map { "-if\($0)" } ?? "") }
        return kernelName
    }

    /// ID_SERIAL as udev would make it from the USB strings ("vendor_product_serial").
    private var serialIdentity: String? {
        guard let serialNumber, !serialNumber.isEmpty else { return nil }
        func clean(_ text: String?) -> String? {
            guard let text, !text.isEmpty else { return nil }
            return String(text.map { $0 == " " ? "_" : $0 })
        }
        let parts = [clean(manufacturer) ?? vendorID, clean(product) ?? productID, serialNumber].compactMap { $0 }
        return parts.joined(separator: "_")
    }

    /// The USB port chain from the sysfs path: `/sys/devices/pci…/usb1/1-2/1-2:1.0/tty/ttyACM0` → `1-2`.
    private var usbPortPath: String? {
        let components = sysPath.split(separator: "/")
        guard let interfaceIndex = components.lastIndex(where: { $0.contains(":") && $0.contains("-") }), interfaceIndex > 0 else { return nil }
        return String(components[interfaceIndex - 1])
    }
}
