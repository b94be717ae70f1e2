// JobTransition: the job state machine, as a pure function. Every state change in the spool goes
// through `JobState.applying(_:)`, and the spool records each one as an event.
//
//   queued/scheduled/retry_wait --dial--> dialing --connect--> sending --finish--> sent | partial | ...
//   dialing/sending --finish--> retry_wait | failed | partial | cancelled   (sent only once connected)
//   queued/scheduled/retry_wait <--hold/resume--> held               (only before an attempt starts)
//   any waiting or held state --cancel--> cancelled; --expire--> failed (kill time passed)
//   failed/partial --retry--> queued                                 (exactly one more attempt)
//   queued/scheduled --modify--> queued | scheduled; held, retry_wait --modify--> themselves
//   dialing --recover--> queued; sending --recover--> queued | sent  (after a restart)
//   receiving --receive--> received | failed; --recover--> received | failed

/// How an attempt (a call) ended, as decided by `AttemptDecision`.
public enum AttemptOutcome: String, Sendable, Hashable, Codable, CaseIterable {
    case sent, partial, failed, retry, cancelled
}

public enum JobTransition: Sendable, Hashable, CustomStringConvertible {
    /// A modem claimed the job and starts dialing.
    case dial
    /// The call connected (or the first page was confirmed).
    case connect
    /// The call ended.
    case finish(AttemptOutcome)
    case hold
    /// Resume a held job: to `queued` if it is due, `scheduled` if its time is still to come.
    case resume(due: Bool)
    /// A waiting job was changed (PATCH): a queued or scheduled one is queued if due, scheduled if
    /// not; a held or retry-waiting one stays as it is.
    case modify(due: Bool)
    case cancel
    /// Manual retry of a failed or partial job.
    case retry
    /// The kill time passed before the job could be sent.
    case expire
    /// The process died during the call. `delivered`: every page was confirmed (outbound), or at
    /// least one page arrived (inbound).
    case recover(delivered: Bool)
    /// An inbound call ended: `ok` when pages arrived.
    case receive(ok: Bool)

    public var description: String {
        switch self {
        case .dial: "dial"
        case .connect: "connect"
        case .finish(let outcome): "finish(\(outcome.rawValue))"
        case .hold: "hold"
        case .resume(let due): "resume(due: \(due))"
        case .modify(let due): "modify(due: \(due))"
        case .cancel: "cancel"
        case .retry: "retry"
        case .expire: "expire"
        case .recover(let delivered): "recover(delivered: \(delivered))"
        case .receive(let ok): "receive(ok: \(ok))"
        }
    }

    /// For messages: "A job that is sent cannot <verb>".
    var verb: String {
        switch self {
        case .dial: "be dialed"
        case .connect: "connect"
        case .finish(let outcome): "finish a call as \(outcome.rawValue)"
        case .hold: "be held"
        case .resume: "be resumed"
        case .modify: "be changed"
        case .cancel: "be cancelled"
        case .retry: "be retried"
        case .expire: "expire"
        case .recover: "be recovered"
        case .receive: "finish receiving"
        }
    }

    /// Every transition, with each parameter value (for exhaustive tests and documentation).
    public static var all: [JobTransition] {
        [.dial, .connect] + AttemptOutcome.allCases.map { .finish($0) }
            + [.hold, .resume(due: true), .resume(due: false), .modify(due: true), .modify(due: false), .cancel, .retry, .expire,
               .recover(delivered: true), .recover(delivered: false), .receive(ok: true), .receive(ok: false)]
    }
}

extension JobState {
    /// The state after `transition`, or `SpoolError.invalidTransition` when this state does not allow it.
    public func applying(_ transition: JobTransition) throws(SpoolError) -> JobState {
        guard let next = Self.next(self, transition) else {
            throw .invalidTransition(from: self, by: transition)
        }
        return next
    }

    private static func next(_ state: JobState, _ transition: JobTransition) -> JobState? {
        switch (state, transition) {
        case (.queued, .dial), (.scheduled, .dial), (.retryWait, .dial): .dialing
        case (.dialing, .connect): .sending

        case (.dialing, .finish(.retry)), (.sending, .finish(.retry)): .retryWait
        case (.dialing, .finish(.failed)), (.sending, .finish(.failed)): .failed
        case (.dialing, .finish(.cancelled)), (.sending, .finish(.cancelled)): .cancelled
        case (.sending, .finish(.sent)): .sent
        // Partial is about the job: an earlier attempt may have confirmed pages and this call never connected.
        case (.dialing, .finish(.partial)), (.sending, .finish(.partial)): .partial

        case (.queued, .hold), (.scheduled, .hold), (.retryWait, .hold): .held
        case (.held, .resume(let due)): due ? .queued : .scheduled
        case (.queued, .modify(let due)), (.scheduled, .modify(let due)): due ? .queued : .scheduled
        case (.held, .modify), (.retryWait, .modify): state

        case (.queued, .cancel), (.scheduled, .cancel), (.retryWait, .cancel), (.held, .cancel): .cancelled
        case (.queued, .expire), (.scheduled, .expire), (.retryWait, .expire), (.held, .expire): .failed

        case (.failed, .retry), (.partial, .retry): .queued

        case (.dialing, .recover(delivered: false)), (.sending, .recover(delivered: false)): .queued
        case (.sending, .recover(delivered: true)): .sent
        case (.receiving, .recover(let delivered)): delivered ? .received : .failed
        case (.receiving, .receive(let ok)): ok ? .received : .failed

        default: nil
        }
    }
}
