// SerialDevice: one tty device as udev describes it — its node and kernel name, the USB device it
// belongs to (vendor:product, serial number, interface and its class/subclass/protocol, driver)
// and udev's own properties when udevd has run (ID_SERIAL, ID_PATH, ID_MM_…, tags). Plain data,
// so candidacy and identity can be decided (and tested) without libudev.

public struct SerialDevice: Sendable, Hashable {
    /// `/dev/ttyACM0`.
    public var node: String
    /// `ttyACM0`.
    public var kernelName: String
    /// `/sys/devices/…/tty/ttyACM0`.
    public var sysPath: String
    /// USB vendor and product ids, lower-case hex (`0baf`, `0303`); nil for a device not on USB.
    public var vendorID: String?
    public var productID: String?
    /// The USB device's serial number (its iSerial string), if it has one.
    public var serialNumber: String?
    /// USB manufacturer and product strings.
    public var manufacturer: String?
    public var product: String?
    /// The USB interface this tty belongs to: its number (`00`) and class/subclass/protocol (`020201`).
    public var interfaceNumber: String?
    public var interfaceClass: String?
    /// The kernel driver of that interface (`cdc_acm`, `ftdi_sio`).
    public var driver: String?
    /// udev's properties (with udevd: ID_SERIAL, ID_PATH, ID_MM_DEVICE_IGNORE, SWIFTFAX_MODEM, …).
    public var properties: [String: String]

    public init(node: String, kernelName: String, sysPath: String, vendorID: String? = nil, productID: String? = nil,
                serialNumber: String? = nil, manufacturer: String? = nil, product: String? = nil,
                interfaceNumber: String? = nil, interfaceClass: String? = nil, driver: String? = nil,
                properties: [String: String] = [:]) {
        self.node = node
        self.kernelName = kernelName
        self.sysPath = sysPath
        self.vendorID = vendorID?.lowercased()
        self.productID = productID?.lowercased()
        self.serialNumber = serialNumber
        self.manufacturer = manufacturer
        self.product = product
        self.interfaceNumber = interfaceNumber
        self.interfaceClass = interfaceClass?.lowercased()
        self.driver = driver
        self.properties = properties
    }

    /// `0baf:0303`, or nil off USB.
    public var usbID: String? {
        guard let vendorID, let productID else { return nil }
        return "\(vendorID):\(productID)"
    }

    /// A built-in or PCI 8250/16550 port (ttyS*): never probed unless configured.
    public var isBuiltInSerialPort: Bool { kernelName.hasPrefix("ttyS") && vendorID == nil }
}
