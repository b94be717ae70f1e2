// ATChannel+Stream: a data stream read piece by piece while the host keeps its own pace — V.253
// voice audio (+VRX, +VTR), where the modem sends samples continuously with DLE-shielded events
// (busy, silence, DTMF, hang-up) among them and the stream ends only when someone ends it.

import SerialPort

/// What one read of a stream produced.
public struct ATStreamRead: Sendable, Hashable {
    /// Data bytes, unstuffed.
    public var data: [UInt8] = []
    /// The codes of the other `<DLE>x` pairs met (V.253 events: `b` busy, `h`/`l` hang-up, DTMF…).
    public var events: [UInt8] = []
    /// `<DLE><ETX>` came: the stream is over; collect the final result with `poll(until:)`.
    public var ended = false

    public init() {}
}

extension ATChannel {
    /// Reads whatever of the stream arrives before `deadline` (at least one read's worth if any
    /// comes), decoding it with `decoder`, which keeps a DLE split across reads. Requires data
    /// mode (a preceding CONNECT). Returns an empty read at the deadline.
    public func readStream(_ decoder: inout DLEDecoder, until deadline: Deadline) throws(ATChannelError) -> ATStreamRead {
        guard isInDataMode else { throw .notInDataMode }
        var read = ATStreamRead()
        if inputIndex >= input.count {
            do {
                try fillInput(deadline: deadline)
            } catch .timeout {
                return read
            } catch {
                throw .transport(error)
            }
        }
        if lineFeedMayFollowConnect {
            lineFeedMayFollowConnect = false
            if inputIndex < input.count, input[inputIndex] == V250Control.lf { inputIndex += 1 }
        }
        let output = decoder.decode(input[inputIndex...])
        input = output.remainder
        inputIndex = 0
        read.data = output.data
        read.events = output.unknownEscapes
        if output.endOfData {
            read.ended = true
            trace(.dataReceived(byteCount: read.data.count))
            isInDataMode = false
            parser.expectFinalResult()
        }
        return read
    }

    /// Writes DLE-shielded codes in a stream (V.253: `<DLE>^` ends duplex, `<DLE>!` aborts a receive).
    public func writeShielded(_ code: UInt8, timeout: Duration) throws(ATChannelError) {
        trace(.command("<DLE>\(Character(UnicodeScalar(code)))"))
        do {
            try transport.write([V250Control.dle, code], deadline: .after(timeout))
        } catch {
            throw failure(error, waitingFor: "<data>")
        }
    }

    /// After a stream the host ended itself: back to command state, the final result awaited.
    public func leaveDataMode() {
        isInDataMode = false
        lineFeedMayFollowConnect = false
        parser.expectFinalResult()
    }
}
