// V253Shielding: <DLE> shielding on the voice data interface (V.253 §9.x, the same scheme as
// IS-101). From the DTE: data bytes, <DLE><DLE> = one data DLE, <DLE><SUB> = two data DLEs, and
// <DLE><code> commands (<ETX> end of data, <CAN> clear buffer, ! and ^ abort). To the DTE: a data
// DLE is doubled, and events are <DLE><code> between the data.

/// What the DTE's bytes in a voice data state mean.
enum V253DTEToken: Equatable {
    case data([UInt8])
    /// <DLE> followed by this byte (not DLE or SUB).
    case command(UInt8)
}

/// Reads the DTE's DLE-shielded stream; a DLE at the end of one read is kept for the next.
struct V253Unshielder {
    private var sawDLE = false

    mutating func read(_ bytes: ArraySlice<UInt8>) -> [V253DTEToken] {
        var tokens: [V253DTEToken] = []
        var data: [UInt8] = []
        func flush() {
            if !data.isEmpty { tokens.append(.data(data)); data.removeAll() }
        }
        for byte in bytes {
            if sawDLE {
                sawDLE = false
                switch byte {
                case 0x10: data.append(0x10)
                case 0x1A: data += [0x10, 0x10]
                default:
                    flush()
                    tokens.append(.command(byte))
                }
            } else if byte == 0x10 {
                sawDLE = true
            } else {
                data.append(byte)
            }
        }
        flush()
        return tokens
    }

    /// One byte: data bytes go to `data`; a <DLE><code> command is returned.
    mutating func take(_ byte: UInt8, into data: inout [UInt8]) -> UInt8? {
        if sawDLE {
            sawDLE = false
            switch byte {
            case 0x10: data.append(0x10)
            case 0x1A: data += [0x10, 0x10]
            default: return byte
            }
        } else if byte == 0x10 {
            sawDLE = true
        } else {
            data.append(byte)
        }
        return nil
    }

    mutating func reset() { sawDLE = false }
}

enum V253Shielding {
    static let dle: UInt8 = 0x10
    static let etx: UInt8 = 0x03

    /// Data for the DTE: every DLE doubled.
    static func shield(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.contains(dle) else { return bytes }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 8)
        for b in bytes {
            out.append(b)
            if b == dle { out.append(dle) }
        }
        return out
    }
}
