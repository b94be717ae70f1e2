// The line impairments do what they say: noise at its level, drop-outs at their rate, G.711
// round trips within the codec's error.

import FaxTestSupport
import Foundation
import Testing
import T30
@testable import VirtualExchange

@Suite struct ImpairmentTests {
    func level(_ block: [Int16]) -> Double {
        block.withUnsafeBufferPointer { VoiceDetector.level($0) }
    }

    @Test(arguments: [-60.0, -45.0, -30.0])
    func noiseArrivesAtItsLevel(_ dbm0: Double) {
        let processor = ImpairmentProcessor(LineImpairments(noiseDBm0: dbm0, seed: 3))
        var total: [Int16] = []
        for _ in 0..<100 {
            var block = [Int16](repeating: 0, count: 160)
            processor.process(&block)
            total += block
        }
        #expect(abs(level(total) - dbm0) < 1.0, "measured \(level(total)) dBm0")
    }

    @Test func dropoutsSilenceSomeBlocks() {
        let processor = ImpairmentProcessor(LineImpairments(dropoutsPerMinute: 120, seed: 9))
        var silenced = 0
        let blocks = 50 * 60  // one minute of line time
        for _ in 0..<blocks {
            var block = [Int16](repeating: 8000, count: 160)
            processor.process(&block)
            if block.contains(0) { silenced += 1 }
        }
        // 120 drop-outs a minute of 20–100 ms each: a few hundred blocks, never none, never most.
        #expect(silenced > 100 && silenced < 1500, "\(silenced) of \(blocks) blocks silenced")
    }

    @Test(arguments: [LineImpairments.Companding.alaw, .ulaw])
    func g711RoundTripStaysClose(_ law: LineImpairments.Companding) {
        let processor = ImpairmentProcessor(LineImpairments(companding: law))
        var block = (0..<160).map { Int16(10000 * sin(Double($0) * 2 * .pi * 1000 / 8000)) }
        let original = block
        processor.process(&block)
        #expect(block != original)  // it did something
        for (a, b) in zip(original, block) {
            #expect(abs(Int(a) - Int(b)) <= max(16, abs(Int(a)) / 16))  // within a segment step
        }
    }

    @Test func cleanLinesAreUntouched() {
        let processor = ImpairmentProcessor(LineImpairments())
        var block = (0..<160).map { Int16($0 * 100) }
        let original = block
        processor.process(&block)
        #expect(block == original)
    }
}
