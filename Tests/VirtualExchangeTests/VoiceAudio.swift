// VoiceAudio: what the voice modem tests hear — a tone's strength at one frequency (Goertzel), how
// long a tone lasts, DTMF digits (spandsp's dtmf_rx), DTMF and tones to play (spandsp's dtmf_tx and
// a sine), and an exchange line a test thread talks and listens on.

import CSpanDSP
import Foundation
import FaxTestSupport
@testable import VirtualExchange

enum VoiceAudio {
    /// The share of `samples`' energy at `frequency` (0…1).
    static func toneShare(_ samples: ArraySlice<Int16>, frequency: Double) -> Double {
        guard !samples.isEmpty else { return 0 }
        let coefficient = 2 * cos(2 * Double.pi * frequency / 8000)
        var s1 = 0.0, s2 = 0.0, energy = 0.0
        for sample in samples {
            let x = Double(sample)
            energy += x * x
            let s0 = x + coefficient * s1 - s2
            s2 = s1
            s1 = s0
        }
        let power = s1 * s1 + s2 * s2 - coefficient * s1 * s2
        let n = Double(samples.count)
        return energy > 0 ? min(1, 2 * power / (n * energy)) : 0
    }

    /// Seconds of 20 ms blocks in which `frequency` carries most of a clearly audible signal.
    static func toneSeconds(_ samples: [Int16], frequency: Double) -> Double {
        var blocks = 0
        var start = 0
        while start + 160 <= samples.count {
            let block = samples[start..<(start + 160)]
            let rms = (block.reduce(0.0) { $0 + Double($1) * Double($1) } / 160).squareRoot()
            if rms > 300, toneShare(block, frequency: frequency) > 0.8 { blocks += 1 }
            start += 160
        }
        return Double(blocks) * 0.02
    }

    /// The strongest of `candidates` over the audible part of `samples`.
    static func dominantFrequency(_ samples: [Int16], among candidates: [Double]) -> Double? {
        let loud = stride(from: 0, to: samples.count - 160, by: 160).flatMap { start -> ArraySlice<Int16> in
            let block = samples[start..<(start + 160)]
            let rms = (block.reduce(0.0) { $0 + Double($1) * Double($1) } / 160).squareRoot()
            return rms > 300 ? block : []
        }
        guard !loud.isEmpty else { return nil }
        return candidates.max { toneShare(loud[...], frequency: $0) < toneShare(loud[...], frequency: $1) }
    }

    static func digits(in samples: [Int16]) -> String {
        final class Collected { var text = "" }
        let collected = Collected()
        let rx = dtmf_rx_init(nil, { user, digits, count in
            let c = Unmanaged<Collected>.fromOpaque(user!).takeUnretainedValue()
            for i in 0..<Int(count) { c.text.append(Character(UnicodeScalar(UInt8(bitPattern: digits![i])))) }
        }, Unmanaged.passUnretained(collected).toOpaque())
        defer { dtmf_rx_free(rx) }
        var copy = samples
        _ = dtmf_rx(rx, &copy, Int32(copy.count))
        return collected.text
    }

    static func dtmf(_ digits: String) -> [Int16] {
        let tx = dtmf_tx_init(nil)
        defer { dtmf_tx_free(tx) }
        _ = dtmf_tx_put(tx, digits, Int32(digits.utf8.count))
        var out: [Int16] = []
        var block = [Int16](repeating: 0, count: 160)
        while true {
            let n = Int(dtmf_tx(tx, &block, 160))
            if n == 0 { break }
            out += block[..<n]
        }
        return out
    }

    static func sine(_ frequency: Double, seconds: Double, amplitude: Double = 8000) -> [Int16] {
        (0..<Int(seconds * 8000)).map { Int16(amplitude * sin(2 * Double.pi * frequency * Double($0) / 8000)) }
    }

    static func silence(_ seconds: Double) -> [Int16] { [Int16](repeating: 0, count: Int(seconds * 8000)) }

    /// Talks `play` (then silence) on a connected soft-modem line and returns what it heard, until
    /// the far end hangs up or `seconds` pass.
    static func talk(on line: SoftModemLine, play: [Int16], seconds: Double) -> [Int16] {
        var heard: [Int16] = []
        var position = 0
        var receive = [Int16](repeating: 0, count: 160)
        while Double(heard.count) < seconds * 8000 {
            var block = [Int16](repeating: 0, count: 160)
            for i in 0..<160 where position + i < play.count { block[i] = play[position + i] }
            position += 160
            let ok = block.withUnsafeBufferPointer { tx in
                receive.withUnsafeMutableBufferPointer { rx in line.exchange(transmit: tx, receive: rx) }
            }
            if !ok { break }
            heard += receive
        }
        return heard
    }

    /// Reads a .rmd recording back through mgetty's own tools: rmdtopvf | pvftolin -W -S -I (16-bit signed, little-endian).
    static func samples(ofRMD path: String) throws -> [Int16] {
        let raw = path + ".lin"
        let run = try runTool("/bin/sh", ["-c", "/usr/bin/rmdtopvf '\(path)' | /usr/bin/pvftolin -W -S -I > '\(raw)'"])
        guard run.status == 0, let data = FileManager.default.contents(atPath: raw) else { return [] }
        return data.withUnsafeBytes { Array($0.bindMemory(to: Int16.self)) }
    }
}
