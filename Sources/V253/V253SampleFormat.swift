// V253SampleFormat: how a voice modem carries audio (V.253 +VSM: the compression method, bits per
// sample, sample rate) — the modem's offer read from `AT+VSM=?`, the best one for fax chosen, and
// samples coded both ways. Fax modulation wants clean 8 kHz audio: 16-bit linear first, then G.711
// (µ-law, A-law: what the telephone network itself carries), then 8-bit linear. ADPCM and other
// lossy methods are never chosen.
//
// V.253 leaves the method numbers (<cml>) to the manufacturer and names them in the answer to
// `+VSM=?`, one line per method: `<cml>,"<name>",<bits>,<tm>,(<rates>),(<sds>),(<sel>)` — older
// modems give fewer fields (`128,"8-BIT LINEAR",(7200,8000,11025)`). The name and bit count
// decide; quirks rows can still say what a family's names mean.

import CSpanDSP

public struct V253SampleFormat: Sendable, Hashable {
    public enum Coding: String, Sendable, Hashable {
        case linear16 = "16-bit linear"
        case ulaw = "G.711 µ-law"
        case alaw = "G.711 A-law"
        /// Signed 8-bit linear (two's complement).
        case linear8 = "8-bit signed linear"
        /// Unsigned 8-bit linear (offset binary, 0x80 is zero).
        case linear8Unsigned = "8-bit unsigned linear"

        /// Preference for fax: lower is better.
        var rank: Int {
            switch self {
            case .linear16: 0
            case .ulaw: 1
            case .alaw: 2
            case .linear8: 3
            case .linear8Unsigned: 4
            }
        }

        public var bytesPerSample: Int { self == .linear16 ? 2 : 1 }
    }

    /// The modem's number for the method (+VSM's <cml>).
    public var method: Int
    /// The modem's name for it, as offered.
    public var name: String
    public var coding: Coding
    public var sampleRate: Int

    /// The `AT+VSM=` command that selects it.
    public var command: String { "AT+VSM=\(method),\(sampleRate)" }

    /// Reads one line of the answer to `+VSM=?`; nil for a method fax cannot use (ADPCM, GSM, no
    /// 8000 Hz) or a line that is not a method at all. `known`: what a family's method numbers
    /// carry (its quirks row), trusted over the name.
    public init?(offer line: String, known: [Int: Coding] = [:]) {
        let text = String(line.prefix(256))
        guard let comma = text.firstIndex(of: ","), let method = Int(text[..<comma].filter { $0 != " " }), (0...255).contains(method) else { return nil }
        let rest = text[text.index(after: comma)...]
        guard let open = rest.firstIndex(of: "\""), let close = rest[rest.index(after: open)...].firstIndex(of: "\"") else { return nil }
        let name = String(rest[rest.index(after: open)..<close])
        let numbers = rest[rest.index(after: close)...].split(whereSeparator: { !$0.isNumber && $0 != "-" }).compactMap { Int($0) }
        let upper = name.uppercased()
        if let coding = known[method] {
            // The row knows this method: 8000 Hz unless the offer lists rates without it.
            let rates = numbers.filter { $0 >= 4000 }
            guard rates.isEmpty || rates.contains(8000) else { return nil }
            self = V253SampleFormat(method: method, name: name, coding: coding)
            return
        }
        // The bit count is the first number after the name where V.253 gives it (8 or 16).
        let bits = numbers.first.flatMap { [8, 16].contains($0) ? $0 : nil } ?? (upper.contains("16") ? 16 : 8)
        let coding: Coding
        if upper.contains("ULAW") || upper.contains("U-LAW") || upper.contains("MU-LAW") || upper.contains("G.711U") || upper.contains("G711U") {
            coding = .ulaw
        } else if upper.contains("ALAW") || upper.contains("A-LAW") || upper.contains("G.711A") || upper.contains("G711A") {
            coding = .alaw
        } else if upper.contains("ADPCM") || upper.contains("GSM") || upper.contains("CELP") {
            return nil
        } else if upper.contains("UNSIGNED") {
            guard bits == 8 else { return nil }
            coding = .linear8Unsigned
        } else if upper.contains("LINEAR") || upper.contains("PCM") {
            coding = bits == 16 ? .linear16 : .linear8
        } else {
            return nil
        }
        // The rates: the numbers that look like sample rates; 8000 must be among them.
        guard numbers.contains(8000) else { return nil }
        self.method = method
        self.name = name
        self.coding = coding
        self.sampleRate = 8000
    }

    public init(method: Int, name: String, coding: Coding, sampleRate: Int = 8000) {
        self.method = method
        self.name = name
        self.coding = coding
        self.sampleRate = sampleRate
    }

    /// The best of the offered methods for fax (or the first of `preferring` offered), or nil if
    /// none will do.
    public static func best(among lines: [String], preferring: [Coding] = [], known: [Int: Coding] = [:]) -> V253SampleFormat? {
        let usable = lines.compactMap { V253SampleFormat(offer: $0, known: known) }
        for coding in preferring {
            if let wanted = usable.first(where: { $0.coding == coding }) { return wanted }
        }
        return usable.min { $0.coding.rank < $1.coding.rank }
    }

    // MARK: coding

    /// Codes 16-bit linear samples for the modem (16-bit: little-endian, as V.253's linear PCM
    /// is sent least significant octet first).
    public func encode(_ samples: UnsafeBufferPointer<Int16>, into bytes: inout [UInt8]) {
        bytes.removeAll(keepingCapacity: true)
        switch coding {
        case .linear16:
            for sample in samples {
                let value = UInt16(bitPattern: sample)
                bytes.append(UInt8(value & 0xFF))
                bytes.append(UInt8(value >> 8))
            }
        case .ulaw:
            for sample in samples { bytes.append(Self.linearToULaw(sample)) }
        case .alaw:
            for sample in samples { bytes.append(Self.linearToALaw(sample)) }
        case .linear8:
            for sample in samples { bytes.append(UInt8(bitPattern: Int8(truncatingIfNeeded: Int(sample) >> 8))) }
        case .linear8Unsigned:
            for sample in samples { bytes.append(UInt8(truncatingIfNeeded: (Int(sample) >> 8) + 128)) }
        }
    }

    /// Decodes the modem's bytes into 16-bit linear samples, appending to `samples`; a trailing
    /// half sample (16-bit) is kept in `carry` for the next call.
    public func decode(_ bytes: [UInt8], into samples: inout [Int16], carry: inout [UInt8]) {
        switch coding {
        case .linear16:
            var all = carry + bytes
            if all.count % 2 == 1 { carry = [all.removeLast()] } else { carry = [] }
            var i = 0
            while i + 1 < all.count {
                samples.append(Int16(bitPattern: UInt16(all[i]) | UInt16(all[i + 1]) << 8))
                i += 2
            }
        case .ulaw:
            for byte in bytes { samples.append(Self.uLawToLinear(byte)) }
        case .alaw:
            for byte in bytes { samples.append(Self.aLawToLinear(byte)) }
        case .linear8:
            for byte in bytes { samples.append(Int16(Int8(bitPattern: byte)) << 8) }
        case .linear8Unsigned:
            for byte in bytes { samples.append(Int16(Int(byte) - 128) << 8) }
        }
    }

    // G.711 with spandsp's coder (the one the exchange's G.711 impairment uses).
    static func linearToULaw(_ sample: Int16) -> UInt8 { linear_to_ulaw(Int32(sample)) }
    static func linearToALaw(_ sample: Int16) -> UInt8 { linear_to_alaw(Int32(sample)) }
    static func uLawToLinear(_ byte: UInt8) -> Int16 { ulaw_to_linear(byte) }
    static func aLawToLinear(_ byte: UInt8) -> Int16 { alaw_to_linear(byte) }
}
