// ModemWorker+Send: one outbound attempt — convert the document if this is the job's first
// attempt, dial, record the connection and every page the far end confirms, hang up when the job
// is cancelled mid-call, and hand the call's result to the spool, which decides sent / retry /
// failed.
//
// Never sent twice: a confirmed page is committed on the modem's own thread, inside the session's
// page event, before the session goes on to the next page (T.30 leaves the sender seconds after
// MCF; a commit takes milliseconds). A crash at any moment after that commit resumes after the
// page; only a crash between the far end's MCF and the commit can resend it.

import FaxDocuments
import FaxOutcome
import Foundation
import Logging
import Spool
import Synchronization
import T30

extension ModemWorker {
    /// Sends a claimed job.
    func send(_ claimed: FaxJob) async -> CallOutcome {
        let spool = self.spool
        let id = claimed.id
        var job = claimed
        setStatus { $0.state = .dialing; $0.jobID = id.rawValue }
        defer { setStatus { $0.jobID = nil; if $0.state != .offline { $0.state = .idle } } }
        let attempt = (try? await spool.attempts(id).last?.number) ?? job.attemptsMade
        var log = logger
        log[metadataKey: "job"] = "\(id)"
        log[metadataKey: "attempt"] = "\(attempt)"

        // The destination, checked again by today's policy: a job from an older spool must not dial 911.
        let dial: DialString
        do throws(DestinationRefusal) { dial = try context.configuration.dialString(forStored: job.toNumber) } catch {
            log.error("destination refused", metadata: ["code": "\(error.code)", "reason": "\(error.reason)"])
            return await finish(id, FaxSessionResult(completion: error.completion), log: log, attempt: attempt)
        }

        // The document as it will be transmitted.
        let document: String
        do {
            job = try await prepareDocument(job)
            document = try TransmitDocument.remainder(of: job.transmitPath!, from: job.firstPageToSend)
        } catch {
            let completion = (error as? DocumentError)?.completion ?? .internalError("\(error)")
            log.error("document could not be prepared", metadata: ["error": "\(error)"])
            return await finish(id, FaxSessionResult(completion: FaxCompletion(code: completion.code, description: "\(error)")), log: log, attempt: attempt)
        }
        defer { if document != job.transmitPath { try? FileManager.default.removeItem(atPath: document) } }

        // The call.
        let session = FaxSession(.transmit(document: document),
                                 options: sessionOptions(identity: job.options.localIdentity, ecm: job.options.errorCorrection))
        let offset = job.firstPageToSend - 1
        let commitTimeout = timing.pageCommitTimeout
        session.onEvent = { [log] event in
            // On the modem's thread, before the session goes on.
            guard case .page(let number, _, _) = event else { return }
            let page = offset + number
            switch Self.waitFor(commitTimeout, { try await spool.recordPageConfirmed(id, page: page) }) {
            case .success: log.info("page confirmed", metadata: ["page": "\(page)"])
            case .failure(let error): log.error("spool: could not record confirmed page \(page)", metadata: ["error": "\(error)"])
            }
            TestFailpoint.pageConfirmed(page)
        }
        let recorder = Task { [weak self] in
            for await event in session.events {
                if case .phase(.b) = event {
                    self?.setStatus { $0.state = .sending }
                    do { _ = try await spool.recordCallConnected(id) } catch { log.error("spool: \(error)") }
                }
            }
        }
        let watcher = Task { [timing] in
            while !Task.isCancelled {
                try? await Task.sleep(for: timing.cancelPoll)
                if self.isWithdrawn {
                    log.warning("modem removed: ending the call")
                    session.cancel()
                    return
                }
                if (try? await spool.job(id))?.cancelRequested == true {
                    log.info("cancel requested: hanging up")
                    session.cancel()
                    return
                }
            }
        }
        log.info("dialing", metadata: ["to": "\(dial.number)", "dial": "\(dial)", "first_page": "\(job.firstPageToSend)"])
        let line = self.line
        let started = ContinuousClock.now
        var (result, _) = await thread.run { line.run(session, setup: .dial(dial.text), ringing: nil) }
        watcher.cancel()
        if isWithdrawn, result.completion != .ok { result.completion = .modemRemoved }
        FaxMetrics.callEnded(modem: name, direction: "outbound", result: result, duration: ContinuousClock.now - started)
        await recorder.value
        setStatus { $0.callsMade += 1 }
        let outcome = await finish(id, result, log: log, attempt: attempt)
        if case .ready = outcome, result.completion.isModemFault {
            await modemFailed("the modem failed during the call: \(result.completion.code) \(result.completion.description)")
            return .modemFailed
        }
        return outcome
    }

    /// Converts the submitted document once per job (kept for later attempts and for download),
    /// into the document's own folder; durable (file and folder fsync'd) before its path and page
    /// count are committed.
    private func prepareDocument(_ job: FaxJob) async throws -> FaxJob {
        if let path = job.transmitPath, FileManager.default.fileExists(atPath: path) { return job }
        guard let original = job.documentPath else {
            throw DocumentError.invalid(path: "job \(job.id)", reason: "the document was deleted")
        }
        let folder = (original as NSString).deletingLastPathComponent
        let defaults = context.configuration.defaults
        let identity = configuration.identity ?? defaults.identity
        let converter = context.configuration.converter
        let started = ContinuousClock.now
        let seconds = { let d = ContinuousClock.now - started; return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }
        let (path, pages): (String, Int)
        do {
            (path, pages) = try await OffPool.run {
                let converted = try TransmitDocument.convert(job, defaults: defaults, identity: identity, folder: folder, converter: converter)
                try DocumentStore.syncWritten(converted.path)
                return converted
            }
        } catch {
            FaxMetrics.converted(seconds: seconds(), ok: false)
            throw error
        }
        FaxMetrics.converted(seconds: seconds(), ok: true)
        return try await spool.setTransmitDocument(job.id, path: path, pages: pages)
    }

    private func finish(_ id: JobID, _ result: FaxSessionResult, log: Logger, attempt: Int) async -> CallOutcome {
        SessionLogFile.write(result, job: id, attempt: attempt, directory: context.configuration.logsDirectory)
        let spool = self.spool
        let (outcome, job) = await recordEnd("the end of attempt \(attempt)", job: id, log: log) {
            try await spool.finishAttempt(id, result: result)
        }
        if let job {
            log.info("attempt ended", metadata: [
                "state": "\(job.state.rawValue)", "code": "\(result.completion.code)",
                "pages": "\(result.pagesTransferred)", "line_seconds": "\(Int(result.lineSeconds))",
            ])
        }
        return outcome
    }

    /// Runs async spool work from a thread that must wait for it (the modem's, inside a session
    /// event), at most `timeout`.
    static func waitFor<T: Sendable>(_ timeout: Duration, _ body: @escaping @Sendable () async throws -> T) -> Result<T, any Error> {
        let done = DispatchSemaphore(value: 0)
        let box = Mutex<Result<T, any Error>?>(nil)
        Task {
            let result: Result<T, any Error>
            do { result = .success(try await body()) } catch { result = .failure(error) }
            box.withLock { $0 = result }
            done.signal()
        }
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        guard done.wait(timeout: .now() + seconds) == .success, let result = box.withLock({ $0 }) else {
            return .failure(WaitTimeout(seconds: seconds))
        }
        return result
    }

    struct WaitTimeout: Error, CustomStringConvertible {
        var seconds: Double
        var description: String { "no answer within \(seconds) s" }
    }
}

extension FaxCompletion {
    /// The modem, not the line or the far end, failed: reopen it before the next call.
    var isModemFault: Bool {
        code == FaxCompletion.modemNotResponding.code || code == FaxCompletion.modemUnavailable.code
            || code == FaxCompletion.modemRemoved.code
    }
}
