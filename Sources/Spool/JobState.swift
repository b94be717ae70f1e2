// JobState: where a fax job is in its life. The raw values are what the database and the API use.

public enum JobDirection: String, Sendable, Hashable, Codable, CaseIterable {
    case outbound
    case inbound
}

public enum JobState: String, Sendable, Hashable, Codable, CaseIterable {
    // Outbound, waiting.
    /// Due now: the next free modem may take it.
    case queued
    /// Waiting for a send time in the future (a scheduled send, or a resumed job whose retry time has not come).
    case scheduled
    /// Paused by a person; only before an attempt starts.
    case held
    /// Waiting for the next automatic attempt after a failed one.
    case retryWait = "retry_wait"
    // Outbound, on a call.
    /// A modem owns the job and is dialing.
    case dialing
    /// The call connected; pages are going out.
    case sending
    // Outbound, finished.
    case sent
    /// Some pages were confirmed by the far end, not all, and no attempts are left.
    case partial
    case failed
    case cancelled
    // Inbound.
    case receiving
    case received

    public var direction: JobDirection {
        switch self {
        case .receiving, .received: .inbound
        default: .outbound
        }
    }

    /// Waiting for a modem: a claim may take it once it is due.
    public var isWaiting: Bool { self == .queued || self == .scheduled || self == .retryWait }

    /// A modem owns the job: a call is being made or received.
    public var isInCall: Bool { self == .dialing || self == .sending || self == .receiving }

    /// Nothing more will happen unless a person retries it.
    public var isFinished: Bool {
        switch self {
        case .sent, .partial, .failed, .cancelled, .received: true
        default: false
        }
    }

    static func sqlList(_ states: [JobState]) -> String {
        states.map { "'\($0.rawValue)'" }.joined(separator: ",")
    }
}
