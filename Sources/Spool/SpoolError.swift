// SpoolError: every way a spool operation can be refused or fail, as one typed error.

public enum SpoolError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No job with this id.
    case notFound(JobID)
    /// The job's state does not allow this transition.
    case invalidTransition(from: JobState, by: JobTransition)
    /// The idempotency key was already used for a different fax (another destination or document).
    case duplicateIdempotencyKey(String, existing: JobID)
    /// A stored number that is not E.164 (a job from an old spool): `E164Number` checks new ones.
    case invalidNumber(String)
    /// A submission or call whose values make no sense (the text says which).
    case invalidRequest(String)
    /// The job has no attempt in progress (start/end of a call out of order).
    case noAttemptInProgress(JobID)
    /// The modem already has an attempt in progress.
    case modemBusy(String)
    /// The operation is not allowed while the job is on a call.
    case jobInCall(JobID)
    /// Another Spool (in this or another process) already owns this spool: its lock file is held.
    case alreadyOwned(String)
    /// No webhook endpoint with this id.
    case webhookNotFound(String)
    /// No faxbox with this id.
    case faxboxNotFound(String)
    /// No uploaded file with this id.
    case fileNotFound(String)
    /// SQLite or the file system failed; the text is the underlying error.
    case storage(String)

    public var description: String {
        switch self {
        case .notFound(let id): "No fax job \(id)"
        case .invalidTransition(let from, let by): "A job that is \(from.rawValue) cannot \(by.verb)"
        case .duplicateIdempotencyKey(let key, let existing): "Idempotency key \"\(key)\" was already used for another fax (job \(existing))"
        case .invalidNumber(let number): "\"\(number)\" is not an E.164 number"
        case .invalidRequest(let text): "Invalid request: \(text)"
        case .noAttemptInProgress(let id): "Job \(id) has no attempt in progress"
        case .modemBusy(let modem): "Modem \(modem) already has a call in progress"
        case .jobInCall(let id): "Job \(id) is on a call"
        case .alreadyOwned(let lock): "Another process owns this spool (\(lock) is locked)"
        case .webhookNotFound(let id): "No webhook endpoint \(id)"
        case .faxboxNotFound(let id): "No faxbox \(id)"
        case .fileNotFound(let id): "No file \(id)"
        case .storage(let text): "Spool storage error: \(text)"
        }
    }
}
