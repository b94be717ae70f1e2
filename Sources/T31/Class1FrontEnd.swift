// Class1FrontEnd: the T.30 session over a real (or virtual) Class 1 fax modem on a serial line —
// FaxSession's second front end beside the soft modem. It opens and resets the modem, dials or
// waits for N rings (keeping the caller ID) and answers, then runs a Class1Call on the calling
// thread and turns modem-level failures into FaxCompletions.
//
// What it can tell about the far end (documented honestly):
//   BUSY / NO ANSWER / NO DIALTONE → .busy / .noAnswer / .noDialtone.
//   NO CARRIER to ATD soon after dialling → .noCarrier (unassigned number, line fault, no fax).
//   NO CARRIER to ATD after `voiceAnswerThreshold` → .answeredByVoice: a Class 1 modem reports
//     CONNECT only once it hears V.21 flags, so a long wait that ends without them means
//     something answered that is not a fax (or the modem gave up while it was still ringing —
//     the two cannot be told apart over Class 1; modems that report NO ANSWER separate them).
//   CONNECT followed by no valid V.21 frame at all before T.30 gives up → .answeredByVoice.

import FaxOutcome
import SerialPort
import T30
import V250

public final class Class1FrontEnd: FaxFrontEnd {
    public let devicePath: String?
    public let lockDirectory: String?
    public private(set) var modem: Class1Modem?
    /// Answer after this many RINGs.
    public var answerAfterRings = 1
    /// How long `connect(.answer)` waits for a call.
    public var answerTimeout: Duration = .seconds(24 * 3600)
    /// How long ATD may take to produce a result.
    public var dialTimeout: Duration = .seconds(120)
    /// A NO CARRIER to ATD later than this (seconds) counts as answered by a non-fax.
    public var voiceAnswerThreshold = 5.0
    /// A call the owner already saw ringing (`Class1Modem.waitForCall`): `connect(.answer)`
    /// answers it at once, without resetting the modem or waiting for more rings.
    public var ringingCall: IncomingCall?
    public var cancellation: FaxCancellation?
    /// Caller ID of the answered call (empty if the line sent none).
    public private(set) var callerID: CallerID?
    /// The modem's identity and the quirks entry it matched (after `connect`).
    public private(set) var identity: ModemIdentity?
    public private(set) var quirks: ModemQuirks?

    private let trace = Class1TraceBuffer()
    private var origin = ContinuousClock.now
    private var connectedAt = ContinuousClock.now
    private var ownsModem: Bool

    /// A front end that opens `devicePath` itself when the call begins and closes it after.
    public init(devicePath: String, lockDirectory: String? = "/var/lock") {
        self.devicePath = devicePath
        self.lockDirectory = lockDirectory
        self.ownsModem = true
    }

    /// A front end over an already open modem (left open at the end).
    public init(modem: Class1Modem) {
        self.devicePath = nil
        self.lockDirectory = nil
        self.modem = modem
        self.ownsModem = false
    }

    /// Every AT trace entry of the call so far (commands, results, data), with timestamps.
    public var traceEntries: [ATTraceEntry] { trace.all }

    public func connect(_ setup: FaxCallSetup) -> FaxCompletion? {
        origin = .now
        let modem: Class1Modem
        if let existing = self.modem {
            modem = existing
        } else {
            do {
                modem = try Class1Modem.open(path: devicePath ?? "", lockDirectory: lockDirectory)
            } catch {
                return FaxCompletion(code: FaxCompletion.modemUnavailable.code, description: "\(FaxCompletion.modemUnavailable.description): \(error)")
            }
            self.modem = modem
        }
        modem.channel.traceHandler = { [trace] in trace.record($0) }
        do {
            if let ringing = ringingCall, case .answer = setup {
                ringingCall = nil
                return try answer(modem, ringing: ringing)
            }
            try modem.reset()
            identity = modem.identity
            quirks = modem.quirks
            switch setup {
            case .dial(let number):
                return try dial(modem, number)
            case .answer:
                return try answer(modem)
            }
        } catch {
            switch error {
            case .notClass1: return .modemUnavailable
            case .invalidCommand: return FaxCompletion(code: FaxCompletion.unassignedNumber.code, description: "\(error)")
            default: return .modemNotResponding
            }
        }
    }

    private func dial(_ modem: Class1Modem, _ number: String) throws(Class1Error) -> FaxCompletion? {
        switch try modem.dial(number, timeout: dialTimeout, abandonWhen: { cancellation?.isCancelled == true }) {
        case .connected:
            connectedAt = .now
            return nil
        case .busy: return .busy
        case .noAnswer: return .noAnswer
        case .noDialtone: return .noDialtone
        case .noCarrier(let seconds): return seconds >= voiceAnswerThreshold ? .answeredByVoice : .noCarrier
        case .error: return .noCarrier
        case .abandoned: return .cancelled
        }
    }

    private func answer(_ modem: Class1Modem, ringing: IncomingCall? = nil) throws(Class1Error) -> FaxCompletion? {
        let waited: IncomingCall?
        if let ringing { waited = ringing } else { waited = try modem.waitForCall(rings: answerAfterRings, timeout: answerTimeout) }
        guard let call = waited else {
            return .cancelled  // no call came within answerTimeout
        }
        callerID = call.callerID
        let result = try modem.answer()
        guard case .connect = result else { return .noCarrier }
        connectedAt = .now
        return nil
    }

    public func run(
        direction: FaxDirection, calling: Bool, options: FaxSessionOptions,
        onEvent: @escaping (FaxSessionEvent) -> Void
    ) -> FaxSessionResult {
        guard let modem else { return FaxSessionResult(completion: .modemUnavailable) }
        let call: Class1Call
        do {
            call = try Class1Call(
                modem: modem, trace: trace, direction: direction, calling: calling, options: options,
                origin: origin, connectedAt: connectedAt
            )
        } catch {
            return FaxSessionResult(completion: FaxCompletion(code: 5300, description: "\(error)"))
        }
        call.engine.onEvent = onEvent
        call.cancellation = cancellation
        if let callerID, !callerID.isEmpty {
            call.engine.note("caller ID: number \(callerID.number ?? "-") name \(callerID.name ?? "-")")
        }
        call.run()
        var completion: FaxCompletion?
        let succeeded = call.engine.isFinished && call.engine.t30Status == 0
        switch call.outcome {
        case .modemFailure: completion = .modemNotResponding
        case .deadlineExceeded: completion = .callDeadlineExceeded
        case .cancelled: completion = .cancelled
        case .lineDropped where call.engine.t30Status == nil: completion = .noCarrier
        default: break
        }
        if !succeeded, completion == nil, calling, !call.sawV21Frame {
            completion = .answeredByVoice
        }
        return call.engine.result(completion: completion, lineSeconds: call.lineSeconds)
    }

    public func setupLog() -> [SessionLogEntry] {
        trace.drain().compactMap { entry in
            if case .dataSent = entry.event { return nil }
            let (s, a) = (entry.time - origin).components
            return SessionLogEntry(time: Double(s) + Double(a) / 1e18, direction: entry.sessionLogDirection, text: "AT \(entry)")
        }
    }

    public func hangUp() {
        guard let modem else { return }
        modem.hangUp()
        if ownsModem {
            modem.close()
            self.modem = nil
        }
    }
}

extension Class1FrontEnd {
    /// Host response latencies of the call: from each OK or CONNECT the modem sent to the next
    /// command we sent, while connected (the answer to ATD/ATA up to hang-up). After NO CARRIER,
    /// ERROR or +FCERROR the host backs off on purpose, so those are not counted.
    /// Gaps longer than `limit` are left out: there the host was deliberately waiting.
    public func hostResponseLatencies(limit: Duration = .seconds(2)) -> [Duration] {
        var latencies: [Duration] = []
        var lastResult: ContinuousClock.Instant?
        var connected = false
        for entry in traceEntries {
            switch entry.event {
            case .result(let code):
                switch code {
                case .ok, .connect: lastResult = entry.time
                default: lastResult = nil
                }
            case .command(let line):
                if line.uppercased().hasPrefix("ATH") { connected = false }
                if connected, let last = lastResult, entry.time - last <= limit {
                    latencies.append(entry.time - last)
                }
                if line.uppercased().hasPrefix("ATD") || line.uppercased() == "ATA" { connected = true }
                lastResult = nil
            default:
                break
            }
        }
        return latencies
    }
}
