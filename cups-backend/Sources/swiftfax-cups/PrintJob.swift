// PrintJob: one print job through the backend — the number and options from the job, the document
// from CUPS, submitted to faxd over its Unix socket with the job's CUPS job-uuid as the
// Idempotency-Key (a job cupsd runs again after a restart finds the same fax, never a second one)
// and the CUPS user and job title as the fax's submitter metadata; then, unless the queue or job
// says "return when queued" (faxReturn=Queued), the fax is followed to its end (OutcomeWatcher).

import FaxAPIModels
import FaxClient
import Foundation

struct PrintJob {
    let arguments: BackendArguments
    let uri: DeviceURI
    let printer: String
    let ppdDefaults: [String: String]
    let termination: TerminationSignal
    var temporaryDirectory: String = ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp"
    var documentLimit = DocumentInput.standardLimit

    func run() async -> BackendExitCode {
        let settings = FaxJobSettings(options: arguments.options, defaults: ppdDefaults, title: arguments.title, uri: uri)
        let job = "\(printer)-\(arguments.jobID)"
        guard !settings.number.number.isEmpty else {
            StatusLines.error("No fax number: give one with: lp -i \(job) -o phone=NUMBER -H resume")
            return .hold
        }
        let number = settings.number.number
        var document: [UInt8]
        do throws(DocumentInput.Problem) {
            document = try DocumentInput.read(file: arguments.file, limit: documentLimit)
        } catch {
            switch error {
            case .empty: StatusLines.error("The print job is empty: nothing to fax")
            case .tooLarge(let limit): StatusLines.error("The print job is larger than \(limit >> 20) MiB, too large to fax")
            case .unreadable(let reason): StatusLines.error("Cannot read the print job: \(reason)")
            }
            return .cancel
        }
        if let cover = settings.cover {
            do {
                document = try CoverPageDocument.make(cover, document: document, number: number, from: arguments.user,
                                                      resolution: settings.resolution, temporaryDirectory: temporaryDirectory)
            } catch {
                StatusLines.error("Cannot make the cover page for this document: \(error)")
                return .cancel
            }
        }
        if !settings.number.prefix.isEmpty {
            StatusLines.info("Dialling prefix \(settings.number.prefix) noted: faxd dials its own outside line (dial_rules.outside_line)")
        }
        guard !termination.requested else { return .cancel }

        if let problem = SocketProbe.problem(connecting: uri.socketPath) {
            let hint = problem.contains("ermission") ? " (the backend runs as lp: faxd's api.socket_group must be lp, see docs/cups.md)" : ""
            StatusLines.error("faxd is not reachable at \(uri.socketPath): \(problem)\(hint); CUPS will retry this fax later")
            return .retry
        }
        var client = FaxClient(socketPath: uri.socketPath)
        client.timeout = .seconds(60)
        let request = SubmitFaxRequest(to: number, options: FaxOptionsResource(
            resolution: settings.resolution, modemGroup: settings.modemGroup, metadata: metadata(job: job, prefix: settings.number.prefix)))
        let key = arguments.jobUUID ?? "cups-\(job)"
        StatusLines.info("Handing the fax to \(number) to faxd")
        let fax: FaxResource
        do {
            fax = try await client.submit(document: document, filename: Self.filename(arguments.title), request, idempotencyKey: key)
        } catch {
            let refusal = SubmitRefusal.from(error, number: number, socketPath: uri.socketPath, jobID: arguments.jobID, printer: printer)
            StatusLines.error(refusal.message)
            return refusal.exitCode
        }
        StatusLines.debug("faxd fax \(fax.id), idempotency key \(key)")
        guard settings.waitForOutcome else {
            StatusLines.info("Fax \(fax.id) to \(number) is queued in faxd (faxctl show \(fax.id) follows it)")
            return .ok
        }
        let watcher = OutcomeWatcher(client: client, socketPath: uri.socketPath, faxID: fax.id, number: number, printer: printer, jobID: arguments.jobID,
                                     termination: termination)
        return await watcher.run(first: fax)
    }

    /// Who printed what, kept with the fax (faxctl show, GET /v1/faxes/{id}).
    func metadata(job: String, prefix: String) -> [String: String] {
        var metadata = ["submitter": "cups", "cups_user": String(arguments.user.prefix(512)),
                        "cups_title": String(arguments.title.prefix(512)), "cups_job": job]
        if !prefix.isEmpty { metadata["dial_prefix"] = prefix }
        return metadata
    }

    /// A file name for the upload: the title without path separators or quotes.
    static func filename(_ title: String) -> String {
        let cleaned = title.filter { $0.isASCII && ($0.isLetter || $0.isNumber || "._- ".contains($0)) }
        return cleaned.isEmpty ? "print-job" : String(cleaned.prefix(100))
    }
}
