// ModemWorker+Send: one outbound attempt — convert the document if this is the job's first
// attempt, dial, record the connection and every page the far end confirms as it happens (so a
// crash never resends a confirmed page), hang up when the job is cancelled mid-call, and hand
// the call's result to the spool, which decides sent / retry / failed.

import FaxDocuments
import FaxOutcome
import Foundation
import Logging
import Spool
import T30

extension ModemWorker {
    /// How often a call in progress looks for a cancel request.
    static let cancelPollInterval: Duration = .milliseconds(300)

    /// Sends a claimed job. False when the modem failed and must be reopened.
    func send(_ claimed: FaxJob) async -> Bool {
        let spool = context.spool
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
            await finish(id, FaxSessionResult(completion: error.completion), log: log, attempt: attempt)
            return true
        }

        // The document as it will be transmitted.
        let document: String
        do {
            job = try await prepareDocument(job)
            document = try TransmitDocument.remainder(of: job.transmitPath!, from: job.firstPageToSend)
        } catch {
            let completion = (error as? DocumentError)?.completion ?? .internalError("\(error)")
            log.error("document could not be prepared", metadata: ["error": "\(error)"])
            await finish(id, FaxSessionResult(completion: FaxCompletion(code: completion.code, description: "\(error)")), log: log, attempt: attempt)
            return true
        }
        defer { if document != job.transmitPath { try? FileManager.default.removeItem(atPath: document) } }

        // The call.
        let session = FaxSession(.transmit(document: document),
                                 options: sessionOptions(identity: job.options.localIdentity, ecm: job.options.errorCorrection))
        let offset = job.firstPageToSend - 1
        let recorder = Task { [weak self] in
            for await event in session.events {
                switch event {
                case .phase(.b):
                    self?.setStatus { $0.state = .sending }
                    do { try await spool.recordCallConnected(id) } catch { log.error("spool: \(error)") }
                case .page(let number, _, _):
                    do { try await spool.recordPageConfirmed(id, page: offset + number) } catch { log.error("spool: \(error)") }
                    log.info("page confirmed", metadata: ["page": "\(offset + number)"])
                default:
                    break
                }
            }
        }
        let watcher = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: Self.cancelPollInterval)
                if (try? await spool.job(id))?.cancelRequested == true {
                    log.info("cancel requested: hanging up")
                    session.cancel()
                    return
                }
            }
        }
        log.info("dialing", metadata: ["to": "\(dial.number)", "dial": "\(dial)", "first_page": "\(job.firstPageToSend)"])
        let line = self.line
        let (result, _) = await thread.run { line.run(session, setup: .dial(dial.text)) }
        watcher.cancel()
        await recorder.value
        setStatus { $0.callsMade += 1 }
        await finish(id, result, log: log, attempt: attempt)
        if result.completion.isModemFault {
            modemFailed("the modem failed during the call: \(result.completion.code) \(result.completion.description)")
            return false
        }
        return true
    }

    /// Converts the submitted document once per job (kept for later attempts and for download).
    private func prepareDocument(_ job: FaxJob) async throws -> FaxJob {
        if let path = job.transmitPath, FileManager.default.fileExists(atPath: path) { return job }
        guard let original = job.documentPath else {
            throw DocumentError.invalid(path: "job \(job.id)", reason: "the document was deleted")
        }
        let folder = (original as NSString).deletingLastPathComponent
        let defaults = context.configuration.defaults
        let identity = configuration.identity ?? defaults.identity
        let (path, pages) = try await Self.offThread {
            try TransmitDocument.convert(job, defaults: defaults, identity: identity, folder: folder)
        }
        return try await context.spool.setTransmitDocument(job.id, path: path, pages: pages)
    }

    private func finish(_ id: JobID, _ result: FaxSessionResult, log: Logger, attempt: Int) async {
        SessionLogFile.write(result, job: id, attempt: attempt, directory: context.configuration.logsDirectory)
        let spool = context.spool
        do {
            // In a task of its own: a shutdown (cancelling the pool) must not lose the call's result.
            let job = try await Task { try await spool.finishAttempt(id, result: result) }.value
            log.info("attempt ended", metadata: [
                "state": "\(job.state.rawValue)", "code": "\(result.completion.code)",
                "pages": "\(result.pagesTransferred)", "line_seconds": "\(Int(result.lineSeconds))",
            ])
        } catch {
            log.error("spool: could not record the attempt's end", metadata: ["error": "\(error)"])
        }
    }

    /// CPU-bound work (document conversion) off the cooperative pool and off the modem thread.
    static func offThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async {
                continuation.resume(with: Result { try body() })
            }
        }
    }
}

extension FaxCompletion {
    /// The modem, not the line or the far end, failed: reopen it before the next call.
    var isModemFault: Bool {
        code == FaxCompletion.modemNotResponding.code || code == FaxCompletion.modemUnavailable.code
    }
}
