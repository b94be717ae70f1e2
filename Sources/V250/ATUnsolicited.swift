// ATUnsolicited: what an ATChannel reports from the modem between commands — rings with
// their caller ID, dropped connections, stray text.

/// An unsolicited event seen by an `ATChannel`.
public enum ATUnsolicited: Sendable, Hashable {
    /// `RING`, with the caller-ID lines received since the previous RING (empty if none).
    /// In North America the caller ID comes between the first and second ring, so it arrives
    /// with the second `.ring`.
    case ring(CallerID)
    /// `NO CARRIER` while no command was pending.
    case noCarrier
    /// Any other line received while idle.
    case other(String)
}
