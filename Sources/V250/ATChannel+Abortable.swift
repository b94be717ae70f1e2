// ATChannel+Abortable: commands the DTE may abort while they run (V.250 5.6.1: D dial and A
// answer end when any character arrives from the DTE). The result is awaited in short slices;
// when the host changes its mind, an abort line is sent and the result that follows is returned.

import SerialPort

extension ATChannel {
    /// How an abortable command ended.
    public struct AbortableResult: Sendable {
        /// The final result code: the command's own, or the one that answered the abort
        /// (`NO CARRIER` from a modem that aborted a dial, `OK` from one that ran `ATH0`).
        public var result: ATResult
        /// Whether the abort line was sent before the final result arrived.
        public var aborted: Bool
    }

    /// Sends `command` and waits up to `timeout` for its final result, asking `shouldAbort`
    /// every `slice`. When it answers true, `abortLine` goes to the modem: its first character
    /// aborts the command on a V.250 modem, and the whole line hangs up one (such as spandsp's
    /// T.31) that keeps dialling; the final result that follows is awaited for `abortTimeout`.
    /// A result that races the abort (CONNECT) is returned as it is, with `aborted` true.
    public func sendAbortable(
        _ command: String, timeout: Duration, slice: Duration = .milliseconds(100),
        abortLine: String = "ATH0", abortTimeout: Duration = .seconds(5), shouldAbort: () -> Bool
    ) throws(ATChannelError) -> AbortableResult {
        let line = try Self.commandLine(command)
        let abort = try Self.commandLine(abortLine)
        guard !isInDataMode else { throw .inDataMode }
        var deadline = Deadline.after(timeout)
        try discardStaleInput()
        parser.commandSent(line)
        trace(.command(line))
        try writeLine(line, deadline: deadline)
        var info: [String] = []
        var aborted = false
        while true {
            let event: ATResponseEvent
            do {
                event = try nextEvent(deadline: aborted ? deadline : min(deadline, .after(slice)))
            } catch .timeout where !deadline.hasPassed {
                if !aborted, shouldAbort() {
                    aborted = true
                    trace(.command(abort))
                    deadline = .after(abortTimeout)
                    try writeLine(abort, deadline: deadline)
                }
                continue
            } catch {
                parser.cancelPending()
                throw failure(error, waitingFor: line)
            }
            if let result = handleResponse(event, info: &info) { return AbortableResult(result: result, aborted: aborted) }
        }
    }
}
