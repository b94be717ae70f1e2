// ModemWorker: one modem's life inside faxd — open and reset it (backing off while it is gone
// or mute), then loop: take the next due job the spool gives this modem and send it, or watch
// the line for a call to answer into the inbox. Blocking modem work runs on the modem's own
// thread (a FaxLineDriver — ModemLine — on a ModemThread); this async loop only decides and
// records, in a ModemWorkerSpool (the Spool). A call's end the spool will not take (disk full) is
// retried with backoff, then the modem goes offline until the spool takes it; it never carries
// on with the job left "in call".

import FaxDocuments
import Foundation
import Logging
import Spool
import Synchronization
import T30
import T31
import V250

final class ModemWorker: Sendable {
    let configuration: ModemConfiguration
    let context: FaxServerContext
    let logger: Logger
    let spool: any ModemWorkerSpool
    let line: any FaxLineDriver
    let thread: ModemThread
    let timing: Timing
    /// Found by discovery (not configured by path): one that does not answer the probe is left alone.
    let discovered: Bool
    /// Set when discovery saw the modem unplugged: the worker ends, a call in progress first.
    private let withdrawn = Atomic<Bool>(false)

    /// The worker's waits (tests shorten them).
    struct Timing: Sendable {
        /// How long one look at the line for rings lasts before the queue is checked again.
        var watchSlice: Duration = .milliseconds(500)
        /// Waits before reopening a modem that failed, the last repeating.
        var backoff: [Duration] = [.seconds(1), .seconds(2), .seconds(5), .seconds(10)]
        /// Waits between tries to record a call's end; when every try failed, the modem goes offline.
        var recordRetries: [Duration] = [.milliseconds(200), .seconds(1), .seconds(3), .seconds(10)]
        /// While offline for a call's end it could not record, the worker tries again this often.
        var recordRetryWhileOffline: Duration = .seconds(30)
        /// Waits after a failed claim, the last repeating (a spool that cannot be written is not
        /// asked twice a second).
        var claimBackoff: [Duration] = [.milliseconds(500), .seconds(2), .seconds(10), .seconds(30)]
        /// How long the call waits for a confirmed page's commit before going on regardless.
        var pageCommitTimeout: Duration = .seconds(5)
        /// How often a call in progress looks for a cancel request.
        var cancelPoll: Duration = .milliseconds(300)
    }

    /// A call's end the spool would not take: kept until it does (the modem offline meanwhile).
    struct UnrecordedEnd: Sendable {
        var job: JobID
        var what: String
        var record: @Sendable () async throws -> FaxJob
    }

    /// How one call (or a try at one) left the modem.
    enum CallOutcome: Sendable {
        case ready
        /// The modem must be reopened.
        case modemFailed
        /// The spool did not take the call's end: the modem goes offline until it does.
        case unrecorded(UnrecordedEnd)
    }

    convenience init(configuration: ModemConfiguration, context: FaxServerContext, logger: Logger, discovered: Bool = false) {
        let line = ModemLine(configuration: configuration,
                             lockDirectory: context.configuration.lockDirectory.isEmpty ? nil : context.configuration.lockDirectory,
                             stationIdentity: Self.stationIdentity(configuration.identity ?? context.configuration.defaults.identity))
        self.init(configuration: configuration, context: context, logger: logger, spool: context.spool, line: line, discovered: discovered)
    }

    init(configuration: ModemConfiguration, context: FaxServerContext, logger: Logger,
         spool: any ModemWorkerSpool, line: any FaxLineDriver, timing: Timing = Timing(), discovered: Bool = false) {
        self.discovered = discovered
        self.configuration = configuration
        self.context = context
        var logger = logger
        logger[metadataKey: "modem"] = "\(configuration.name)"
        self.logger = logger
        self.spool = spool
        self.line = line
        self.timing = timing
        thread = ModemThread(name: "modem \(configuration.name)")
    }

    var name: String { configuration.name }

    /// The modem was unplugged: the worker stops within a cancel poll (a call in progress is
    /// ended as 5212, not charged to the fax) or a watch slice.
    func withdraw() {
        withdrawn.store(true, ordering: .releasing)
        line.abandon()
    }

    var isWithdrawn: Bool { withdrawn.load(ordering: .acquiring) }

    /// Runs until the task is cancelled (faxd shutting down); a call in progress is finished first.
    func run() async {
        var failures = 0
        var probed = false
        var unrecorded: UnrecordedEnd?
        while !Task.isCancelled && !isWithdrawn {
            if let pending = unrecorded {
                // Offline until the spool takes the last call's end; a restart's recovery takes
                // the job over if faxd stops first.
                try? await Task.sleep(for: timing.recordRetryWhileOffline)
                guard !Task.isCancelled else { break }
                guard (try? await Task { try await pending.record() }.value) != nil else { continue }
                logger.notice("the spool took the end of the call at last; the modem comes back", metadata: ["job": "\(pending.job)"])
                unrecorded = nil
            }
            guard await start() else {
                if discovered && !probed && failures == 1 && !isWithdrawn {
                    // Plugged in but, asked twice, not a fax modem (or not answering AT): left
                    // alone until it is plugged in again.
                    let reason = context.modems.status(name)?.lastError ?? "no answer"
                    logger.notice("not a fax modem: left alone", metadata: ["device": "\(configuration.device)", "error": "\(reason)"])
                    setStatus { $0.state = .notAModem }
                    await thread.run { [line] in line.close() }
                    thread.stop()
                    return
                }
                let delay = timing.backoff[min(failures, timing.backoff.count - 1)]
                failures += 1
                try? await Task.sleep(for: delay)
                continue
            }
            failures = 0
            probed = true
            switch await serve() {
            case .ready, .modemFailed: break
            case .unrecorded(let pending): unrecorded = pending
            }
        }
        await thread.run { [line] in line.close() }
        thread.stop()
        let withdrawn = isWithdrawn
        setStatus { $0.state = withdrawn ? .removed : .stopped; $0.jobID = nil }
    }

    /// Opens and resets the modem; false (status offline) when it cannot.
    private func start() async -> Bool {
        setStatus { $0.state = .starting }
        let line = self.line
        let before = context.modems.status(name)?.faxClass
        let outcome = await thread.run { () -> Result<(ModemIdentity, String?, String), any Error> in
            Result { (try line.start(), line.faxClass, line.classReason) }
        }
        switch outcome {
        case .success(let (identity, faxClass, reason)):
            logger.info("modem ready", metadata: ["manufacturer": "\(identity.manufacturer)", "model": "\(identity.model)",
                                                  "class": "\(faxClass ?? "-")", "why": "\(reason)"])
            if let before, let faxClass, before != faxClass {
                logger.warning("modem driver switched", metadata: ["from": "\(before)", "to": "\(faxClass)", "why": "\(reason)"])
                let (device, identity) = (configuration.device, context.modems.status(name)?.identity ?? "")
                let (spool, modem) = (context.spool, name)
                Task { _ = try? await spool.recordModemEvent(.driverSwitched, modem: modem, device: device, identity: identity, usbID: nil) }
            }
            setStatus {
                $0.state = .idle
                $0.lastError = nil
                $0.manufacturer = identity.manufacturer
                $0.model = identity.model
                $0.revision = identity.revision
                $0.faxClass = faxClass
            }
            return true
        case .failure(let error):
            if context.modems.status(name)?.lastError != "\(error)" {
                logger.warning("modem offline", metadata: ["error": "\(error)"])
            }
            setStatus { $0.state = .offline; $0.lastError = "\(error)" }
            return false
        }
    }

    /// The ready loop: returns when the modem fails (to be reopened), when a call's end could not
    /// be recorded, or on shutdown.
    private func serve() async -> CallOutcome {
        let line = self.line
        let slice = timing.watchSlice
        var claimFailures = 0
        var lastClaimError = ""
        while !Task.isCancelled && !isWithdrawn {
            let ringing = await thread.run { line.isRinging }
            if configuration.dial, !ringing {
                do {
                    let claimed = try await spool.claimNext(modem: name, groups: configuration.groups)
                    claimFailures = 0
                    lastClaimError = ""
                    if let job = claimed {
                        let outcome = await send(job)
                        guard case .ready = outcome else { return outcome }
                        continue
                    }
                } catch {
                    if Task.isCancelled { break }
                    // Logged when it changes, retried with backoff: never twice a second forever.
                    if "\(error)" != lastClaimError {
                        logger.error("spool claim failed", metadata: ["error": "\(error)"])
                        lastClaimError = "\(error)"
                    }
                    let delay = timing.claimBackoff[min(claimFailures, timing.claimBackoff.count - 1)]
                    claimFailures += 1
                    try? await Task.sleep(for: delay)
                }
            }
            if configuration.answer {
                let watched = await thread.run { () -> Result<IncomingCall?, any Error> in
                    Result { try line.watch(timeout: slice) }
                }
                switch watched {
                case .success(let call?):
                    let outcome = await receive(call)
                    guard case .ready = outcome else { return outcome }
                case .success(nil):
                    break
                case .failure(let error):
                    await modemFailed("\(error)")
                    return .modemFailed
                }
            } else {
                try? await Task.sleep(for: slice)
            }
        }
        return .ready
    }

    /// Records a call's end (`write`), trying again with backoff. On success `.ready`; when every
    /// try failed, the modem goes offline (closed, status and log saying why) and the worker keeps
    /// the write to try again later — the job is not left "in call" by a modem that carries on.
    func recordEnd(_ what: String, job: JobID, log: Logger, _ write: @escaping @Sendable () async throws -> FaxJob) async -> (CallOutcome, FaxJob?) {
        var lastError: (any Error)?
        for attempt in 0...timing.recordRetries.count {
            if attempt > 0 { try? await Task.sleep(for: timing.recordRetries[attempt - 1]) }
            do {
                // In a task of its own: a shutdown (cancelling the pool) must not lose the call's end.
                return (.ready, try await Task { try await write() }.value)
            } catch {
                lastError = error
                log.warning("spool: could not record \(what) (try \(attempt + 1) of \(timing.recordRetries.count + 1))",
                            metadata: ["error": "\(error)"])
            }
        }
        let reason = "cannot record \(what) of job \(job) in the spool (\(lastError.map { "\($0)" } ?? "?")); "
            + "offline until it can, or until a restart recovers the job"
        log.error("modem offline: \(reason)")
        let line = self.line
        await thread.run { line.close() }
        setStatus { $0.state = .offline; $0.lastError = reason; $0.jobID = nil }
        return (.unrecorded(UnrecordedEnd(job: job, what: what, record: write)), nil)
    }

    /// The modem failed: it is closed before this returns, so the next start opens it afresh
    /// (and chooses its driver again: the fallback to voice happens there), never resets the
    /// old one while a close is still on its way.
    func modemFailed(_ reason: String) async {
        logger.warning("modem stopped answering", metadata: ["error": "\(reason)"])
        setStatus { $0.state = .offline; $0.lastError = reason; $0.jobID = nil }
        let line = self.line
        await thread.run { line.close() }
    }

    func setStatus(_ change: (inout ModemStatus) -> Void) {
        context.modems.update(name, change)
    }

    /// The session options for a call on this modem.
    func sessionOptions(identity: String?, ecm: Bool?) -> FaxSessionOptions {
        let defaults = context.configuration.defaults
        let ident = Self.stationIdentity(identity ?? configuration.identity ?? defaults.identity)
        return FaxSessionOptions(localIdentity: ident, errorCorrection: ecm ?? defaults.ecm,
                                 callDeadline: .seconds(defaults.callDeadline))
    }

    /// T.30's identity field takes digits, '+' and spaces, at most 20.
    static func stationIdentity(_ text: String) -> String {
        String(text.filter { $0.isASCII && ($0.isNumber || $0 == "+" || $0 == " ") }.prefix(20))
    }
}
