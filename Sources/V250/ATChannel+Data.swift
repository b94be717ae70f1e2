// ATChannel+Data: V.250/T.31 data mode — after CONNECT, DLE-framed data out (+FTM/+FTH) and
// in (+FRM/+FRH), the result code that follows <DLE><ETX>, and abort with CAN.

import SerialPort

extension ATChannel {
    /// Sends `data` as one complete stream: DLE-stuffed, then `<DLE><ETX>`; then waits for the
    /// result (`OK`; `CONNECT` when the modem is ready for the next HDLC frame; `ERROR`).
    /// Requires data mode (a preceding `CONNECT`).
    public func sendData(_ data: [UInt8], timeout: Duration) throws(ATChannelError) -> ATResult {
        let deadline = Deadline.after(timeout)
        try writeData(data, deadline: deadline)
        return try finishData(deadline: deadline)
    }

    /// Sends part of a stream (DLE-stuffed, no terminator) — for streaming page data.
    public func writeData(_ data: [UInt8], timeout: Duration) throws(ATChannelError) {
        try writeData(data, deadline: .after(timeout))
    }

    /// Ends a stream begun with `writeData`: sends `<DLE><ETX>` and waits for the result.
    public func finishData(timeout: Duration) throws(ATChannelError) -> ATResult {
        try finishData(deadline: .after(timeout))
    }

    /// Ends a stream begun with `writeData` with a DLE-shielded code other than ETX — T.32's
    /// `<DLE>,` (another page follows), `<DLE>;` (another document), `<DLE>.` (the last page) —
    /// and waits for the final result, with the information lines before it (`+FPS`, `+FHS`).
    public func finishData(code: UInt8, timeout: Duration) throws(ATChannelError) -> ATResult {
        let deadline = Deadline.after(timeout)
        guard isInDataMode else { throw .notInDataMode }
        do {
            try transport.write([V250Control.dle, code], deadline: deadline)
        } catch {
            throw failure(error, waitingFor: "<data>")
        }
        isInDataMode = false
        lineFeedMayFollowConnect = false
        parser.expectFinalResult()
        return try awaitFinalResult(deadline: deadline, label: "<data>")
    }

    /// Receives a data stream: delivers unstuffed data to `onChunk` as it arrives, until
    /// `<DLE><ETX>`; then returns the result code that follows (`OK`, `ERROR` for a bad HDLC
    /// frame, `NO CARRIER`). Requires data mode (a preceding `CONNECT`).
    /// - Throws: `.timeout(command: "<data>")` if the stream or its result does not end in time;
    ///   the channel then stays in data mode — call `abortReceive`.
    public func receiveData(timeout: Duration, onChunk: ([UInt8]) -> Void) throws(ATChannelError) -> ATResult {
        // The watchdog form with no separate idle limit: the whole stream has `timeout`.
        try receiveData(deadline: .after(timeout), idleTimeout: timeout, slice: timeout, onChunk: onChunk)
    }

    /// Aborts a pending `+FRH`/`+FRM` (before or after its `CONNECT`) by sending CAN, and waits
    /// for the modem's `OK`, discarding any data still arriving. Returns the final result.
    public func abortReceive(timeout: Duration) throws(ATChannelError) -> ATResult {
        let deadline = Deadline.after(timeout)
        // Data and the result after it are read as plain lines: the stream's bytes become
        // junk lines, and the control bytes of <DLE><ETX> are dropped by the line parser.
        isInDataMode = false
        lineFeedMayFollowConnect = false
        _ = parser.discardPartialLine()
        parser.expectFinalResult()
        trace(.command("<CAN>"))
        do {
            try transport.write([V250Control.can], deadline: deadline)
        } catch {
            parser.cancelPending()
            throw failure(error, waitingFor: "<CAN>")
        }
        while true {
            let event: ATResponseEvent
            do {
                event = try nextEvent(deadline: deadline)
            } catch {
                parser.cancelPending()
                throw failure(error, waitingFor: "<CAN>")
            }
            switch event {
            case .final(.connect(let text)):
                // The modem connected just before the CAN arrived; keep waiting for the end.
                trace(.discarded(ATResultCode.connect(text).description))
                parser.expectFinalResult()
            case .final(let code):
                trace(.result(code))
                return ATResult(code)
            case .unsolicited(let code):
                handleUnsolicited(code)
            case .information, .echo, .garbage:
                continue  // the aborted stream's data
            }
        }
    }

    func writeData(_ data: [UInt8], deadline: Deadline) throws(ATChannelError) {
        guard isInDataMode else { throw .notInDataMode }
        trace(.dataSent(byteCount: data.count))
        do {
            try transport.write(DLEEncoder.stuff(data), deadline: deadline)
        } catch {
            throw failure(error, waitingFor: "<data>")
        }
    }

    func finishData(deadline: Deadline) throws(ATChannelError) -> ATResult {
        try endData(deadline: deadline)
        return try awaitFinalResult(deadline: deadline, label: "<data>")
    }

    /// Ends a stream begun with `writeData` with `<DLE><ETX>` and returns at once; the modem
    /// answers (`OK`) once it has sent everything queued: collect that with `poll(until:)`.
    public func endData(timeout: Duration) throws(ATChannelError) {
        try endData(deadline: .after(timeout))
    }

    func endData(deadline: Deadline) throws(ATChannelError) {
        guard isInDataMode else { throw .notInDataMode }
        do {
            try transport.write(DLEEncoder.endOfData, deadline: deadline)
        } catch {
            throw failure(error, waitingFor: "<data>")
        }
        isInDataMode = false
        lineFeedMayFollowConnect = false
        parser.expectFinalResult()
    }

    /// Like `finishData(code:timeout:)`, but returns once the code is written; the modem's final
    /// result is collected with `poll(until:)` (so the host can watch for a cancel meanwhile).
    public func endData(code: UInt8, timeout: Duration) throws(ATChannelError) {
        guard isInDataMode else { throw .notInDataMode }
        do {
            try transport.write([V250Control.dle, code], deadline: .after(timeout))
        } catch {
            throw failure(error, waitingFor: "<data>")
        }
        isInDataMode = false
        lineFeedMayFollowConnect = false
        parser.expectFinalResult()
    }

    /// Bytes written to the modem and still in the driver's queue (0 where it cannot tell).
    public var outputQueued: Int { (try? transport.outputQueued()) ?? 0 }

    /// Abandons a data stream (cancel, deadline): drops what was written but not yet sent, sends
    /// `<DLE><ETX>` — again if the stream was ended already, since the dropped output may have
    /// held it; a modem back in command mode ignores it — and waits for the modem's final result.
    /// Bytes the modem had already taken are still sent by it before it answers.
    public func abandonData(timeout: Duration) throws(ATChannelError) -> ATResult {
        let deadline = Deadline.after(timeout)
        trace(.discarded("<unsent output>"))
        try? transport.discardOutput()
        do {
            try transport.write(DLEEncoder.endOfData, deadline: deadline)
        } catch {
            throw failure(error, waitingFor: "<data>")
        }
        if isInDataMode {
            isInDataMode = false
            lineFeedMayFollowConnect = false
            parser.expectFinalResult()
        }
        return try awaitFinalResult(deadline: deadline, label: "<data>")
    }
}
