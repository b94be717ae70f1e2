// V253Formats: the voice sample formats the virtual voice modem offers with +VSM (ITU-T V.253
// §9.2.x "compression method"), their +VSM=? description lines, and the conversion between the
// line's 16-bit linear audio and the bytes on the DTE interface. 8 kHz only.

import CSpanDSP

/// One +VSM compression method.
public struct V253Format: Sendable, Hashable {
    /// <cml>: the number the DTE selects it by.
    public let method: Int
    /// <cmid>: its name in +VSM=? (V.253 Table 17 strings for the standard ones).
    public let name: String
    /// Bits per sample on the DTE interface.
    public let bits: Int

    public static let signed8 = V253Format(method: 0, name: "SIGNED PCM", bits: 8)
    public static let unsigned8 = V253Format(method: 1, name: "UNSIGNED PCM", bits: 8)
    public static let ulaw = V253Format(method: 4, name: "G.711U", bits: 8)
    public static let alaw = V253Format(method: 5, name: "G.711A", bits: 8)
    /// 16-bit signed linear, least significant byte first: V.253 leaves 16-bit PCM to the
    /// manufacturer range (128–255), as real modems do.
    public static let signed16 = V253Format(method: 128, name: "SIGNED PCM", bits: 16)

    public static let all: [V253Format] = [.signed8, .unsigned8, .ulaw, .alaw, .signed16]
    public static let sampleRate = 8000

    public static func method(_ number: Int) -> V253Format? { all.first { $0.method == number } }

    /// The +VSM=? line: <cml>,<cmid>,<bps>,<tm>,<vsr>,<sds>,<sel> — no timing marks, 8000 samples/s,
    /// silence detection sensitivity 0–255 (+VSD), no silence expansion.
    public var testLine: String {
        "\(method),\"\(name)\",\(bits),0,(\(Self.sampleRate)),(0-255),(0)"
    }

    public var bytesPerSample: Int { bits / 8 }

    /// Line audio → DTE bytes.
    public func encode(_ samples: ArraySlice<Int16>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(samples.count * bytesPerSample)
        for s in samples {
            switch method {
            case 0: out.append(UInt8(bitPattern: Int8(truncatingIfNeeded: Int(s) >> 8)))
            case 1: out.append(UInt8(truncatingIfNeeded: (Int(s) >> 8) + 128))
            case 4: out.append(linear_to_ulaw(Int32(s)))
            case 5: out.append(linear_to_alaw(Int32(s)))
            default:
                let u = UInt16(bitPattern: s)
                out.append(UInt8(u & 0xFF))
                out.append(UInt8(u >> 8))
            }
        }
        return out
    }

    /// DTE bytes → line audio. `carry` holds the first byte of a 16-bit sample split between reads.
    public func decode(_ bytes: [UInt8], carry: inout UInt8?) -> [Int16] {
        var out: [Int16] = []
        out.reserveCapacity(bytes.count)
        for b in bytes {
            switch method {
            case 0: out.append(Int16(Int8(bitPattern: b)) << 8)
            case 1: out.append(Int16((Int(b) - 128) << 8))
            case 4: out.append(ulaw_to_linear(b))
            case 5: out.append(alaw_to_linear(b))
            default:
                if let low = carry {
                    out.append(Int16(bitPattern: UInt16(low) | UInt16(b) << 8))
                    carry = nil
                } else {
                    carry = b
                }
            }
        }
        return out
    }
}
