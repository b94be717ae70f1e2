// ATChannel: the V.250 command channel to a modem — send a command line, collect its
// information text and final result code within a deadline, and keep unsolicited lines
// (RING, caller ID) for later. Synchronous, for the modem's dedicated thread.
// Data mode (after CONNECT) is in ATChannel+Data.swift.

import SerialPort

/// Talks V.250 to a modem over an `ATTransport`.
///
/// Not thread-safe: create and use it on the one thread that drives the modem.
/// Works with echo on or off (ATE1/ATE0) and with verbose or numeric result codes.
public final class ATChannel {
    /// Called for every command, line, result and data transfer, with a monotonic timestamp.
    public typealias TraceHandler = @Sendable (ATTraceEntry) -> Void

    /// The byte pipe to the modem.
    public let transport: any ATTransport
    /// Receives trace entries; nil for no tracing.
    public var traceHandler: TraceHandler?
    /// Caller-ID lines older than this when a RING arrives belonged to an earlier call and are dropped.
    public var callerIDLifetime: Duration = .seconds(30)
    /// At most this many unsolicited events are queued; the oldest are dropped first.
    public let unsolicitedCapacity = 64
    /// At most this many information lines are kept for one command.
    public let informationCapacity = 1024

    /// Whether the modem is in data mode (after `CONNECT`, until `<DLE><ETX>` or abort).
    public internal(set) var isInDataMode = false

    var parser: ATResponseParser
    var input: [UInt8] = []
    var inputIndex = 0
    var unsolicited: [ATUnsolicited] = []
    var pendingCallerID = CallerID()
    var pendingCallerIDSince: ContinuousClock.Instant?
    /// Set when a verbose `CONNECT` line ended in CR: the LF of its CRLF may still be on its way
    /// and must not be taken for the first data byte.
    var lineFeedMayFollowConnect = false

    static let readChunkSize = 1024
    static let maximumCommandLength = 250

    public init(transport: any ATTransport, resultFormat: ATResultFormat = .verbose, traceHandler: TraceHandler? = nil) {
        self.transport = transport
        self.parser = ATResponseParser(resultFormat: resultFormat)
        self.traceHandler = traceHandler
    }

    /// Verbose (ATV1) or numeric (ATV0) result codes. Set it when you send ATV0/ATV1.
    public var resultFormat: ATResultFormat {
        get { parser.resultFormat }
        set { parser.resultFormat = newValue }
    }

    // MARK: Commands

    /// Sends a command line and waits for its final result code.
    ///
    /// `command` may include the `AT` prefix or not (`"+FCLASS=1"` is sent as `AT+FCLASS=1`).
    /// Information lines are collected into `.ok(info:)`; unsolicited lines seen meanwhile are
    /// queued for `takeUnsolicited()`; stale output that arrived before the command is dropped.
    /// A `CONNECT` result puts the channel in data mode.
    /// - Throws: `.timeout(command:)` if no final result arrives within `timeout`.
    public func send(_ command: String, timeout: Duration) throws(ATChannelError) -> ATResult {
        let line = try Self.commandLine(command)
        guard !isInDataMode else { throw .inDataMode }
        let deadline = Deadline.after(timeout)
        try discardStaleInput()
        parser.commandSent(line)
        trace(.command(line))
        try writeLine(line, deadline: deadline)
        return try awaitFinalResult(deadline: deadline, label: line)
    }

    // MARK: Unsolicited events

    /// Returns and clears the queued unsolicited events, oldest first.
    public func takeUnsolicited() -> [ATUnsolicited] {
        defer { unsolicited.removeAll() }
        return unsolicited
    }

    /// Waits for the next unsolicited event (typically a RING); returns a queued one at once.
    /// Returns nil if nothing arrives within `timeout`.
    public func waitForUnsolicited(timeout: Duration) throws(ATChannelError) -> ATUnsolicited? {
        guard !isInDataMode else { throw .inDataMode }
        let deadline = Deadline.after(timeout)
        while unsolicited.isEmpty {
            let event: ATResponseEvent
            do {
                event = try nextEvent(deadline: deadline)
            } catch .timeout {
                return nil
            } catch {
                throw .transport(error)
            }
            handleIdle(event)
        }
        return unsolicited.removeFirst()
    }

    // MARK: Internals shared with data mode

    /// Writes a command line and its CR; a failed write leaves no command pending.
    func writeLine(_ line: String, deadline: Deadline) throws(ATChannelError) {
        do {
            try transport.write(Array(line.utf8) + [V250Control.cr], deadline: deadline)
        } catch {
            parser.cancelPending()
            throw failure(error, waitingFor: line)
        }
    }

    /// Reads events until a final result code; collects information lines.
    func awaitFinalResult(deadline: Deadline, label: String) throws(ATChannelError) -> ATResult {
        var info: [String] = []
        while true {
            let event: ATResponseEvent
            do {
                event = try nextEvent(deadline: deadline)
            } catch {
                parser.cancelPending()
                throw failure(error, waitingFor: label)
            }
            if let result = handleResponse(event, info: &info) { return result }
        }
    }

    /// Takes one event of a command's response: the final result (returned; CONNECT enters data
    /// mode), an information line (collected into `info`), or echo, unsolicited lines, garbage.
    func handleResponse(_ event: ATResponseEvent, info: inout [String]) -> ATResult? {
        switch event {
        case .final(let code):
            trace(.result(code))
            if case .connect = code {
                isInDataMode = true
                lineFeedMayFollowConnect = parser.resultFormat == .verbose && input[inputIndex - 1] == V250Control.cr
            }
            return ATResult(code, info: info)
        case .information(let text):
            trace(.information(text))
            if info.count < informationCapacity { info.append(text) }
        case .echo(let text):
            trace(.echo(text))
        case .unsolicited(let code):
            handleUnsolicited(code)
        case .garbage(let bytes):
            trace(.garbage(bytes))
        }
        return nil
    }

    /// The next parser event, reading from the transport as needed.
    func nextEvent(deadline: Deadline) throws(SerialPortError) -> ATResponseEvent {
        while true {
            while inputIndex < input.count {
                let byte = input[inputIndex]
                inputIndex += 1
                if let event = parser.consume(byte) { return event }
            }
            try fillInput(deadline: deadline)
        }
    }

    /// Replaces the consumed input buffer with fresh bytes from the transport.
    func fillInput(deadline: Deadline) throws(SerialPortError) {
        input = try transport.read(maxCount: Self.readChunkSize, deadline: deadline)
        inputIndex = 0
    }

    /// Handles an event that arrived while no command was waiting for it.
    func handleIdle(_ event: ATResponseEvent) {
        switch event {
        case .unsolicited(let code): handleUnsolicited(code)
        case .final(let code): trace(.discarded(code.description))
        case .information(let text), .echo(let text): trace(.discarded(text))
        case .garbage(let bytes): trace(.garbage(bytes))
        }
    }

    func handleUnsolicited(_ code: ATUnsolicitedCode) {
        switch code {
        case .ring:
            trace(.unsolicited("RING"))
            var callerID = pendingCallerID
            if let since = pendingCallerIDSince, ContinuousClock.now - since > callerIDLifetime {
                callerID = CallerID()
            }
            pendingCallerID = CallerID()
            pendingCallerIDSince = nil
            enqueue(.ring(callerID))
        case .callerID(let field):
            trace(.unsolicited("\(field)"))
            if pendingCallerIDSince.map({ ContinuousClock.now - $0 > callerIDLifetime }) ?? true {
                pendingCallerID = CallerID()
                pendingCallerIDSince = .now
            }
            pendingCallerID.record(field)
        case .noCarrier:
            trace(.unsolicited("NO CARRIER"))
            enqueue(.noCarrier)
        case .other(let text):
            trace(.unsolicited(text))
            enqueue(.other(text))
        }
    }

    func trace(_ event: ATTraceEntry.Event) {
        traceHandler?(ATTraceEntry(event: event))
    }

    func failure(_ error: SerialPortError, waitingFor label: String) -> ATChannelError {
        if error == .timeout {
            trace(.timeout(label))
            return .timeout(command: label)
        }
        return .transport(error)
    }

    private func enqueue(_ event: ATUnsolicited) {
        if unsolicited.count >= unsolicitedCapacity { unsolicited.removeFirst() }
        unsolicited.append(event)
    }

    /// Processes whatever has already arrived (without waiting), so a late answer to an
    /// earlier, timed-out command cannot be taken for the answer to the next one.
    func discardStaleInput() throws(ATChannelError) {
        let partial = parser.discardPartialLine()
        if !partial.isEmpty { trace(.discarded(String(decoding: partial, as: UTF8.self))) }
        parser.cancelPending()
        for _ in 0..<64 {  // bounded, in case the modem never stops talking
            do {
                while inputIndex < input.count {
                    let byte = input[inputIndex]
                    inputIndex += 1
                    if let event = parser.consume(byte) { handleIdle(event) }
                }
                try fillInput(deadline: .now)
            } catch .timeout {
                break
            } catch {
                throw .transport(error)
            }
        }
        let rest = parser.discardPartialLine()
        if !rest.isEmpty { trace(.discarded(String(decoding: rest, as: UTF8.self))) }
    }

    /// Validates a command and adds the `AT` prefix if missing.
    static func commandLine(_ command: String) throws(ATChannelError) -> String {
        let bytes = Array(command.utf8)
        guard bytes.allSatisfy({ $0 >= 0x20 && $0 <= 0x7E }) else { throw .invalidCommand(command) }
        let line = command.uppercased().hasPrefix("AT") ? command : "AT" + command
        guard line.utf8.count <= maximumCommandLength else { throw .invalidCommand(command) }
        return line
    }
}
