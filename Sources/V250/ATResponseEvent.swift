// ATResponseEvent: what the response parser makes of each line the modem sends.

/// A line-level event from `ATResponseParser`.
public enum ATResponseEvent: Sendable, Hashable {
    /// The modem echoed the command line (ATE1). Not part of the response.
    case echo(String)
    /// Information text belonging to the pending command (`+FCLASS: 0,1`, `24,48,72`, ATI text).
    case information(String)
    /// A final result code: the command (or data stream) is finished.
    case final(ATResultCode)
    /// A line the modem sent on its own (RING, caller ID, NO CARRIER while idle, other text while idle).
    case unsolicited(ATUnsolicitedCode)
    /// An over-long line (its first bytes) or a line of nothing but control bytes.
    case garbage([UInt8])
}

/// An unsolicited result code or line.
public enum ATUnsolicitedCode: Sendable, Hashable {
    /// `RING` (numeric 2).
    case ring
    /// `NO CARRIER` while no command was pending: the connection dropped.
    case noCarrier
    /// A caller-ID line.
    case callerID(CallerIDField)
    /// Any other line received while no command was pending.
    case other(String)
}
