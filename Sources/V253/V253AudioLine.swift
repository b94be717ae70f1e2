// V253AudioLine: a voice modem's telephone line as an AudioLinePort — what the soft modem
// (spandsp's fax modems and T.30 on the host) needs to fax over a modem that only does voice.
// Dial or answer in voice mode, then full-duplex audio (+VTR): each 20 ms block out is coded in the
// modem's sample format and written DLE-shielded (the modem's flow control paces us: it plays at
// 8000 samples/s, and a lead of silence written first keeps its buffer from running dry); each block in is taken from what the modem sends, DLE-shielded with events among
// the samples. Reads block until a whole block is there, so the serial link's bursts are absorbed
// (the jitter buffer is the samples held between blocks, capped at `maximumBuffered`); a block
// that does not come within `blockWait` is played as silence and counted as an underrun. Busy, a
// hang-up or dial tone in the stream, or no audio for `silentModemLimit`, ends the call.

import FaxOutcome
import SerialPort
import T30
import V250

public final class V253AudioLine: AudioLinePort {
    public let modem: V253Modem
    public var dialTimeout: Duration = .seconds(90)
    /// Answer after this many RINGs; how long `answerCall` waits for them.
    public var answerAfterRings = 1
    public var answerTimeout: Duration = .seconds(24 * 3600)
    /// A call the owner already saw ringing: `answerCall` takes it at once.
    public var ringingCall: IncomingCall?
    /// Asked while dialling and waiting for rings: true abandons the attempt.
    public var shouldAbandon: () -> Bool = { false }
    /// How long one block may be late before silence stands in for it.
    public var blockWait: Duration = .milliseconds(120)
    /// The most audio held between blocks (a link that bursts more than this drops the oldest).
    public var maximumBuffered = 8000 / 2
    /// No audio at all for this long: the modem has stopped; the call is over.
    public var silentModemLimit: Duration = .seconds(5)

    public private(set) var callerID: CallerID?
    /// Blocks played as silence because the modem's audio came late, and samples dropped
    /// because too much came at once.
    public private(set) var underruns = 0
    public private(set) var overrunSamples = 0
    /// The events the modem reported in the stream, in order.
    public private(set) var events: [V253Event] = []

    private var decoder = DLEDecoder()
    private var received: [Int16] = []
    private var carry: [UInt8] = []
    private var outgoing: [UInt8] = []
    private var streaming = false
    private var lastAudio = ContinuousClock.now

    public init(modem: V253Modem) {
        self.modem = modem
    }

    // MARK: AudioLinePort

    public func placeCall(to number: String) -> CallSetupResult {
        do throws(V253Error) {
            switch try modem.dial(number, timeout: dialTimeout, abandonWhen: shouldAbandon) {
            case .answered: return startStreaming()
            case .busy: return .failed(.busy)
            case .noAnswer: return .failed(.noAnswer)
            case .noDialtone: return .failed(.noDialtone)
            case .abandoned: return .failed(.cancelled)
            case .failed: return .failed(.noCarrier)
            }
        } catch {
            return .failed(error.completion)
        }
    }

    public func answerCall() -> CallSetupResult {
        do throws(V253Error) {
            let call: IncomingCall
            if let ringing = ringingCall {
                ringingCall = nil
                call = ringing
            } else {
                var counter = RingCounter(ringsToAnswer: answerAfterRings)
                let deadline = ContinuousClock.now + answerTimeout
                var heard: IncomingCall?
                while heard == nil {
                    if shouldAbandon() || ContinuousClock.now >= deadline { return .failed(.cancelled) }
                    do {
                        heard = try modem.channel.watchForCall(&counter, timeout: .seconds(1))
                    } catch {
                        throw V253Error(error)
                    }
                }
                call = heard!
            }
            callerID = call.callerID
            guard try modem.answer() else { return .failed(.noCarrier) }
            return startStreaming()
        } catch {
            return .failed(error.completion)
        }
    }

    public func exchange(transmit: UnsafeBufferPointer<Int16>, receive: UnsafeMutableBufferPointer<Int16>) -> Bool {
        guard streaming else { return false }
        modem.format.encode(transmit, into: &outgoing)
        do {
            try modem.channel.writeData(outgoing, timeout: .seconds(2))
        } catch {
            streaming = false
            return false
        }
        let deadline = Deadline.after(blockWait)
        while received.count < receive.count {
            guard take(until: deadline) else { return false }
            if deadline.hasPassed { break }
        }
        if received.count < receive.count {
            underruns += 1
            if ContinuousClock.now - lastAudio > silentModemLimit {
                streaming = false
                return false
            }
            for i in 0..<receive.count { receive[i] = 0 }
            return true
        }
        for i in 0..<receive.count { receive[i] = received[i] }
        received.removeFirst(receive.count)
        return true
    }

    public func hangUp() {
        streaming = false
        modem.hangUp()
    }

    // MARK: streaming

    private func startStreaming() -> CallSetupResult {
        do {
            guard try modem.startDuplex() else { return .failed(.modemUnavailable) }
        } catch {
            return .failed(error.completion)
        }
        streaming = true
        decoder = DLEDecoder()
        received.removeAll()
        carry.removeAll()
        lastAudio = .now
        // A little audio ahead of the line, so the modem never waits for the host's next block.
        let lead = [Int16](repeating: 0, count: 8 * max(0, modem.quirks.transmitLeadMilliseconds))
        lead.withUnsafeBufferPointer { modem.format.encode($0, into: &outgoing) }
        do {
            try modem.channel.writeData(outgoing, timeout: .seconds(2))
        } catch {
            streaming = false
            return .failed(.modemNotResponding)
        }
        return .connected
    }

    /// Takes what the modem sent before `deadline`; false once the call is over.
    private func take(until deadline: Deadline) -> Bool {
        let read: ATStreamRead
        do {
            read = try modem.channel.readStream(&decoder, until: deadline)
        } catch {
            streaming = false
            return false
        }
        if !read.data.isEmpty {
            lastAudio = .now
            modem.format.decode(read.data, into: &received, carry: &carry)
            if received.count > maximumBuffered {
                overrunSamples += received.count - maximumBuffered
                received.removeFirst(received.count - maximumBuffered)
            }
        }
        for code in read.events {
            let event = modem.quirks.event(code: code)
            events.append(event)
            if event.endsCall { streaming = false }
        }
        if read.ended {
            streaming = false
            _ = try? modem.channel.poll(until: .after(.seconds(1)))
        }
        return streaming
    }
}
