// UDevDevices: tty devices through libudev — every one that is hardware (virtual consoles and ptys
// left out), each described as a SerialDevice with what its USB interface and USB device say.
// libudev is not thread-safe: a UDevDevices (one udev context) is used on one thread.

import CUDev
import Foundation

public final class UDevDevices {
    let udev: OpaquePointer

    public init() throws(DiscoveryError) {
        guard let udev = udev_new() else { throw .libudev("udev_new failed") }
        self.udev = udev
    }

    deinit { udev_unref(udev) }

    /// The tty devices that are hardware, sorted by kernel name.
    public func serialDevices() throws(DiscoveryError) -> [SerialDevice] {
        guard let enumerate = udev_enumerate_new(udev) else { throw .libudev("udev_enumerate_new failed") }
        defer { udev_enumerate_unref(enumerate) }
        udev_enumerate_add_match_subsystem(enumerate, "tty")
        guard udev_enumerate_scan_devices(enumerate) >= 0 else { throw .libudev("cannot scan /sys for tty devices") }
        var devices: [SerialDevice] = []
        var entry = udev_enumerate_get_list_entry(enumerate)
        while let current = entry {
            if let path = udev_list_entry_get_name(current), let handle = udev_device_new_from_syspath(udev, path) {
                if let device = Self.serialDevice(handle) { devices.append(device) }
                udev_device_unref(handle)
            }
            entry = udev_list_entry_get_next(current)
        }
        return devices.sorted { $0.kernelName.localizedStandardCompare($1.kernelName) == .orderedAscending }
    }

    /// The device's description, or nil for one that is not hardware (a virtual console, a pty)
    /// or has no /dev node.
    static func serialDevice(_ handle: OpaquePointer) -> SerialDevice? {
        guard let sysPath = string(udev_device_get_syspath(handle)), !sysPath.contains("/virtual/"),
              let node = string(udev_device_get_devnode(handle)), let name = string(udev_device_get_sysname(handle)) else { return nil }
        var properties: [String: String] = [:]
        var entry = udev_device_get_properties_list_entry(handle)
        while let current = entry {
            if let key = string(udev_list_entry_get_name(current)) { properties[key] = string(udev_list_entry_get_value(current)) ?? "" }
            entry = udev_list_entry_get_next(current)
        }
        var device = SerialDevice(node: node, kernelName: name, sysPath: sysPath, properties: properties)
        // The parents are owned by the child: no unref.
        if let interface = udev_device_get_parent_with_subsystem_devtype(handle, "usb", "usb_interface") {
            device.interfaceNumber = attribute(interface, "bInterfaceNumber")
            let parts = ["bInterfaceClass", "bInterfaceSubClass", "bInterfaceProtocol"].compactMap { attribute(interface, $0) }
            if parts.count == 3 { device.interfaceClass = parts.joined().lowercased() }
            device.driver = string(udev_device_get_driver(interface))
        }
        if let usb = udev_device_get_parent_with_subsystem_devtype(handle, "usb", "usb_device") {
            device.vendorID = attribute(usb, "idVendor")?.lowercased()
            device.productID = attribute(usb, "idProduct")?.lowercased()
            device.serialNumber = attribute(usb, "serial")
            device.manufacturer = attribute(usb, "manufacturer")
            device.product = attribute(usb, "product")
        }
        // udevd's properties, where it ran, name the same things.
        device.vendorID = device.vendorID ?? properties["ID_VENDOR_ID"]?.lowercased()
        device.productID = device.productID ?? properties["ID_MODEL_ID"]?.lowercased()
        device.driver = device.driver ?? properties["ID_USB_DRIVER"]
        device.interfaceNumber = device.interfaceNumber ?? properties["ID_USB_INTERFACE_NUM"]
        return device
    }

    static func attribute(_ handle: OpaquePointer, _ name: String) -> String? {
        string(udev_device_get_sysattr_value(handle, name))?.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func string(_ pointer: UnsafePointer<CChar>?) -> String? {
        pointer.map { String(cString: $0) }
    }
}

public enum DiscoveryError: Error, Sendable, CustomStringConvertible {
    case libudev(String)

    public var description: String {
        switch self {
        case .libudev(let text): "libudev: \(text)"
        }
    }
}
