// ATChannel+Pending: commands whose result may take long (T.31 +FRH/+FRM wait for a carrier)
// sent without blocking until the result, so the host can keep its protocol timers running,
// poll in short slices and abort with CAN when it changes its mind; and data reception with
// an idle watchdog.

import SerialPort

extension ATChannel {
    /// Sends a command line and returns at once; collect its result with `poll(until:)`.
    public func begin(_ command: String) throws(ATChannelError) {
        let line = try Self.commandLine(command)
        guard !isInDataMode else { throw .inDataMode }
        _ = parser.discardPartialLine()
        parser.cancelPending()
        parser.commandSent(line)
        trace(.command(line))
        try writeLine(line, deadline: .after(.seconds(2)))
    }

    /// Whether a final result is still due: a command sent with `begin`, or a stream ended with
    /// `<DLE><ETX>` that the modem is still sending. A command line written now would be taken
    /// as data by a modem still transmitting.
    public var isResultPending: Bool { parser.isResultPending }

    /// Waits until `deadline` for the final result of the command sent with `begin`.
    /// Returns nil if none has arrived yet; the command stays pending (poll again or `abortReceive`).
    public func poll(until deadline: Deadline) throws(ATChannelError) -> ATResult? {
        var info: [String] = []
        while true {
            let event: ATResponseEvent
            do {
                event = try nextEvent(deadline: deadline)
            } catch .timeout {
                return nil
            } catch {
                parser.cancelPending()
                throw .transport(error)
            }
            if let result = handleResponse(event, info: &info) { return result }
        }
    }

    /// Like `receiveData(timeout:onChunk:)`, but also gives up when nothing at all arrives for
    /// `idleTimeout` (a modem that went silent mid-stream), and calls `onIdle` whenever a read
    /// slice of `slice` passes without data (for the host's timers).
    public func receiveData(
        deadline: Deadline, idleTimeout: Duration, slice: Duration = .milliseconds(10),
        onIdle: () -> Void = {}, onChunk: ([UInt8]) -> Void
    ) throws(ATChannelError) -> ATResult {
        guard isInDataMode else { throw .notInDataMode }
        var decoder = DLEDecoder()
        var received = 0
        var lastData = ContinuousClock.now
        while true {
            if inputIndex >= input.count {
                let sliceEnd = min(deadline, Deadline.after(slice))
                do {
                    try fillInput(deadline: sliceEnd)
                } catch .timeout {
                    if deadline.hasPassed || ContinuousClock.now - lastData > idleTimeout {
                        trace(.timeout("<data>"))
                        throw .timeout(command: "<data>")
                    }
                    onIdle()
                    continue
                } catch {
                    throw .transport(error)
                }
                lastData = .now
            }
            if lineFeedMayFollowConnect {
                lineFeedMayFollowConnect = false
                if input[inputIndex] == V250Control.lf { inputIndex += 1 }
                if inputIndex >= input.count { continue }
            }
            let output = decoder.decode(input[inputIndex...])
            input = output.remainder
            inputIndex = 0
            if !output.unknownEscapes.isEmpty {
                trace(.garbage([V250Control.dle] + output.unknownEscapes))
            }
            if !output.data.isEmpty {
                received += output.data.count
                onChunk(output.data)
            }
            if output.endOfData {
                trace(.dataReceived(byteCount: received))
                isInDataMode = false
                parser.expectFinalResult()
                return try awaitFinalResult(deadline: min(deadline, .after(idleTimeout)), label: "<data>")
            }
        }
    }
}
