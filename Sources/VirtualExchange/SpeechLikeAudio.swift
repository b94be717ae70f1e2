// SpeechLikeAudio: a stand-in for a person saying "Hello? Hello?": voiced syllables with a
// wandering pitch and two formants, syllable and phrase pauses, at a talker's level. It carries
// none of the tones a fax machine listens for (CED, V.21 flags).

import Foundation
import T4

struct SpeechLikeAudio {
    private var random: SplitMix64
    private var phase: Double = 0
    private var pitch: Double = 140
    private var syllableSamples = 0
    private var syllableLength = 1
    private var gapSamples = 0
    private var syllablesInPhrase = 0

    init(seed: UInt64 = 42) {
        random = SplitMix64(seed: seed)
    }

    mutating func fill(_ block: inout [Int16]) {
        for i in block.indices {
            if gapSamples > 0 {
                gapSamples -= 1
                block[i] = 0
                continue
            }
            if syllableSamples == 0 {
                startSyllable()
            }
            let progress = Double(syllableLength - syllableSamples) / Double(syllableLength)
            let envelope = sin(Double.pi * progress)
            phase += 2 * Double.pi * pitch / 8000
            if phase > 2 * Double.pi { phase -= 2 * Double.pi }
            var sample: Double = 0
            for harmonic in 1...14 {
                let frequency = pitch * Double(harmonic)
                // Formants near 600 Hz and 1700 Hz.
                let weight = exp(-pow((frequency - 600) / 250, 2)) + 0.6 * exp(-pow((frequency - 1700) / 400, 2)) + 0.05
                sample += weight * sin(phase * Double(harmonic))
            }
            block[i] = Int16(clamping: Int(sample * envelope * 4500))
            syllableSamples -= 1
            if syllableSamples == 0 {
                endSyllable()
            }
        }
    }

    private mutating func startSyllable() {
        syllableLength = 960 + Int(random.unit() * 1440)  // 120–300 ms
        syllableSamples = syllableLength
        pitch = 110 + random.unit() * 70
    }

    private mutating func endSyllable() {
        syllablesInPhrase += 1
        if syllablesInPhrase >= 3 + Int(random.unit() * 4) {
            syllablesInPhrase = 0
            gapSamples = 3200 + Int(random.unit() * 3200)  // 400–800 ms between phrases
        } else {
            gapSamples = 400 + Int(random.unit() * 1200)  // 50–200 ms between syllables
        }
    }
}
