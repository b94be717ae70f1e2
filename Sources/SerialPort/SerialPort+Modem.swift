// SerialPort+Modem: opening a fax modem's port the way every driver here does — 19,200 bit/s
// (the DTE rate; fax data is far slower), a UUCP lock, and RTS/CTS flow control where the port
// has the lines (ptys and bare USB bridges have none: there the modem's XON/XOFF or the driver's
// own pacing applies).

extension SerialPort {
    public static func openModem(path: String, lockDirectory: String?) throws(SerialPortError) -> SerialPort {
        let port = try SerialPort(path: path, configuration: SerialPortConfiguration(speed: .b19200, flowControl: .disabled, lockDirectory: lockDirectory))
        if port.hasModemControlLines { try port.setFlowControl(.rtsCts) }
        return port
    }
}
