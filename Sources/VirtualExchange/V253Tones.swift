// V253Tones: +VTS, the tones the virtual voice modem plays on the line (V.253 §10.x): a list of
// elements separated by commas — a DTMF digit (0–9 * # A–D) lasting +VTD, [f1,f2,d] one or two
// frequencies for d × 10 ms (an empty frequency is none), {digit,d} a digit for d × 10 ms.
// Each element is followed by nothing: the next starts at once, as on real modems.

import Foundation

struct V253ToneSegment: Equatable {
    var frequencies: [Double]
    var samples: Int
}

enum V253Tones {
    static let dtmfRows: [Character: Double] = [
        "1": 697, "2": 697, "3": 697, "A": 697, "4": 770, "5": 770, "6": 770, "B": 770,
        "7": 852, "8": 852, "9": 852, "C": 852, "*": 941, "0": 941, "#": 941, "D": 941,
    ]
    static let dtmfColumns: [Character: Double] = [
        "1": 1209, "4": 1209, "7": 1209, "*": 1209, "2": 1336, "5": 1336, "8": 1336, "0": 1336,
        "3": 1477, "6": 1477, "9": 1477, "#": 1477, "A": 1633, "B": 1633, "C": 1633, "D": 1633,
    ]

    /// The segments of a +VTS string, or nil when it is malformed. `defaultDuration` is +VTD (10 ms units).
    static func parse(_ text: String, defaultDuration: Int) -> [V253ToneSegment]? {
        var segments: [V253ToneSegment] = []
        var chars = Array(text.uppercased())
        if chars.first == "\"", chars.last == "\"", chars.count >= 2 { chars = Array(chars.dropFirst().dropLast()) }
        var i = 0
        func duration(_ field: String, _ fallback: Int) -> Int? {
            let trimmed = field.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { return fallback }
            guard let d = Int(trimmed), (0...1000).contains(d) else { return nil }
            return d
        }
        while i < chars.count {
            let c = chars[i]
            switch c {
            case ",", " ":
                i += 1
            case "[", "{":
                let close: Character = c == "[" ? "]" : "}"
                guard let end = chars[i...].firstIndex(of: close) else { return nil }
                let fields = String(chars[(i + 1)..<end]).split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                if c == "[" {
                    guard fields.count <= 3 else { return nil }
                    var freqs: [Double] = []
                    for field in fields.prefix(2) {
                        let t = field.trimmingCharacters(in: .whitespaces)
                        if t.isEmpty { continue }
                        guard let f = Int(t), (0...4000).contains(f) else { return nil }
                        if f > 0 { freqs.append(Double(f)) }
                    }
                    guard let d = duration(fields.count == 3 ? fields[2] : "", defaultDuration) else { return nil }
                    segments.append(V253ToneSegment(frequencies: freqs, samples: d * 80))
                } else {
                    guard (1...2).contains(fields.count) else { return nil }
                    let digit = fields[0].trimmingCharacters(in: .whitespaces)
                    guard digit.count == 1, let ch = digit.first, let row = dtmfRows[ch], let col = dtmfColumns[ch],
                          let d = duration(fields.count == 2 ? fields[1] : "", defaultDuration) else { return nil }
                    segments.append(V253ToneSegment(frequencies: [row, col], samples: d * 80))
                }
                i = end + 1
            default:
                guard let row = dtmfRows[c], let col = dtmfColumns[c] else { return nil }
                segments.append(V253ToneSegment(frequencies: [row, col], samples: defaultDuration * 80))
                i += 1
            }
        }
        return segments
    }
}

/// Plays segments out block by block.
struct V253TonePlayer {
    private var segments: [V253ToneSegment]
    private var position = 0
    private var phase = 0
    /// Each frequency's amplitude (about -10 dBm0 per tone).
    static let amplitude = 6000.0

    init(_ segments: [V253ToneSegment]) {
        self.segments = segments.filter { $0.samples > 0 }
    }

    var isFinished: Bool { segments.isEmpty }

    mutating func fill(_ block: inout [Int16]) {
        for i in block.indices {
            guard let segment = segments.first else { block[i] = 0; continue }
            var v = 0.0
            for f in segment.frequencies {
                v += Self.amplitude * sin(2 * Double.pi * f * Double(phase) / 8000)
            }
            block[i] = Int16(max(-32767, min(32767, v)))
            phase += 1
            position += 1
            if position >= segment.samples {
                segments.removeFirst()
                position = 0
                phase = 0
            }
        }
    }
}
