// FaxFrontEnd: what carries a T.30 session to the far end. The soft modem (audio) is one; the
// Class 1 modem driver (T.31) is another. FaxSession runs the same way over either.

import FaxOutcome

/// How a session's call begins.
public enum FaxCallSetup: Sendable, Hashable {
    /// Dial this number; we are the calling party.
    case dial(String)
    /// Wait for a call and answer it; we are the answering party.
    case answer

    public var isCalling: Bool {
        if case .dial = self { true } else { false }
    }
}

public protocol FaxFrontEnd: AnyObject {
    /// Set by FaxSession before `connect`; the front end stops the call when it fires.
    var cancellation: FaxCancellation? { get set }
    /// Places or takes the call. Nil once connected, else the completion that ended the attempt.
    func connect(_ setup: FaxCallSetup) -> FaxCompletion?
    /// Runs T.30 over the connected call until phase E, a dropped line or `options.callDeadline`,
    /// and returns the call's result. Events are delivered on the calling thread as they happen.
    func run(
        direction: FaxDirection, calling: Bool, options: FaxSessionOptions,
        onEvent: @escaping (FaxSessionEvent) -> Void
    ) -> FaxSessionResult
    /// Hangs up (idempotent).
    func hangUp()
    /// The log of a call that never got as far as `run` (the dial or answer and its result),
    /// for the attempt's session log.
    func setupLog() -> [SessionLogEntry]
}

extension FaxFrontEnd {
    public func setupLog() -> [SessionLogEntry] { [] }
}
