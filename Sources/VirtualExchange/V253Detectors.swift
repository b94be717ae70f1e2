// V253Detectors: what the virtual voice modem hears on the line, as a real voice modem's DSP
// would: DTMF digits (spandsp's dtmf_rx), fax calling tone CNG 1100 Hz, data calling tone 1300 Hz
// and answer tone 2100 Hz (spandsp's modem_connect_tones_rx), and silence after +VSD's interval —
// "silence" (s) when nothing was heard since the receive began, "quiet" (q) after voice energy.

import CSpanDSP

final class V253Detectors {
    private var dtmf: OpaquePointer!
    private var cng: OpaquePointer!
    private var ans: OpaquePointer!
    private var calling: OpaquePointer!
    private var found: [UInt8] = []
    /// +VSD: sensitivity (0: silence detection off; 128 the default level) and interval in 0.1 s.
    var silenceSensitivity = 128
    var silenceInterval = 50
    private var heardVoice = false
    private var silentSamples = 0
    private var silenceReported = false

    init() {
        let me = Unmanaged.passUnretained(self).toOpaque()
        dtmf = dtmf_rx_init(nil, { userData, digits, count in
            let detectors = Unmanaged<V253Detectors>.fromOpaque(userData!).takeUnretainedValue()
            guard let digits else { return }
            for i in 0..<Int(count) { detectors.found.append(UInt8(bitPattern: digits[i])) }
        }, me)
        cng = modem_connect_tones_rx_init(nil, Int32(MODEM_CONNECT_TONES_FAX_CNG), { userData, code, _, _ in
            Unmanaged<V253Detectors>.fromOpaque(userData!).takeUnretainedValue().tone(code)
        }, me)
        ans = modem_connect_tones_rx_init(nil, Int32(MODEM_CONNECT_TONES_ANS), { userData, code, _, _ in
            Unmanaged<V253Detectors>.fromOpaque(userData!).takeUnretainedValue().tone(code)
        }, me)
        calling = modem_connect_tones_rx_init(nil, Int32(MODEM_CONNECT_TONES_CALLING_TONE), { userData, code, _, _ in
            Unmanaged<V253Detectors>.fromOpaque(userData!).takeUnretainedValue().tone(code)
        }, me)
    }

    deinit {
        dtmf_rx_free(dtmf)
        modem_connect_tones_rx_free(cng)
        modem_connect_tones_rx_free(ans)
        modem_connect_tones_rx_free(calling)
    }

    private func tone(_ code: Int32) {
        switch code {
        case Int32(MODEM_CONNECT_TONES_FAX_CNG): found.append(UInt8(ascii: "c"))
        case Int32(MODEM_CONNECT_TONES_ANS), Int32(MODEM_CONNECT_TONES_ANS_PR): found.append(UInt8(ascii: "a"))
        case Int32(MODEM_CONNECT_TONES_CALLING_TONE): found.append(UInt8(ascii: "e"))
        default: break
        }
    }

    /// A receive (or a call) begins: silence is counted afresh.
    func restartSilence() {
        heardVoice = false
        silentSamples = 0
        silenceReported = false
    }

    /// Hears one block; returns the <DLE> codes of what was detected in it, oldest first.
    func hear(_ block: [Int16]) -> [UInt8] {
        var samples = block
        _ = dtmf_rx(dtmf, &samples, Int32(samples.count))
        _ = modem_connect_tones_rx(cng, &samples, Int32(samples.count))
        _ = modem_connect_tones_rx(ans, &samples, Int32(samples.count))
        _ = modem_connect_tones_rx(calling, &samples, Int32(samples.count))
        listenForSilence(block)
        let codes = found
        found.removeAll()
        return codes
    }

    private func listenForSilence(_ block: [Int16]) {
        guard silenceSensitivity > 0, silenceInterval > 0 else { return }
        var energy = 0.0
        for s in block { energy += Double(s) * Double(s) }
        let rms = (energy / Double(block.count)).squareRoot()
        // Level 128 calls anything below about -50 dBm0 silence; each step of 16 doubles it.
        let threshold = 60.0 * pow2((Double(silenceSensitivity) - 128) / 16)
        if rms > threshold {
            heardVoice = true
            silentSamples = 0
            silenceReported = false
        } else {
            silentSamples += block.count
            if !silenceReported, silentSamples >= silenceInterval * 800 {
                silenceReported = true
                found.append(UInt8(ascii: heardVoice ? "q" : "s"))
            }
        }
    }

    private func pow2(_ x: Double) -> Double { exp2(x) }
}
