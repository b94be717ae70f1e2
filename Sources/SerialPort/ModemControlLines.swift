// ModemControlLines: the RS-232 (V.24) control circuits read and driven through TIOCM ioctls.

import CPOSIXShims

/// The V.24 control circuits of a serial port.
public struct ModemControlLines: OptionSet, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// Data Terminal Ready (circuit 108), driven by the computer.
    public static let dtr = ModemControlLines(rawValue: swiftfax_TIOCM_DTR)
    /// Request To Send (circuit 105), driven by the computer.
    public static let rts = ModemControlLines(rawValue: swiftfax_TIOCM_RTS)
    /// Clear To Send (circuit 106), driven by the modem.
    public static let cts = ModemControlLines(rawValue: swiftfax_TIOCM_CTS)
    /// Data Carrier Detect (circuit 109), driven by the modem.
    public static let dcd = ModemControlLines(rawValue: swiftfax_TIOCM_CAR)
    /// Ring Indicator (circuit 125), driven by the modem.
    public static let ri = ModemControlLines(rawValue: swiftfax_TIOCM_RNG)
    /// Data Set Ready (circuit 107), driven by the modem.
    public static let dsr = ModemControlLines(rawValue: swiftfax_TIOCM_DSR)

    public var description: String {
        let names: [(ModemControlLines, String)] = [
            (.dtr, "DTR"), (.rts, "RTS"), (.cts, "CTS"), (.dcd, "DCD"), (.ri, "RI"), (.dsr, "DSR"),
        ]
        return "[" + names.filter { contains($0.0) }.map(\.1).joined(separator: ",") + "]"
    }
}
