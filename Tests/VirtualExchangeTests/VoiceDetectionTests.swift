// The voice detector hears the exchange's talker as voice, and steady noise or a fax answer tone
// as not voice.

import FaxTestSupport
import Foundation
import Testing
import T30
@testable import VirtualExchange

@Suite struct VoiceDetectionTests {
    func detect(seconds: Int, _ fill: (inout [Int16]) -> Void) -> VoiceDetector {
        var detector = VoiceDetector()
        var block = [Int16](repeating: 0, count: 160)
        for _ in 0..<(seconds * 50) {
            fill(&block)
            block.withUnsafeBufferPointer { detector.feed($0) }
        }
        return detector
    }

    @Test func speechIsVoice() {
        var talker = SpeechLikeAudio(seed: 4)
        let detector = detect(seconds: 10) { talker.fill(&$0) }
        #expect(detector.heardVoice)
        #expect(detector.activeSeconds > 3)
    }

    @Test(arguments: [-40.0, -30.0, -20.0])
    func steadyNoiseIsNotVoice(_ dbm0: Double) {
        let noise = ImpairmentProcessor(LineImpairments(noiseDBm0: dbm0, seed: 8))
        let detector = detect(seconds: 10) { block in
            for i in block.indices { block[i] = 0 }
            noise.process(&block)
        }
        #expect(!detector.heardVoice)
    }

    @Test func answerToneIsNotVoice() {
        var phase = 0.0
        let detector = detect(seconds: 10) { block in
            for i in block.indices {
                block[i] = Int16(8000 * sin(phase))
                phase += 2 * .pi * 2100 / 8000
            }
        }
        #expect(!detector.heardVoice)
        #expect(detector.activeSeconds > 9)
    }
}
