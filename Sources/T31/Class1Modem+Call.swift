// Class1Modem+Call: the call itself — dial and its result codes, waiting for rings with caller
// ID and answering, hang-up by DTR (where the port has the line and the quirks allow) or ATH0.

import SerialPort
import V250

/// How a dial attempt ended.
public enum Class1DialOutcome: Sendable, Hashable {
    /// CONNECT: V.21 flags heard; the modem is receiving HDLC (an implied `+FRH=3`).
    case connected
    case busy
    case noAnswer
    case noDialtone
    /// NO CARRIER, with the seconds the attempt took (a long attempt suggests the call was
    /// answered by something that is not a fax machine).
    case noCarrier(afterSeconds: Double)
    case error
    /// The host gave up while the call was being set up (a cancelled job); the modem was told
    /// to abort and is on hook.
    case abandoned
}

extension Class1Modem {
    /// Characters a dial string may contain (V.250 D command modifiers included).
    static let dialCharacters = Set("0123456789*#+ABCDabcdPpTtWw,!@;- ")

    /// `ATDT<number>` and its result. The caller's deadline bounds the whole attempt; while the
    /// call is being set up, `abandonWhen` is asked every 100 ms whether to abort the dial.
    public func dial(
        _ number: String, timeout: Duration = .seconds(120), abandonWhen: () -> Bool = { false }
    ) throws(Class1Error) -> Class1DialOutcome {
        guard !number.isEmpty, number.count <= 40, number.allSatisfy({ Self.dialCharacters.contains($0) }) else {
            throw .invalidCommand("ATD\(number)")
        }
        let start = ContinuousClock.now
        transmitting = false  // CONNECT after ATD is an implied +FRH=3
        let outcome: ATChannel.AbortableResult
        do {
            outcome = try channel.sendAbortable("ATDT\(number)", timeout: timeout, shouldAbort: abandonWhen)
        } catch {
            throw Class1Error(error)
        }
        switch outcome.result {
        case .connect: return .connected
        case _ where outcome.aborted: return .abandoned
        case .busy: return .busy
        case .noAnswer: return .noAnswer
        case .noDialtone: return .noDialtone
        case .noCarrier:
            let (s, a) = (ContinuousClock.now - start).components
            return .noCarrier(afterSeconds: Double(s) + Double(a) / 1e18)
        default: return .error
        }
    }

    /// Waits for `rings` RINGs (nil on timeout), keeping the caller ID seen with them.
    public func waitForCall(rings: Int, timeout: Duration) throws(Class1Error) -> IncomingCall? {
        do {
            return try channel.waitForCall(rings: rings, timeout: timeout)
        } catch {
            throw Class1Error(error)
        }
    }

    /// One watch of `ATChannel.watchForCall`: the call once it has rung enough, else nil.
    public func watchForCall(_ counter: inout RingCounter, timeout: Duration) throws(Class1Error) -> IncomingCall? {
        do {
            return try channel.watchForCall(&counter, timeout: timeout)
        } catch {
            throw Class1Error(error)
        }
    }

    /// `ATA`: answers; CONNECT means the modem is sending V.21 flags (an implied `+FTH=3`).
    public func answer(timeout: Duration = .seconds(30)) throws(Class1Error) -> ATResult {
        transmitting = true
        return try command("ATA", timeout: timeout)
    }

    /// Hangs up: leaves any data mode, drops DTR where possible, and always confirms with ATH0.
    /// Never throws: a modem that no longer answers is left as it is.
    public func hangUp() {
        if channel.isInDataMode && transmitting {
            // Between HDLC frames (the modem said CONNECT for the next) or mid-stream: CAN and
            // ATH0 would be sent as frame data. <DLE><ETX> ends the stream; the modem answers once
            // what it took is out.
            _ = try? channel.abandonData(timeout: .seconds(3))
        } else if channel.isInDataMode {
            _ = try? channel.abortReceive(timeout: .seconds(1))
        } else if channel.isResultPending {
            // Cancelled while the modem still sends an HDLC frame it was given (its OK comes once
            // the frame is out) or waits for a carrier: ATH0 written now would be sent as frame
            // data, and the line would stay off hook. Take the result first; abort a receive
            // that has none.
            if (try? channel.poll(until: .after(.seconds(2)))) ?? nil == nil {
                _ = try? channel.abortReceive(timeout: .seconds(1))
            }
        }
        if quirks.hangUpByDTR, let port {
            _ = try? port.hangUpByDTR()
        }
        _ = try? channel.send("ATH0", timeout: .seconds(5))
    }
}
