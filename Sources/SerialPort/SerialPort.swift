// SerialPort: an open, locked and configured modem line — its lifecycle (open, close, deinit).
// I/O lives in SerialPort+IO.swift, modem-control lines in SerialPort+ModemControl.swift.

import CPOSIXShims
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A serial line to a modem, opened raw 8N1 and locked against other programs.
///
/// All I/O is blocking with explicit deadlines and is meant for one dedicated thread.
/// `close()` may be called from any thread: it takes effect at once for new calls and
/// closes the descriptor as soon as a call in flight returns (at the latest at its deadline).
public final class SerialPort: Sendable {
    /// The path as given to `init`.
    public let path: String
    /// The device the path resolves to.
    public let device: DeviceName
    /// The UUCP lock file held while open, if UUCP locking is on.
    public let lockFilePath: String?
    /// Whether the driver supports TIOCM modem-control ioctls (no for ptys and some USB adapters).
    public let hasModemControlLines: Bool

    let descriptor: ManagedDescriptor
    let settings: Mutex<(speed: BaudRate, flowControl: FlowControl)>

    /// Opens `path`: takes the UUCP lock, opens with `O_RDWR|O_NOCTTY|O_NONBLOCK` (so a missing
    /// carrier cannot block the open), takes `flock(LOCK_EX|LOCK_NB)`, returns to blocking mode
    /// and configures raw 8N1 with the configured speed and flow control.
    /// On any failure nothing is left behind: no lock file, no open descriptor.
    public convenience init(path: String, configuration: SerialPortConfiguration = .init()) throws(SerialPortError) {
        // Every step that can fail happens before the instance exists (a class initializer that
        // throws part-way crashes in swift_deallocPartialClassInstance with typed throws, Swift 6.3).
        let device = try DeviceName(resolving: path)
        let lock = try configuration.lockDirectory.map { (directory) throws(SerialPortError) in
            try UUCPLock.acquire(device: device, directory: directory)
        }
        let fd = open(device.path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            lock?.release()
            throw .openFailed(path: device.path, errno: code)
        }
        do {
            try Self.prepare(fd, device: device, configuration: configuration)
        } catch {
            Glibc.close(fd)
            lock?.release()
            throw error
        }
        self.init(fd: fd, path: path, device: device, lock: lock, configuration: configuration)
    }

    private init(fd: Int32, path: String, device: DeviceName, lock: UUCPLock?, configuration: SerialPortConfiguration) {
        self.path = path
        self.device = device
        self.lockFilePath = lock?.path
        self.hasModemControlLines = Self.probeModemControlLines(fd)
        self.settings = Mutex((configuration.speed, configuration.flowControl))
        self.descriptor = ManagedDescriptor(fd, afterClose: { lock?.release() })
    }

    /// Whether the port is still open.
    public var isOpen: Bool { descriptor.isOpen }

    /// The current line speed.
    public var speed: BaudRate { settings.withLock { $0.speed } }

    /// The current flow control.
    public var flowControl: FlowControl { settings.withLock { $0.flowControl } }

    /// Changes the line speed (e.g. after `AT+IPR`).
    public func setSpeed(_ speed: BaudRate) throws(SerialPortError) {
        try reconfigure { $0.speed = speed }
    }

    /// Changes the flow control (e.g. XON/XOFF off while receiving binary data).
    public func setFlowControl(_ flowControl: FlowControl) throws(SerialPortError) {
        try reconfigure { $0.flowControl = flowControl }
    }

    /// Closes the port, releasing the flock and removing the UUCP lock file. Idempotent.
    /// With DTR wired and HUPCL set, the modem sees DTR drop and hangs up.
    public func close() {
        descriptor.close()
    }

    deinit {
        descriptor.close()
    }

    private func reconfigure(_ change: (inout (speed: BaudRate, flowControl: FlowControl)) -> Void) throws(SerialPortError) {
        try descriptor.withDescriptor { (fd) throws(SerialPortError) in
            var wanted = settings.withLock { $0 }
            change(&wanted)
            try TerminalAttributes.apply(fd, speed: wanted.speed, flowControl: wanted.flowControl)
            settings.withLock { $0 = wanted }
        }
    }

    private static func prepare(_ fd: Int32, device: DeviceName, configuration: SerialPortConfiguration) throws(SerialPortError) {
        guard isatty(fd) == 1 else { throw .notATerminal(path: device.path) }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            if errno == EWOULDBLOCK { throw .inUse(path: device.path) }
            throw .configurationFailed(operation: "flock", errno: errno)
        }
        let flags = fcntl(fd, F_GETFL)
        guard flags >= 0, fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) == 0 else {
            throw .configurationFailed(operation: "fcntl(O_NONBLOCK)", errno: errno)
        }
        try TerminalAttributes.apply(fd, speed: configuration.speed, flowControl: configuration.flowControl)
        tcflush(fd, TCIOFLUSH)
    }

    private static func probeModemControlLines(_ fd: Int32) -> Bool {
        var bits: Int32 = 0
        return swiftfax_tiocm_get(fd, &bits) == 0
    }
}
