// ModemWorkerSeams: what a ModemWorker stands on, as protocols — the spool it records calls in
// and the fax line it drives — so its decisions (claim, send, record, back off, go offline) can be
// tested with a failing spool or a scripted line, without a pty or a modem. faxd uses Spool and
// ModemLine (a Class 1 or Class 2 modem); a soft-modem line would be another FaxLineDriver.

import FaxOutcome
import Foundation
import Spool
import T30
import T31
import V250

/// The spool as a modem's worker uses it. `Spool` is one.
protocol ModemWorkerSpool: Sendable {
    func claimNext(modem: String, groups: [String]?) async throws(SpoolError) -> FaxJob?
    func job(_ id: JobID) async throws(SpoolError) -> FaxJob
    func attempts(_ id: JobID) async throws(SpoolError) -> [FaxAttempt]
    func setTransmitDocument(_ id: JobID, path: String, pages: Int) async throws(SpoolError) -> FaxJob
    func recordCallConnected(_ id: JobID) async throws(SpoolError) -> FaxJob
    func recordPageConfirmed(_ id: JobID, page: Int) async throws(SpoolError) -> FaxJob
    func finishAttempt(_ id: JobID, result: FaxSessionResult) async throws(SpoolError) -> FaxJob
    func beginReceiving(from: String, to: String, modem: String, receivedPath: String,
                        calledNumber: String?, tenantID: String?) async throws(SpoolError) -> FaxJob
    func finishReceiving(_ id: JobID, result: FaxSessionResult) async throws(SpoolError) -> FaxJob
    func annotate(_ id: JobID, metadata: [String: String]) async throws(SpoolError) -> FaxJob
}

extension Spool: ModemWorkerSpool {}

/// One fax line as its worker's own thread sees it: open and reset, watch for rings, run a
/// session. Called only on the worker's ModemThread. `ModemLine` (a Class 1 modem) is one.
protocol FaxLineDriver: AnyObject, Sendable {
    /// Opens (if needed) and resets the line's device; what it says it is.
    func start() throws -> ModemIdentity
    func close()
    /// The phone is ringing and not yet answered.
    var isRinging: Bool { get }
    /// Watches the line for up to `timeout`; the call once it has rung enough.
    func watch(timeout: Duration) throws -> IncomingCall?
    /// Runs a session: dials, or answers `ringing`. The session's events arrive on this thread.
    func run(_ session: FaxSession, setup: FaxCallSetup, ringing: IncomingCall?) -> (FaxSessionResult, CallerID?)
    /// From any thread: the device is gone (unplugged); close it now so whatever the line's thread
    /// is doing fails at once instead of waiting for a modem that will never answer.
    func abandon()
    /// The fax class the line drives its modem in ("1", "2", "2.0", "2.1", "voice"), once
    /// started, and why it was chosen.
    var faxClass: String? { get }
    var classReason: String { get }
}

extension FaxLineDriver {
    func abandon() {}
    var faxClass: String? { "1" }
    var classReason: String { "" }
}

extension ModemLine: FaxLineDriver {}

/// Crash tests only. `SWIFTFAX_TEST_KILL_AFTER_PAGE=n` in faxd's environment makes it SIGKILL
/// itself the instant page n (of the whole document) of an outbound fax has been confirmed by the
/// far end and handled — after its confirmation is committed, before the call goes on. That is
/// the earliest moment a crash must not cause page n to be sent again; with the commit left to a
/// task that reads the session's events (as before), a kill there resends the page. Unset: inert.
enum TestFailpoint {
    static let killAfterPage: Int? = ProcessInfo.processInfo.environment["SWIFTFAX_TEST_KILL_AFTER_PAGE"].flatMap(Int.init)

    static func pageConfirmed(_ page: Int) {
        if let killAfterPage, page == killAfterPage { kill(getpid(), SIGKILL) }
    }
}
