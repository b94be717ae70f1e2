// HotplugMonitor: tty devices added and removed, as an AsyncStream. A thread of its own owns a
// libudev context and a netlink monitor and waits on its descriptor; events reach async code
// through the stream. The source is chosen at run time: udevd's events (devices with their ID_*
// properties, after udevd's rules ran) when udevd runs, the kernel's otherwise (a container, a
// minimal system). Start the monitor before enumerating, so nothing plugged in between is missed.

import CUDev
import Foundation
import Synchronization

public enum HotplugEvent: Sendable, Hashable {
    case added(SerialDevice)
    /// Only the names are known once a device is gone.
    case removed(kernelName: String, sysPath: String)
}

public final class HotplugMonitor: Sendable {
    public enum Source: String, Sendable {
        case udev, kernel

        /// udevd's events when udevd runs (its control socket exists), the kernel's otherwise.
        public static var automatic: Source {
            FileManager.default.fileExists(atPath: "/run/udev/control") ? .udev : .kernel
        }
    }

    public let events: AsyncStream<HotplugEvent>
    private let control = Control()

    /// Shared with the monitor thread.
    private final class Control: Sendable {
        let stopped = Mutex(false)
        let failure = Mutex<DiscoveryError?>(nil)
        let ready = DispatchSemaphore(value: 0)
    }

    /// Starts watching; returns once the monitor socket is listening.
    public init(source: Source = .automatic) throws(DiscoveryError) {
        let (stream, continuation) = AsyncStream.makeStream(of: HotplugEvent.self, bufferingPolicy: .bufferingNewest(256))
        events = stream
        let control = self.control
        let thread = Thread { Self.run(source: source, continuation: continuation, control: control) }
        thread.name = "hotplug-monitor"
        thread.start()
        control.ready.wait()
        if let error = control.failure.withLock({ $0 }) { throw error }
    }

    /// Stops the thread (within 200 ms) and finishes the stream.
    public func stop() { control.stopped.withLock { $0 = true } }

    deinit { stop() }

    private static func run(source: Source, continuation: AsyncStream<HotplugEvent>.Continuation, control: Control) {
        let ready = control.ready
        defer { continuation.finish() }
        guard let udev = udev_new() else {
            control.failure.withLock { $0 = .libudev("udev_new failed") }
            ready.signal()
            return
        }
        defer { udev_unref(udev) }
        guard let monitor = udev_monitor_new_from_netlink(udev, source.rawValue) else {
            control.failure.withLock { $0 = .libudev("cannot open the \(source.rawValue) event socket") }
            ready.signal()
            return
        }
        defer { udev_monitor_unref(monitor) }
        udev_monitor_filter_add_match_subsystem_devtype(monitor, "tty", nil)
        guard udev_monitor_enable_receiving(monitor) >= 0 else {
            control.failure.withLock { $0 = .libudev("cannot listen for \(source.rawValue) events") }
            ready.signal()
            return
        }
        let fd = udev_monitor_get_fd(monitor)
        ready.signal()
        while !control.stopped.withLock({ $0 }) {
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 200) > 0 else { continue }
            guard let handle = udev_monitor_receive_device(monitor) else { continue }
            defer { udev_device_unref(handle) }
            let action = UDevDevices.string(udev_device_get_action(handle)) ?? ""
            switch action {
            case "add":
                if let device = UDevDevices.serialDevice(handle) { continuation.yield(.added(device)) }
            case "remove":
                if let name = UDevDevices.string(udev_device_get_sysname(handle)),
                   let path = UDevDevices.string(udev_device_get_syspath(handle)) {
                    continuation.yield(.removed(kernelName: name, sysPath: path))
                }
            default:
                break
            }
        }
    }
}
