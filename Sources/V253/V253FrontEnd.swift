// V253FrontEnd: a fax over a voice modem — the soft modem (spandsp's V.21/V.27ter/V.29/V.17 and
// T.30, ECM and MMR included, all on the host) over the modem's audio line. FaxSession runs over
// it as over the Class 1 and Class 2 drivers; the session log gets the modem's AT trace and how
// the audio fared (the format, late blocks, dropped samples, the events the modem reported).

import FaxOutcome
import T30
import V250

public final class V253FrontEnd: FaxFrontEnd {
    public let line: V253AudioLine
    private let soft: SoftModemFrontEnd
    private let trace = ATTraceRecorder()

    public var cancellation: FaxCancellation? {
        didSet {
            soft.cancellation = cancellation
            let cancellation = cancellation
            line.shouldAbandon = { cancellation?.isCancelled == true }
        }
    }

    public init(modem: V253Modem) {
        line = V253AudioLine(modem: modem)
        soft = SoftModemFrontEnd(port: line)
        trace.attach(to: modem.channel)
    }

    public func connect(_ setup: FaxCallSetup) -> FaxCompletion? {
        soft.connect(setup)
    }

    public func run(direction: FaxDirection, calling: Bool, options: FaxSessionOptions,
                    onEvent: @escaping (FaxSessionEvent) -> Void) -> FaxSessionResult {
        var result = soft.run(direction: direction, calling: calling, options: options, onEvent: onEvent)
        // The modem's AT trace (times since the call began, wall clock) and then T.30's own log
        // (line time): two clocks, so two blocks, not interleaved.
        let end = result.sessionLog.last?.time ?? 0
        result.sessionLog = [SessionLogEntry(time: 0, direction: .note, text: "the voice modem's AT trace (wall-clock seconds):")] + setupLog()
            + [SessionLogEntry(time: 0, direction: .note, text: "T.30 over the soft modem (line seconds):")] + result.sessionLog
            + [SessionLogEntry(time: end, direction: .note, text: audioSummary)]
        return result
    }

    public func hangUp() { soft.hangUp() }

    public func setupLog() -> [SessionLogEntry] { trace.sessionLog() }

    /// How the audio fared, for the session log.
    public var audioSummary: String {
        let events = line.events.isEmpty ? "none" : line.events.map { "\($0)" }.joined(separator: ", ")
        return "voice modem audio: \(line.modem.format.coding.rawValue) (+VSM method \(line.modem.format.method) \"\(line.modem.format.name)\"), "
            + "\(line.underruns) late block(s) played as silence, \(line.overrunSamples) sample(s) dropped, events: \(events)"
    }
}
