// V250Control: the control characters of the V.250 command line and of T.31 data mode.

/// Control characters used on a V.250/T.31 modem line.
public enum V250Control {
    /// Carriage return: ends a command line (S3).
    public static let cr: UInt8 = 0x0D
    /// Line feed: follows CR in responses (S4).
    public static let lf: UInt8 = 0x0A
    /// NUL: ignored in responses.
    public static let nul: UInt8 = 0x00
    /// Data Link Escape: shifts the next byte's meaning in data mode.
    public static let dle: UInt8 = 0x10
    /// End of Text: `<DLE><ETX>` ends a data stream.
    public static let etx: UInt8 = 0x03
    /// Substitute: `<DLE><SUB>` stands for two DLE data bytes (T.31).
    public static let sub: UInt8 = 0x1A
    /// Cancel: sent by the DTE to abort a pending `+FRH`/`+FRM` (T.31).
    public static let can: UInt8 = 0x18
    /// DC1 (XON).
    public static let dc1: UInt8 = 0x11
    /// DC3 (XOFF).
    public static let dc3: UInt8 = 0x13
}
