// VirtualExchange: a telephone switch of numbered lines, so SwiftFax can be tried and tested with
// no modem and no phone line. Lines dial each other, ring, answer and hang up; connected calls
// carry 8 kHz audio in 20 ms blocks, paced in real time (or faster), through each line's
// impairments. Every call is counted in samples, so its duration in line seconds is exact.
//
// Threads: one clock thread routes audio and runs the timers; every line's equipment (virtual
// modem, fax machine, soft-modem client) runs on a thread of its own and trades audio with the
// clock through a LockstepAudioLink.

import Foundation
import Synchronization

public final class VirtualExchange: @unchecked Sendable {
    public let options: ExchangeOptions
    static let blockSamples = LockstepAudioLink.blockSamples

    /// Guards the lines, calls, timers and records below (the clock thread and the lines' threads).
    private let lock = Mutex(())
    private var lines: [String: ExchangeLine] = [:]
    private var calls: [ExchangeCall] = []
    private var scheduled: [(tick: Int, action: () -> Void)] = []
    private var tick = 0
    private var nextCallID = 1
    private var records: [CallRecord] = []
    private var dialEvents: [DialEvent] = []
    private let callLog: CallLogWriter
    private let wake = NSCondition()
    private var running = false
    private var clockThread: Thread?
    private var stopped = false
    private let clockDone = DispatchSemaphore(value: 0)

    public init(options: ExchangeOptions = ExchangeOptions()) {
        self.options = options
        callLog = CallLogWriter(path: options.callLogPath)
    }

    deinit {
        stop()
    }

    // MARK: lines

    /// Adds a line with no equipment of its own: busy, never answering, or answered by a person.
    public func addBehaviourLine(number: String, name: String = "", profile: LineProfile) {
        register(BehaviourLine(number: number, name: name, profile: profile))
    }

    func register(_ line: ExchangeLine) {
        lock.withLock { _ in
            precondition(lines[line.number] == nil, "line \(line.number) exists already")
            lines[line.number] = line
        }
    }

    public var numbers: [String] {
        lock.withLock { _ in
            return lines.keys.sorted()
        }
    }

    /// Every dial so far, as it happened (before the call's outcome is known), oldest first.
    public var dials: [DialEvent] {
        lock.withLock { _ in dialEvents }
    }

    /// Records of every call that has ended.
    public var callRecords: [CallRecord] {
        lock.withLock { _ in
            return records
        }
    }

    /// A call in progress as a test or a person watching the exchange sees it.
    public struct ActiveCall: Sendable, Hashable {
        public var from: String
        public var to: String
        /// Rings so far (the callee's phone is ringing while `answered` is false).
        public var rings: Int
        public var answered: Bool
    }

    /// The calls in progress now.
    public var activeCalls: [ActiveCall] {
        lock.withLock { _ in
            calls.map { ActiveCall(from: $0.caller.number, to: $0.callee.number, rings: $0.rings, answered: $0.state == .connected) }
        }
    }

    // MARK: call control, from the lines' threads

    /// `line` dials `number` (digits; other dial-string characters are ignored).
    func dial(from line: ExchangeLine, number dialled: String) {
        let number = String(dialled.filter { $0.isNumber || $0 == "*" || $0 == "#" })
        lock.withLock { _ in
            dialEvents.append(DialEvent(from: line.number, to: number, at: Date()))
            let id = nextCallID
            nextCallID += 1
            let failAfter = ticks(options.failureDelay)
            func fail(_ failure: CallFailure) {
                let started = Date()
                let tickNow = tick
                schedule(after: failAfter) { [self] in
                    line.post(.callFailed(failure))
                    finishRecord(id: id, from: line.number, to: number, startedAt: started, outcome: failure.rawValue,
                                 samples: 0, ringTicks: tick - tickNow, endedBy: "exchange", underruns: 0)
                }
            }
            guard line.profile.dialTone else { return fail(.noDialtone) }
            guard let callee = lines[number], callee !== line else { return fail(.unassigned) }
            if callee.profile.answering == .busy || calls.contains(where: { $0.involves(callee) }) {
                return fail(.busy)
            }
            let call = ExchangeCall(id: id, caller: line, callee: callee, tick: tick)
            calls.append(call)
            callee.post(.incomingCall(CallerID(number: line.number, name: line.name, date: Date())))
            ring(call)
            wakeClock()
        }
    }

    /// `line` answers the call ringing it.
    func answer(_ line: ExchangeLine) {
        lock.withLock { _ in
            guard let call = calls.first(where: { $0.callee === line && $0.state == .ringing }) else { return }
            let calleeLink = LockstepAudioLink(notify: { line.audioArrived() })
            let callerLine = call.caller
            let callerLink = LockstepAudioLink(notify: { callerLine.audioArrived() })
            connect(call, callerEndpoint: callerLink, calleeEndpoint: calleeLink)
            line.post(.connected(calleeLink))
            callerLine.post(.answered(callerLink))
        }
    }

    /// `line` goes on hook, ending whatever call it is in.
    func hangUp(_ line: ExchangeLine) {
        lock.withLock { _ in
            guard let call = calls.first(where: { $0.involves(line) }) else { return }
            end(call, endedBy: line.number)
        }
    }

    // MARK: the clock

    public func start() {
        lock.withLock { _ in
            guard !running else { return }
            running = true
            let thread = Thread { [self] in runClock() }
            thread.name = "exchange-clock"
            thread.qualityOfService = .userInteractive
            clockThread = thread
            thread.start()
        }
    }

    /// Ends every call and stops the clock; lines' threads are told to shut down.
    public func stop() {
        let stopping: (wasRunning: Bool, lines: [ExchangeLine])? = lock.withLock { _ in
            guard !stopped else { return nil }
            stopped = true
            let wasRunning = running
            running = false
            for call in calls {
                end(call, endedBy: "exchange")  // "exchange" is no party: both leave at once
            }
            return (wasRunning, Array(lines.values))
        }
        guard let (wasRunning, allLines) = stopping else { return }
        for line in allLines { line.post(.shutdown) }
        if wasRunning {
            wakeClock()
            clockDone.wait()
        }
        for line in allLines { line.waitUntilStopped(timeout: 5) }
    }

    private func wakeClock() {
        wake.lock()
        wake.signal()
        wake.unlock()
    }

    private func runClock() {
        let tickSeconds = Double(Self.blockSamples) / 8000
        var next = Date()
        while true {
            let step: (connected: [ExchangeCall], idle: Bool)? = lock.withLock { _ in
                guard running else { return nil }
                tick += 1
                runTimers()
                return (calls.filter { $0.state == .connected }, calls.isEmpty && scheduled.isEmpty)
            }
            guard let (connected, idle) = step else { break }

            for call in connected { route(call) }

            lock.withLock { _ in
                for call in connected where call.state == .connected && call.hungUpParty == nil {
                    call.samples += Self.blockSamples
                    if let limit = call.callee.profile.dropAfterSeconds ?? call.caller.profile.dropAfterSeconds,
                       Double(call.samples) / 8000 >= limit {
                        end(call, endedBy: "exchange")
                    }
                }
            }

            // Pacing.
            if idle {
                // Nothing is happening: sleep until a line does something.
                wake.lock()
                _ = wake.wait(until: Date().addingTimeInterval(0.05))
                wake.unlock()
                next = Date()
            } else if options.speed > 0 {
                next = next.addingTimeInterval(tickSeconds / options.speed)
                let now = Date()
                if next > now {
                    Thread.sleep(until: next)
                } else if now.timeIntervalSince(next) > 2 {
                    // Stalled for seconds (a suspended process): resume from now rather than burst.
                    next = now
                }
                // Behind by less than that: run the missed ticks back to back, so line time keeps
                // up with the wall clock that modem software times its deadlines by.
            } else if connected.isEmpty {
                // Flat out, but ringing and timers still leave lines time to react.
                Thread.sleep(forTimeInterval: 0.0005)
            }
        }
        clockDone.signal()
    }

    /// Moves one tick of audio each way. Runs on the clock thread, without the lock.
    private func route(_ call: ExchangeCall) {
        guard let callerEnd = call.callerEndpoint, let calleeEnd = call.calleeEndpoint else { return }
        let deadline = Date().addingTimeInterval(options.speed > 0 ? 0.1 : 2)
        let silence = [Int16](repeating: 0, count: Self.blockSamples)
        let fromCaller = callerEnd.takeTransmit(deadline: deadline)
        let fromCallee = calleeEnd.takeTransmit(deadline: deadline)
        if (fromCaller == nil || fromCallee == nil) && call.hungUpParty == nil { call.underruns += 1 }
        var calleeHears = fromCaller ?? silence
        var callerHears = fromCallee ?? silence
        call.calleeHears.process(&calleeHears)
        call.callerHears.process(&callerHears)
        calleeEnd.deliver(calleeHears)
        callerEnd.deliver(callerHears)
    }

    // MARK: timers and state changes (lock held)

    private func ticks(_ seconds: Double) -> Int {
        max(1, Int((seconds * 8000 / Double(Self.blockSamples)).rounded()))
    }

    private func schedule(after ticks: Int, _ action: @escaping () -> Void) {
        scheduled.append((tick + ticks, action))
        wakeClock()
    }

    private func runTimers() {
        let due = scheduled.filter { $0.tick <= tick }
        scheduled.removeAll { $0.tick <= tick }
        due.forEach { $0.action() }
        for call in calls where (call.disconnectTick ?? Int.max) <= tick {
            calls.removeAll { $0 === call }
            disconnectSurvivor(of: call)
        }
        let ringTicks = ticks(options.ringInterval)
        for call in calls where call.state == .ringing {
            let elapsed = tick - call.setupTick
            if elapsed >= ticks(options.noAnswerTimeout) {
                call.caller.post(.callFailed(.noAnswer))
                end(call, endedBy: "exchange")
            } else if elapsed % ringTicks == 0 {
                ring(call)
            }
        }
    }

    private func ring(_ call: ExchangeCall) {
        call.rings += 1
        call.callee.post(.ring(count: call.rings))
        if case .voice(let rings, let seconds) = call.callee.profile.answering, call.rings >= rings {
            var voice = SpeechLikeAudio(seed: UInt64(call.id))
            let callerLine = call.caller
            let callerLink = LockstepAudioLink(notify: { callerLine.audioArrived() })
            connect(call, callerEndpoint: callerLink, calleeEndpoint: GeneratedAudioEndpoint { voice.fill(&$0) })
            callerLine.post(.answered(callerLink))
            schedule(after: ticks(seconds)) { [self] in
                if calls.contains(where: { $0 === call }) { end(call, endedBy: call.callee.number) }
            }
        }
    }

    private func connect(_ call: ExchangeCall, callerEndpoint: CallAudioEndpoint, calleeEndpoint: CallAudioEndpoint) {
        call.state = .connected
        call.answerTick = tick
        call.callerEndpoint = callerEndpoint
        call.calleeEndpoint = calleeEndpoint
    }

    private func end(_ call: ExchangeCall, endedBy: String) {
        guard let index = calls.firstIndex(where: { $0 === call }) else { return }
        if call.hungUpParty != nil {
            // The other party hangs up (or the exchange ends it) before the first hang-up reached it.
            calls.remove(at: index)
            disconnectSurvivor(of: call, tellIt: endedBy == "exchange")
            return
        }
        let party = [call.caller, call.callee].first { $0.number == endedBy }
        if call.state == .connected, let party, options.hangUpDelay > 0 {
            // One party hung up: it leaves at once, the other hears it a moment later.
            call.hungUpParty = party
            call.endpoint(of: party)?.close()
            call.disconnectTick = tick + ticks(options.hangUpDelay)
            writeRecord(of: call, endedBy: endedBy)
            return
        }
        calls.remove(at: index)
        call.callerEndpoint?.close()
        call.calleeEndpoint?.close()
        if call.state == .connected {
            if endedBy != call.caller.number { call.caller.post(.hungUp) }
            if endedBy != call.callee.number { call.callee.post(.hungUp) }
        } else {
            call.callee.post(.hungUp)  // stop ringing
        }
        writeRecord(of: call, endedBy: endedBy)
    }

    private func disconnectSurvivor(of call: ExchangeCall, tellIt: Bool = true) {
        let survivor = call.hungUpParty === call.caller ? call.callee : call.caller
        call.endpoint(of: survivor)?.close()
        if tellIt { survivor.post(.hungUp) }
    }

    private func writeRecord(of call: ExchangeCall, endedBy: String) {
        let outcome: String
        if call.state == .connected {
            outcome = "answered"
        } else {
            outcome = endedBy == call.caller.number ? "abandoned" : "no-answer"
        }
        finishRecord(
            id: call.id, from: call.caller.number, to: call.callee.number, startedAt: call.startedAt,
            outcome: outcome, samples: call.samples, ringTicks: (call.answerTick ?? tick) - call.setupTick,
            endedBy: endedBy, underruns: call.underruns
        )
    }

    private func finishRecord(id: Int, from: String, to: String, startedAt: Date, outcome: String, samples: Int, ringTicks: Int, endedBy: String, underruns: Int) {
        let record = CallRecord(
            call: id, from: from, to: to,
            startedAt: ISO8601DateFormatter().string(from: startedAt),
            outcome: outcome,
            durationSeconds: Double(samples) / 8000, samples: samples,
            ringSeconds: Double(ringTicks * Self.blockSamples) / 8000,
            endedBy: endedBy, underruns: underruns
        )
        records.append(record)
        callLog.write(record)
    }
}
