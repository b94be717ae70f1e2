// LineImpairments: what a line does to the audio a party hears: a G.711 round trip, added white
// noise (spandsp's AWGN at a level in dBm0) and random drop-outs.

import CSpanDSP
import T4

public struct LineImpairments: Sendable, Hashable, Codable {
    public enum Companding: String, Sendable, Hashable, Codable { case none, alaw, ulaw }
    /// Added white noise in dBm0; nil for none.
    public var noiseDBm0: Double?
    public var companding: Companding
    /// Expected drop-outs per minute of line time; each silences 20–100 ms.
    public var dropoutsPerMinute: Double
    public var seed: UInt64

    public init(noiseDBm0: Double? = nil, companding: Companding = .none, dropoutsPerMinute: Double = 0, seed: UInt64 = 1) {
        self.noiseDBm0 = noiseDBm0
        self.companding = companding
        self.dropoutsPerMinute = dropoutsPerMinute
        self.seed = seed
    }

    public var isClean: Bool { noiseDBm0 == nil && companding == .none && dropoutsPerMinute == 0 }
}

/// The running state of one direction's impairments.
final class ImpairmentProcessor {
    private let settings: LineImpairments
    private var noise: OpaquePointer?
    private var random: SplitMix64
    private var dropoutRemaining = 0

    init(_ settings: LineImpairments) {
        self.settings = settings
        random = SplitMix64(seed: settings.seed)
        if let level = settings.noiseDBm0 {
            noise = awgn_init_dbm0(nil, Int32(truncatingIfNeeded: settings.seed & 0x7FFF_FFFF) | 1, Float(level))
        }
    }

    deinit {
        if let noise { awgn_free(noise) }
    }

    func process(_ block: inout [Int16]) {
        if settings.dropoutsPerMinute > 0 {
            let perBlock = settings.dropoutsPerMinute / (60 * 50)
            if dropoutRemaining == 0, random.unit() < perBlock {
                dropoutRemaining = 160 + Int(random.unit() * 640)  // 20–100 ms
            }
            if dropoutRemaining > 0 {
                let n = min(dropoutRemaining, block.count)
                for i in 0..<n { block[i] = 0 }
                dropoutRemaining -= n
            }
        }
        if let noise {
            for i in block.indices {
                block[i] = Int16(clamping: Int(block[i]) + Int(awgn(noise)))
            }
        }
        switch settings.companding {
        case .none: break
        case .alaw: for i in block.indices { block[i] = alaw_to_linear(linear_to_alaw(Int32(block[i]))) }
        case .ulaw: for i in block.indices { block[i] = ulaw_to_linear(linear_to_ulaw(Int32(block[i]))) }
        }
    }
}

extension SplitMix64 {
    /// A uniform value in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
