// ModemWorker+Receive: answering a call into the inbox — a job `receiving` from the moment the
// call is answered (caller ID as its from number), each page recorded as it arrives, the fax
// kept as TIFF/F and PDF in its own private folder under <spool>/inbox, with the remote
// station's identity (in the attempt), the caller's name and the resolution in the job.
//
// Durable before committed: each page's TIFF is fsync'd (file, folder, the folder's entry) on the
// modem's thread inside the session's page event — before the page count is committed and before
// the sender gets its MCF — and fax.tif and fax.pdf again before the call's end is recorded.

import FaxDocuments
import Foundation
import Logging
import Spool
import T30
import T31
import T4
import V250

extension ModemWorker {
    /// Answers a ringing call.
    func receive(_ call: IncomingCall) async -> CallOutcome {
        let spool = self.spool
        setStatus { $0.state = .receiving }
        defer { setStatus { $0.jobID = nil; if $0.state != .offline { $0.state = .idle } } }
        let inbox = context.files.inbox
        let folder: String
        let job: FaxJob
        let tiff: String
        do {
            try inbox.prepare()
            folder = try inbox.makeFolder()
            tiff = folder + "/fax.tif"
            let own = Self.stationIdentity(configuration.identity ?? context.configuration.defaults.identity)
            job = try await spool.beginReceiving(from: call.callerID.number ?? "", to: own, modem: name, receivedPath: tiff,
                                                 calledNumber: call.callerID.dialedNumber, tenantID: nil)
        } catch {
            logger.error("cannot take the call: the inbox or spool failed", metadata: ["error": "\(error)"])
            return .ready
        }
        var log = logger
        log[metadataKey: "job"] = "\(job.id)"
        // Caller ID and (below) the remote identity come from the far end: faxd's log handler
        // escapes them, so they cannot forge a journal line.
        log.info("answering", metadata: ["caller": "\(call.callerID.number ?? "-")", "caller_name": "\(call.callerID.name ?? "-")",
                                         "rings": "\(call.rings)"])
        setStatus { $0.jobID = job.id.rawValue }

        let session = FaxSession(.receive(into: tiff), options: sessionOptions(identity: nil, ecm: nil))
        let commitTimeout = timing.pageCommitTimeout
        session.onEvent = { [log] event in
            // On the modem's thread: the page is in the TIFF; make it durable, then count it.
            guard case .page(let number, _, _) = event else { return }
            do {
                try DocumentStore.syncWritten(tiff)
            } catch {
                log.error("received page \(number) could not be made durable; not counted yet", metadata: ["error": "\(error)"])
                return
            }
            switch Self.waitFor(commitTimeout, { try await spool.recordPageConfirmed(job.id, page: number) }) {
            case .success: log.info("page received", metadata: ["page": "\(number)"])
            case .failure(let error): log.error("spool: could not record received page \(number)", metadata: ["error": "\(error)"])
            }
        }
        let line = self.line
        let started = ContinuousClock.now
        var (ended, _) = await thread.run { line.run(session, setup: .answer, ringing: call) }
        // Unplugged mid-call: whatever the cut-off port made of it, the call ended because the
        // modem was removed (the pages that arrived are kept).
        if isWithdrawn, ended.completion != .ok { ended.completion = .modemRemoved }
        FaxMetrics.callEnded(modem: name, direction: "inbound", result: ended, duration: ContinuousClock.now - started)
        let result = ended
        setStatus { $0.callsAnswered += 1 }

        if result.pagesTransferred > 0 {
            var details: [String: String] = [:]
            if let name = call.callerID.name { details["caller_name"] = name }
            if let first = try? TIFFFaxReader.pageInfo(path: tiff).first { details["resolution"] = first.resolution.rawValue }
            let pdf = folder + "/fax.pdf"
            chmod(tiff, 0o600)
            do {
                try await OffPool.run {
                    try FaxPDFWriter.write(tiff: tiff, to: pdf)
                    chmod(pdf, 0o600)
                    try DocumentStore.syncFile(pdf)
                }
            } catch {
                log.error("the received fax could not be written as PDF", metadata: ["error": "\(error)"])
            }
            chmod(tiff, 0o600)
            do {
                try DocumentStore.syncWritten(tiff)
            } catch {
                log.error("the received fax could not be made durable", metadata: ["error": "\(error)"])
            }
            // In a task of its own, as the call's end below: a shutdown (cancelling the pool, and
            // with it this task's spool writes) must not lose what the call brought.
            _ = try? await Task { try await spool.annotate(job.id, metadata: details) }.value
        }
        SessionLogFile.write(result, job: job.id, attempt: 1, directory: context.configuration.logsDirectory)
        let (outcome, finished) = await recordEnd("the end of the received call", job: job.id, log: log) {
            try await spool.finishReceiving(job.id, result: result)
        }
        if let finished {
            log.info("call ended", metadata: ["state": "\(finished.state.rawValue)", "pages": "\(finished.pagesConfirmed)",
                                              "code": "\(result.completion.code)", "remote": "\(result.remoteIdentity)"])
            if finished.state != .received { try? FileManager.default.removeItem(atPath: folder) }
        }
        if case .ready = outcome, result.completion.isModemFault {
            await modemFailed("the modem failed during the call: \(result.completion.code) \(result.completion.description)")
            return .modemFailed
        }
        return outcome
    }
}
