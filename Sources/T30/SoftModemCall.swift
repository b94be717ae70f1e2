// SoftModemCall: one T.30 call over 8 kHz 16-bit linear audio (spandsp's fax_state_t: V.21,
// V.27ter, V.29 and V.17 in software), stepped block by block by whoever owns the audio.
//
// The owner calls `process` once per block: what the line delivered goes in, what to send comes
// out. Time is line time: T.30's timers and the call deadline count samples, so a call runs
// identically in real time on an exchange or flat out back to back in a benchmark.

import CSpanDSP
import FaxOutcome

public final class SoftModemCall {
    public let engine: T30Engine
    private let fax: OpaquePointer
    private let deadlineSamples: Int
    private var samples = 0
    private var voice = VoiceDetector()
    private var outcome: Outcome?

    enum Outcome { case finished, lineDropped, deadlineExceeded }

    /// - Parameters:
    ///   - calling: true for the party that dialled (sends CNG, expects DIS).
    public init(direction: FaxDirection, calling: Bool, options: FaxSessionOptions) throws(FaxSessionError) {
        try options.validate()
        guard let fax = fax_init(nil, calling ? 1 : 0) else {
            throw .invalidOption("spandsp could not allocate a fax state")
        }
        self.fax = fax
        fax_set_transmit_on_idle(fax, 1)
        fax_set_tep_mode(fax, 0)
        let seconds = options.callDeadline.components.seconds
        deadlineSamples = Int(clamping: seconds) * 8000
        engine = T30Engine(t30: fax_get_t30_state(fax), direction: direction, calling: calling, options: options)
        engine.clock = { [unowned self] in Double(self.samples) / 8000 }
    }

    deinit {
        fax_free(fax)
    }

    /// True once T.30 reached phase E, the line dropped, or the deadline passed.
    public var isFinished: Bool { outcome != nil }
    public var lineSeconds: Double { Double(samples) / 8000 }
    public var heardVoice: Bool { voice.heardVoice }

    /// Takes one block the line delivered and fills `transmit` (same length) with what to send.
    /// Returns false once the call is over; the owner then hangs up.
    @discardableResult
    public func process(received: UnsafeBufferPointer<Int16>, transmit: UnsafeMutableBufferPointer<Int16>) -> Bool {
        guard outcome == nil else {
            transmit.update(repeating: 0)
            return false
        }
        voice.feed(received)
        _ = fax_rx(fax, UnsafeMutablePointer(mutating: received.baseAddress), Int32(received.count))
        let produced = Int(fax_tx(fax, transmit.baseAddress, Int32(transmit.count)))
        if produced < transmit.count {
            transmit.baseAddress!.advanced(by: produced).update(repeating: 0, count: transmit.count - produced)
        }
        samples += received.count
        if engine.isFinished {
            outcome = .finished
        } else if samples >= deadlineSamples {
            engine.note("call deadline of \(deadlineSamples / 8000) s reached")
            t30_terminate(engine.t30)
            outcome = .deadlineExceeded
        }
        return outcome == nil
    }

    /// The far end or the exchange hung up.
    public func lineDropped() {
        guard outcome == nil else { return }
        engine.note("line dropped")
        t30_terminate(engine.t30)
        outcome = .lineDropped
    }

    /// The call's result. Call-level outcomes take precedence over T.30's status where T.30 cannot know them.
    public func result() -> FaxSessionResult {
        var completion: FaxCompletion? = nil
        let succeeded = engine.t30Status == Int(T30_ERR_OK) && engine.isFinished
        if !succeeded {
            if engine.calling && engine.framesReceived == 0 && voice.heardVoice {
                completion = .answeredByVoice
            } else if outcome == .deadlineExceeded {
                completion = .callDeadlineExceeded
            }
        }
        return engine.result(completion: completion, lineSeconds: lineSeconds)
    }
}
