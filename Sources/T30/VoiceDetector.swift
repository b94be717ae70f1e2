// VoiceDetector: tells speech from fax signals and stationary noise in received audio, so a call
// answered by a person reports "answered by voice" rather than a bare T.30 timeout.
//
// Speech comes in syllables: energy switches on and off several times a second. Fax tones (CED,
// V.21 bursts every few seconds) and line noise are steady while present. The detector counts
// on→off transitions of a hysteresis gate on block power and calls it voice when, over at least
// two seconds of activity, the gate drops more than 1.5 times per active second.

import Foundation

public struct VoiceDetector: Sendable {
    /// Power above which a block is "active" (dBm0), and the lower release level.
    private let onLevel: Double = -35
    private let offLevel: Double = -41
    private var active = false
    private var activeSamples = 0
    private var offTransitions = 0
    private var silentRun = 0

    public init() {}

    /// The level of a block of 16-bit linear samples in dBm0, on spandsp's scale: a full-scale
    /// square wave (RMS 32768) is +6.16 dBm0, a full-scale sine +3.14 dBm0.
    public static func level(_ samples: UnsafeBufferPointer<Int16>) -> Double {
        guard !samples.isEmpty else { return -96 }
        var sum: Double = 0
        for s in samples { sum += Double(s) * Double(s) }
        let rms = (sum / Double(samples.count)).squareRoot()
        guard rms > 0 else { return -96 }
        return 20 * log10(rms / 32768) + 6.16
    }

    public mutating func feed(_ samples: UnsafeBufferPointer<Int16>) {
        let dbm0 = Self.level(samples)
        if active {
            if dbm0 < offLevel {
                silentRun += samples.count
                if silentRun >= 320 {  // 40 ms of quiet ends a syllable
                    active = false
                    offTransitions += 1
                    silentRun = 0
                }
            } else {
                silentRun = 0
                activeSamples += samples.count
            }
        } else if dbm0 > onLevel {
            active = true
            activeSamples += samples.count
        }
    }

    public var activeSeconds: Double { Double(activeSamples) / 8000 }

    /// True when what was heard looks like speech.
    public var heardVoice: Bool {
        activeSeconds >= 2 && Double(offTransitions) / activeSeconds > 1.5
    }
}
