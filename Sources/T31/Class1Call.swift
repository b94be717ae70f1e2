// Class1Call: one T.30 call driven through a Class 1 (T.31) modem — the host loop that turns
// T.30's front-end requests (set_tx_type / set_rx_type / send_hdlc) into +FTH/+FRH/+FTM/+FRM
// and their data, reports carrier, frames and page bytes back, and runs T.30's clock.
//
// spandsp calls the handlers synchronously from inside t30_*: they only record what T.30 wants;
// this loop acts on it. Everything runs on the thread that called `run`. Pending receives are
// polled in 10 ms slices so T.30's timers keep running (t30_timer_update at 8000 samples/s) and
// a receive T.30 no longer wants is aborted with CAN. Every modem wait has a deadline derived
// from what the step allows; a modem that misses one ends the call as `.modemNotResponding`.

import CSpanDSP
import FaxOutcome
import SerialPort
import T30
import V250

final class Class1Call {
    enum Outcome: Equatable {
        case finished, deadlineExceeded, modemFailure(Class1Error), lineDropped, cancelled
    }

    let modem: Class1Modem
    private(set) var engine: T30Engine!
    private var t30: OpaquePointer!
    private let trace: Class1TraceBuffer
    private let origin: ContinuousClock.Instant
    private let connectedAt: ContinuousClock.Instant
    private let deadline: ContinuousClock.Instant
    private var lastTick: ContinuousClock.Instant
    private var logTime: Double?
    private(set) var outcome: Outcome?
    /// Checked every turn of the loop.
    var cancellation: FaxCancellation?

    // What T.30 asked for (recorded by the C handlers).
    private var txMode: Class1Mode?
    private var rxMode = Class1Mode.none
    private var rxGeneration = 0
    private var pendingFrames: [[UInt8]?] = []
    private var ecmTransmitter: Class1HDLCTransmitter?
    private var ecmEnded = false

    // Modem state.
    private var hdlcTransmitOpen = false
    private var lastTransmitWasFast = false
    private var v21CarrierUp = false
    /// Whether any valid V.21 frame arrived (a fax is on the line).
    private(set) var sawV21Frame = false

    /// - Parameters:
    ///   - origin: time zero of the session log (when the call attempt began).
    ///   - connectedAt: when the modem connected (line time counts from here).
    init(
        modem: Class1Modem, trace: Class1TraceBuffer, direction: FaxDirection, calling: Bool,
        options: FaxSessionOptions, origin: ContinuousClock.Instant, connectedAt: ContinuousClock.Instant
    ) throws(FaxSessionError) {
        self.modem = modem
        self.trace = trace
        self.origin = origin
        self.connectedAt = connectedAt
        self.deadline = ContinuousClock.now.advanced(by: options.callDeadline)
        self.lastTick = .now
        let me = Unmanaged.passUnretained(self).toOpaque()
        guard let t30 = t30_init(
            nil, calling ? 1 : 0,
            { ud, type, rate, short, hdlc in
                Class1Call.from(ud).setReceive(Class1Mode(type: type, bitRate: rate, shortTrain: short, hdlc: hdlc))
            }, me,
            { ud, type, rate, short, hdlc in
                Class1Call.from(ud).setTransmit(Class1Mode(type: type, bitRate: rate, shortTrain: short, hdlc: hdlc))
            }, me,
            { ud, msg, len in Class1Call.from(ud).sendHDLC(msg, Int(len)) }, me
        ) else {
            throw .invalidOption("spandsp could not allocate a T.30 state")
        }
        self.t30 = t30
        engine = T30Engine(t30: t30, direction: direction, calling: calling, options: options)
        engine.clock = { [unowned self] in self.logTime ?? self.seconds(since: self.origin, to: .now) }
    }

    deinit {
        if let t30 { t30_free(t30) }
    }

    private static func from(_ ud: UnsafeMutableRawPointer?) -> Class1Call {
        Unmanaged<Class1Call>.fromOpaque(ud!).takeUnretainedValue()
    }

    var lineSeconds: Double { seconds(since: connectedAt, to: .now) }

    private func seconds(since start: ContinuousClock.Instant, to end: ContinuousClock.Instant) -> Double {
        let (s, a) = (end - start).components
        return Double(s) + Double(a) / 1e18
    }

    // MARK: T.30's requests

    private func setReceive(_ mode: Class1Mode) {
        if mode != rxMode { rxGeneration += 1 }
        rxMode = mode
    }

    private func setTransmit(_ mode: Class1Mode) {
        txMode = mode
    }

    private func sendHDLC(_ message: UnsafePointer<UInt8>?, _ length: Int) {
        let frame = message.map { Array(UnsafeBufferPointer(start: $0, count: max(0, length))) }
        if let transmitter = ecmTransmitter {
            if let frame, !frame.isEmpty {
                frame.withUnsafeBufferPointer { transmitter.queue($0) }
            } else {
                ecmEnded = true
            }
            return
        }
        pendingFrames.append(frame.flatMap { $0.isEmpty ? nil : $0 })
    }

    private func stepComplete() {
        t30_front_end_status(UnsafeMutableRawPointer(t30), Int32(T30_FRONT_END_SEND_STEP_COMPLETE))
    }

    private func hdlcStatus(_ status: Int) {
        t30_hdlc_accept(UnsafeMutableRawPointer(t30), nil, Int32(status), 1)
    }

    // MARK: the loop

    /// Runs T.30 to its end (phase E), the call deadline, or a modem failure.
    func run() {
        flushTrace()
        while outcome == nil {
            tick()
            flushTrace()
            if engine.isFinished {
                outcome = .finished
                break
            }
            if cancellation?.isCancelled == true {
                engine.note("cancelled: hanging up")
                t30_terminate(t30)
                outcome = .cancelled
                break
            }
            if ContinuousClock.now >= deadline {
                engine.note("call deadline reached")
                t30_terminate(t30)
                outcome = .deadlineExceeded
                break
            }
            do {
                if try stepTransmit() { continue }
                if try stepReceive() { continue }
                if txMode?.kind == .done || rxMode.kind == .done {
                    outcome = .finished
                    break
                }
                Class1Sleep.sleep(.milliseconds(5))
            } catch .cancelled {
                flushTrace()
                engine.note("cancelled: hanging up")
                t30_terminate(t30)
                outcome = .cancelled
            } catch {
                flushTrace()
                engine.note("modem: \(error)")
                outcome = error.isModemFailure ? .modemFailure(error) : .lineDropped
                t30_terminate(t30)
            }
        }
        flushTrace()
    }

    /// Advances T.30's clock by the time elapsed, in whole samples at 8000/s.
    private func tick() {
        let now = ContinuousClock.now
        let samples = Int(seconds(since: lastTick, to: now) * 8000)
        guard samples > 0 else { return }
        lastTick = lastTick.advanced(by: .microseconds(samples * 125))
        flushTrace()
        t30_timer_update(t30, Int32(samples))
    }

    /// Sleeps in slices while keeping T.30's clock running.
    private func pause(milliseconds: Int) {
        let end = ContinuousClock.now.advanced(by: .milliseconds(milliseconds))
        while ContinuousClock.now < end {
            Class1Sleep.sleep(min(.milliseconds(10), end - .now))
            tick()
        }
    }

    /// Moves the AT trace into the session log, each entry at its own time.
    private func flushTrace() {
        for entry in trace.drain() {
            if case .dataSent = entry.event { continue }  // streams are noted whole by the writer
            logTime = seconds(since: origin, to: entry.time)
            engine.note("AT \(entry)", entry.sessionLogDirection)
        }
        logTime = nil
    }

    // MARK: transmitting

    private var wantsToTransmit: Bool {
        if !pendingFrames.isEmpty { return true }
        guard let kind = txMode?.kind else { return false }
        return kind == .fast || kind == .pause || kind == .ced
    }

    private func stepTransmit() throws(Class1Error) -> Bool {
        guard let mode = txMode else { return false }
        switch mode.kind {
        case .none:
            txMode = nil
            return false
        case .done:
            return false
        case .cng:
            txMode = nil  // the modem's own ATD takes care of calling
            return true
        case .ced:
            txMode = nil
            hdlcTransmitOpen = modem.channel.isInDataMode  // ATA's CONNECT: an implied +FTH=3
            stepComplete()
            return true
        case .pause:
            txMode = nil
            if !modem.channel.isInDataMode { pause(milliseconds: min(mode.milliseconds, 1000)) }
            stepComplete()
            return true
        case .v21:
            guard !pendingFrames.isEmpty else { return false }
            try transmitV21(pendingFrames.removeFirst())
            return true
        case .fast:
            txMode = nil
            guard let modulation = mode.modulation else { return true }
            if mode.hdlc {
                try transmitECM(modulation)
            } else {
                try transmitNonECM(modulation)
            }
            return true
        }
    }

    /// One V.21 HDLC frame (+FTH=3; the modem adds flags and FCS), or the end of the sequence.
    private func transmitV21(_ frame: [UInt8]?) throws(Class1Error) {
        guard let frame else {
            if hdlcTransmitOpen && modem.channel.isInDataMode {
                let result = try finish(timeout: .seconds(3))
                guard result.isOK else { throw .unexpectedResult(command: "<DLE><ETX>", result: result) }
            }
            hdlcTransmitOpen = false
            stepComplete()
            return
        }
        if !hdlcTransmitOpen || !modem.channel.isInDataMode {
            if lastTransmitWasFast { try modem.silence(milliseconds: 75) }
            try modem.startTransmit(.v21)
            hdlcTransmitOpen = true
        }
        // 1 s of preamble flags at most, then the frame at 300 bit/s, then slack.
        let frameMilliseconds: Int = (frame.count + 4) * 8 * 1000 / 300
        let allowed = Duration.milliseconds(4000 + frameMilliseconds)
        let result: ATResult
        do {
            result = try modem.channel.sendData(frame, timeout: allowed)
        } catch {
            throw Class1Error(error)
        }
        lastTransmitWasFast = false
        switch result {
        case .connect: hdlcTransmitOpen = true
        case .ok: hdlcTransmitOpen = false
        case .noCarrier where frame.count >= 3 && frame[2] & 0xFE == 0xFA:
            hdlcTransmitOpen = false  // DCN sent; the far end hung up as it should
        default: throw .unexpectedResult(command: "<V.21 frame>", result: result)
        }
        stepComplete()
    }

    /// TCF or a page without ECM: T.30's bytes (already LSB-first) paced to the bit rate.
    private func transmitNonECM(_ modulation: Modulation) throws(Class1Error) {
        try modem.silence(milliseconds: 75)
        try modem.startTransmit(modulation)
        var finished = false
        try streamFlowControlled(modulation) { count in
            var out: [UInt8] = []
            out.reserveCapacity(count)
            while out.count < count {
                let byte = t30_non_ecm_get_byte(UnsafeMutableRawPointer(t30))
                if byte >= 0x100 {
                    finished = true
                    break
                }
                out.append(UInt8(truncatingIfNeeded: byte))
            }
            return (out, finished)
        }
        lastTransmitWasFast = true
        stepComplete()
    }

    /// ECM frames HDLC-framed by the host on +FTM, until T.30 ends the burst.
    private func transmitECM(_ modulation: Modulation) throws(Class1Error) {
        try modem.silence(milliseconds: 75)
        try modem.startTransmit(modulation)
        let transmitter = Class1HDLCTransmitter(t30: t30)
        ecmTransmitter = transmitter
        ecmEnded = false
        for frame in pendingFrames {
            if let frame { frame.withUnsafeBufferPointer { transmitter.queue($0) } } else { ecmEnded = true }
        }
        pendingFrames.removeAll()
        // Preamble: 200 ms of flags.
        var preamble = [UInt8](repeating: 0x7E, count: max(8, modulation.bitRate / 40))
        var tail = 0
        defer { ecmTransmitter = nil }
        try streamFlowControlled(modulation) { count in
            if !preamble.isEmpty {
                defer { preamble.removeAll() }
                return (preamble, false)
            }
            let octets = transmitter.nextOctets(count)
            if ecmEnded { tail += count }
            return (octets, ecmEnded && tail >= 8)
        }
        ecmTransmitter = nil  // T.30's next frames (PPS) go to V.21
        lastTransmitWasFast = true
        stepComplete()
    }

    /// Writes what `produce` yields as fast as the modem takes it — its flow control (RTS/CTS,
    /// XON/XOFF) or a pty's back-pressure blocks the write — never by the host's clock, so a modem
    /// that drains its buffer faster than the nominal rate (a line clock faster than real time, a
    /// large modem buffer) never runs dry mid-frame. Where the driver tells how much it still holds
    /// (TIOCOUTQ), that queue is kept under a quarter second of data, so a cancel is not stuck
    /// behind seconds of queued page. Then `<DLE><ETX>`, and the modem's OK is awaited in slices
    /// with T.30's clock, the call deadline and cancellation live.
    private func streamFlowControlled(_ modulation: Modulation, produce: (Int) -> ([UInt8], Bool)) throws(Class1Error) {
        let bytesPerSecond = Double(modulation.bitRate) / 8
        let chunk = max(16, Int(bytesPerSecond / 50))  // 20 ms of line data
        let queueLimit = max(2 * chunk, Int(bytesPerSecond / 4))
        let start = ContinuousClock.now
        var sent = 0
        var done = false
        // Line time still queued, at most: the modem never sends slower than the nominal rate.
        let queued = { max(0, Double(sent) / bytesPerSecond - self.seconds(since: start, to: .now)) }
        while !done {
            let (bytes, last) = produce(chunk)
            done = last
            let stallDeadline = ContinuousClock.now.advanced(by: .seconds(10))
            while modem.channel.outputQueued > queueLimit {
                try checkStream(queued: queued())
                if ContinuousClock.now >= stallDeadline { throw .notResponding(command: "<data> (flow control held)") }
                Class1Sleep.sleep(.milliseconds(2))
                tick()
            }
            do {
                try modem.channel.writeData(bytes, timeout: .seconds(10))
            } catch {
                throw Class1Error(error)
            }
            sent += bytes.count
            tick()
            try checkStream(queued: queued())
        }
        engine.note("AT --> <\(sent) data bytes, \(modulation)>", .sent)
        do {
            try modem.channel.endData(timeout: .seconds(10))
        } catch {
            throw Class1Error(error)
        }
        let okDeadline = ContinuousClock.now.advanced(by: .milliseconds(Int((queued() + 5) * 1000)))
        while true {
            let result: ATResult?
            do {
                result = try modem.channel.poll(until: .after(.milliseconds(10)))
            } catch {
                throw Class1Error(error)
            }
            if let result {
                guard result.isOK else { throw .unexpectedResult(command: "<\(modulation) data>", result: result) }
                return
            }
            tick()
            if cancellation?.isCancelled == true {
                // The <DLE><ETX> may still be queued behind data: drop what the modem has not
                // taken and end the stream again, then take the modem's answer.
                abandonStream(queued: queued())
                throw .cancelled
            }
            if ContinuousClock.now >= okDeadline { throw .notResponding(command: "<\(modulation) data>") }
        }
    }

    /// Ends the stream early on cancel or at the call deadline, leaving the modem in command mode.
    private func checkStream(queued: Double) throws(Class1Error) {
        if ContinuousClock.now >= deadline {
            abandonStream(queued: queued)
            throw .notResponding(command: "<data> (call deadline)")
        }
        if cancellation?.isCancelled == true {
            abandonStream(queued: queued)
            throw .cancelled
        }
    }

    /// Ends the stream where it is so the next command finds the modem in command mode. The
    /// modem answers once it has sent what it already took: at most `queued` line seconds (less
    /// where the driver could drop what it held), so that long is waited for — a command sent
    /// before the answer would be taken as page data.
    private func abandonStream(queued: Double) {
        _ = try? modem.channel.abandonData(timeout: .milliseconds(Int((min(queued, 60) + 3) * 1000)))
    }

    private func finish(timeout: Duration) throws(Class1Error) -> ATResult {
        do {
            return try modem.channel.finishData(timeout: timeout)
        } catch {
            throw Class1Error(error)
        }
    }

    // MARK: receiving

    private func stepReceive() throws(Class1Error) -> Bool {
        switch rxMode.kind {
        case .v21:
            try receiveV21()
            return true
        case .fast:
            try receiveFast(rxMode)
            return true
        default:
            return false
        }
    }

    /// Waits for the pending +FRH/+FRM's result; nil if T.30 changed its mind (or the call is
    /// over) first — the receive is then aborted with CAN.
    private func awaitConnect(generation: Int) throws(Class1Error) -> ATResult? {
        while true {
            if let result = try modem.pollReceive(until: .after(.milliseconds(10))) { return result }
            tick()
            flushTrace()
            if engine.isFinished || wantsToTransmit || rxGeneration != generation || ContinuousClock.now >= deadline
                || cancellation?.isCancelled == true {
                try modem.abortReceive()
                return nil
            }
        }
    }

    private func carrierDown() {
        if v21CarrierUp {
            v21CarrierUp = false
            hdlcStatus(Int(SIG_STATUS_CARRIER_DOWN))
        }
    }

    /// V.21 HDLC frames (+FRH=3) until the carrier drops or T.30 wants something else.
    private func receiveV21() throws(Class1Error) {
        let generation = rxGeneration
        repeat {
            if !modem.channel.isInDataMode {
                try modem.startReceive(.v21)
                guard let result = try awaitConnect(generation: generation) else {
                    carrierDown()
                    return
                }
                guard case .connect = result else {
                    carrierDown()
                    pause(milliseconds: 20)
                    return
                }
            }
            if !v21CarrierUp {
                v21CarrierUp = true
                hdlcStatus(Int(SIG_STATUS_CARRIER_UP))
                hdlcStatus(Int(SIG_STATUS_FRAMING_OK))
            }
            var frame: [UInt8] = []
            let result: ATResult
            do {
                // A V.21 frame lasts at most ~3 s; the modem ends it with <DLE><ETX> and OK/ERROR.
                result = try modem.channel.receiveData(
                    deadline: .after(.seconds(8)), idleTimeout: .seconds(5), onIdle: { tick() }
                ) { frame += $0 }
            } catch .timeout {
                // CONNECT (flags heard) but no frame ended: a frame broken by a drop-out or noise
                // leaves the modem listening with nothing to deliver. That is the line, not a dead
                // modem: abort the receive (CAN; no OK to it is a dead modem), report the carrier
                // gone and, while T.30 still waits for a frame (its T1/T2/T4 run on), listen again
                // with +FRH=3 — as HylaFAX's Class 1 driver re-issues +FRH=3 within its window.
                flushTrace()
                engine.note("V.21: no frame after CONNECT (broken by the line); listening again")
                try modem.abortReceive()
                carrierDown()
                tick()
                return
            } catch {
                throw Class1Error(error)
            }
            flushTrace()
            switch result {
            case .ok where frame.count >= 3:
                sawV21Frame = true
                let body = Array(frame.dropLast(2))  // the modem passes the FCS along
                let final = body.count >= 2 && body[1] & 0x10 != 0
                body.withUnsafeBufferPointer {
                    t30_hdlc_accept(UnsafeMutableRawPointer(t30), $0.baseAddress, Int32($0.count), 1)
                }
                if final { carrierDown() }
            case .error where !frame.isEmpty:
                let body = Array(frame.dropLast(min(2, frame.count)))
                body.withUnsafeBufferPointer {
                    t30_hdlc_accept(UnsafeMutableRawPointer(t30), $0.baseAddress, Int32($0.count), 0)
                }
                carrierDown()
            default:
                carrierDown()
            }
            tick()
        } while v21CarrierUp && rxGeneration == generation && !engine.isFinished && !wantsToTransmit
    }

    /// A fast-modem carrier (+FRM): TCF or page bytes to T.30, or ECM frames through host HDLC.
    /// +FCERROR means V.21 is on the line instead: its frames are taken with +FRH=3.
    private func receiveFast(_ mode: Class1Mode) throws(Class1Error) {
        guard let modulation = mode.modulation else { return }
        let generation = rxGeneration
        try modem.startReceive(modulation)
        guard let result = try awaitConnect(generation: generation) else { return }
        switch result {
        case .connect:
            break
        case .fcError:
            try receiveV21()
            return
        default:
            pause(milliseconds: 20)
            return
        }
        let ud = UnsafeMutableRawPointer(t30)
        let hdlc = mode.hdlc ? Class1HDLCReceiver(t30: t30) : nil
        if hdlc != nil {
            hdlcStatus(Int(SIG_STATUS_CARRIER_UP))
            hdlcStatus(Int(SIG_STATUS_TRAINING_SUCCEEDED))
        } else {
            t30_non_ecm_put_byte(ud, Int32(SIG_STATUS_TRAINING_SUCCEEDED))
        }
        let end: ATResult
        do {
            end = try modem.channel.receiveData(
                deadline: Deadline(deadline), idleTimeout: .seconds(10), onIdle: { tick() }
            ) { chunk in
                if let hdlc {
                    hdlc.put(chunk)
                } else {
                    for byte in chunk { t30_non_ecm_put_byte(ud, Int32(byte)) }
                }
                tick()
            }
        } catch {
            throw Class1Error(error)
        }
        _ = end  // NO CARRIER (or OK): the carrier has gone either way
        if hdlc != nil {
            hdlcStatus(Int(SIG_STATUS_CARRIER_DOWN))
        } else {
            t30_non_ecm_put_byte(ud, Int32(SIG_STATUS_CARRIER_DOWN))
        }
    }
}
