// SerialPortConfiguration: the settings a SerialPort is opened with.

/// How to open and configure a serial port.
public struct SerialPortConfiguration: Sendable, Hashable {
    /// Line speed. Default 19200 bit/s.
    public var speed: BaudRate
    /// Flow control. Default RTS/CTS.
    public var flowControl: FlowControl
    /// Directory for the UUCP lock file (`LCK..<device>`), or nil to skip UUCP locking.
    /// Default `/var/lock`, shared with mgetty, efax and HylaFAX.
    public var lockDirectory: String?

    public init(
        speed: BaudRate = .b19200,
        flowControl: FlowControl = .rtsCts,
        lockDirectory: String? = "/var/lock"
    ) {
        self.speed = speed
        self.flowControl = flowControl
        self.lockDirectory = lockDirectory
    }
}
