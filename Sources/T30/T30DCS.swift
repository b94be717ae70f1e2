// T30DCS: reads the parameters a DCS frame (digital command signal) settles on — T.30 Table 2 —
// so the session can report rate, ECM, compression and resolution the moment phase B agrees them.

import FaxOutcome

/// The negotiated parameters in a DCS frame. Frames are address, control, FCF, then the FIF,
/// whose bit n (T.30 numbering from 1) is octet `(n - 1) / 8`, mask `1 << ((n - 1) % 8)`.
public struct T30DCS: Sendable, Hashable {
    public static let fcf: UInt8 = 0x82  // DCS, with the X bit masked off

    public let bitRate: Int
    public let modem: String
    public let errorCorrection: Bool
    public let compression: String
    public let yDPI: Int

    /// Parses a whole HDLC frame (`FF 03|13 FCF FIF…`); nil unless it is a DCS with a FIF.
    public init?(frame: some Collection<UInt8>) {
        let bytes = Array(frame)
        guard bytes.count >= 6, bytes[2] & 0xFE == Self.fcf else { return nil }
        let fif = Array(bytes[3...])
        func bit(_ n: Int) -> Bool {
            let octet = (n - 1) / 8
            return octet < fif.count && fif[octet] & (1 << UInt8((n - 1) % 8)) != 0
        }
        // Bits 11–14: data signalling rate.
        let rateBits = (fif[1] >> 2) & 0x0F
        switch rateBits {
        case 0b1000: (bitRate, modem) = (14400, "V.17")
        case 0b1010: (bitRate, modem) = (12000, "V.17")
        case 0b1001: (bitRate, modem) = (9600, "V.17")
        case 0b0001: (bitRate, modem) = (9600, "V.29")
        case 0b1011: (bitRate, modem) = (7200, "V.17")
        case 0b0011: (bitRate, modem) = (7200, "V.29")
        case 0b0010: (bitRate, modem) = (4800, "V.27ter")
        case 0b0000: (bitRate, modem) = (2400, "V.27ter")
        default: return nil
        }
        errorCorrection = bit(27)
        compression = bit(31) ? "T.6" : bit(16) ? "T.4 2-D" : "T.4 1-D"
        yDPI = bit(41) ? 391 : bit(15) ? 196 : 98
    }

    public var negotiation: FaxNegotiation {
        FaxNegotiation(bitRate: bitRate, errorCorrection: errorCorrection, compression: compression, xDPI: 204, yDPI: yDPI)
    }
}
