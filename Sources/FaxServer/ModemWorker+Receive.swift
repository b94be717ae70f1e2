// ModemWorker+Receive: answering a call into the inbox — a job `receiving` from the moment the
// call is answered (caller ID as its from number), each page recorded as it arrives, the fax
// kept as TIFF/F and PDF in its own private folder under <spool>/inbox, with the remote
// station's identity (in the attempt), the caller's name and the resolution in the job.

import FaxDocuments
import Foundation
import Spool
import T30
import T31
import T4

extension ModemWorker {
    /// Answers a ringing call. False when the modem failed and must be reopened.
    func receive(_ call: Class1IncomingCall) async -> Bool {
        let spool = context.spool
        setStatus { $0.state = .receiving }
        defer { setStatus { $0.jobID = nil; if $0.state != .offline { $0.state = .idle } } }
        let inbox = DocumentStore(directory: context.configuration.inboxDirectory, maxBytes: 0)
        let folder: String
        let job: FaxJob
        let tiff: String
        do {
            try inbox.prepare()
            folder = try inbox.makeFolder()
            tiff = folder + "/fax.tif"
            let own = Self.stationIdentity(configuration.identity ?? context.configuration.defaults.identity)
            job = try await spool.beginReceiving(from: call.callerID.number ?? "", to: own, modem: name, receivedPath: tiff)
        } catch {
            logger.error("cannot take the call: the inbox or spool failed", metadata: ["error": "\(error)"])
            return true
        }
        var log = logger
        log[metadataKey: "job"] = "\(job.id)"
        // Caller ID and (below) the remote identity come from the far end: faxd's log handler
        // escapes them, so they cannot forge a journal line.
        log.info("answering", metadata: ["caller": "\(call.callerID.number ?? "-")", "caller_name": "\(call.callerID.name ?? "-")",
                                         "rings": "\(call.rings)"])
        setStatus { $0.jobID = job.id.rawValue }

        let session = FaxSession(.receive(into: tiff), options: sessionOptions(identity: nil, ecm: nil))
        let recorder = Task {
            for await event in session.events {
                if case .page(let number, _, _) = event {
                    do { try await spool.recordPageConfirmed(job.id, page: number) } catch { log.error("spool: \(error)") }
                    log.info("page received", metadata: ["page": "\(number)"])
                }
            }
        }
        let line = self.line
        let (result, _) = await thread.run { line.run(session, setup: .answer, ringing: call) }
        await recorder.value
        setStatus { $0.callsAnswered += 1 }

        if result.pagesTransferred > 0 {
            var details: [String: String] = [:]
            if let name = call.callerID.name { details["caller_name"] = name }
            if let first = try? TIFFFaxReader.pageInfo(path: tiff).first { details["resolution"] = first.resolution.rawValue }
            let pdf = folder + "/fax.pdf"
            do {
                try await Self.offThread { try FaxPDFWriter.write(tiff: tiff, to: pdf) }
                chmod(pdf, 0o600)
            } catch {
                log.error("the received fax could not be written as PDF", metadata: ["error": "\(error)"])
            }
            chmod(tiff, 0o600)
            // In a task of its own, as the call's end below: a shutdown (cancelling the pool, and
            // with it this task's spool writes) must not lose what the call brought.
            _ = try? await Task { try await spool.annotate(job.id, metadata: details) }.value
        }
        SessionLogFile.write(result, job: job.id, attempt: 1, directory: context.configuration.logsDirectory)
        do {
            let finished = try await Task { try await spool.finishReceiving(job.id, result: result) }.value
            log.info("call ended", metadata: ["state": "\(finished.state.rawValue)", "pages": "\(finished.pagesConfirmed)",
                                              "code": "\(result.completion.code)", "remote": "\(result.remoteIdentity)"])
            if finished.state != .received { try? FileManager.default.removeItem(atPath: folder) }
        } catch {
            log.error("spool: could not record the call's end", metadata: ["error": "\(error)"])
        }
        if result.completion.isModemFault {
            modemFailed("the modem failed during the call: \(result.completion.code) \(result.completion.description)")
            return false
        }
        return true
    }
}
