// OutcomeWatcher: follows a fax in faxd until it ends, so the CUPS job's state is true (a backend
// that exits when the fax is queued leaves CUPS saying "completed" even if the fax later fails).
// It polls GET /v1/faxes/{id} and turns what changed into status lines: dialing (STATE
// +connecting-to-device), each confirmed page (PAGE, ATTR job-media-progress), a busy line and the
// next attempt, the end — exit 0 when sent, an ERROR line with faxd's completion code and exit 5
// when the fax failed after faxd's own retries. On SIGTERM it cancels the fax in faxd (the call is
// hung up, 5208) when cupsd says the job was cancelled, and otherwise leaves the fax queued there.

import FaxAPIModels
import FaxClient
import Foundation

struct OutcomeWatcher {
    let client: FaxClient
    /// faxd's socket, probed before each poll (a faxd gone is noticed at once, not after a timeout).
    let socketPath: String
    let faxID: String
    let number: String
    let printer: String
    let jobID: Int
    let termination: TerminationSignal
    /// How long faxd may stay unreachable before the job is handed back to CUPS to retry.
    var unreachableLimit: Double = 120
    var pollInterval: Duration = .milliseconds(200)

    func run(first: FaxResource) async -> BackendExitCode {
        var last: FaxResource?
        var current = first
        var unreachableSince: Date?
        while true {
            report(current, previous: last)
            if let exit = ending(current) { return exit }
            last = current
            while true {
                if termination.requested { return await terminated() }
                try? await Task.sleep(for: pollInterval)
                do {
                    if let problem = SocketProbe.problem(connecting: socketPath) { throw WatchError(description: problem) }
                    current = try await client.fax(faxID)
                    if unreachableSince != nil { StatusLines.info("faxd is reachable again") }
                    unreachableSince = nil
                    break
                } catch {
                    let since = unreachableSince ?? Date()
                    if unreachableSince == nil {
                        StatusLines.info("Lost contact with faxd (\(error)); fax \(faxID) stays queued there, waiting")
                    }
                    unreachableSince = since
                    if Date().timeIntervalSince(since) > unreachableLimit {
                        StatusLines.error("faxd has not answered for \(Int(unreachableLimit)) s; fax \(faxID) stays queued in faxd "
                                          + "and CUPS will look at it again later")
                        return .retry
                    }
                }
            }
        }
    }

    /// Status lines for what changed since `previous`.
    func report(_ fax: FaxResource, previous: FaxResource?) {
        let total = fax.pagesTotal
        if fax.state != previous?.state {
            let attempt = "attempt \(max(fax.attemptsMade, 1)) of \(fax.maxAttempts)"
            switch fax.state {
            case "queued", "scheduled":
                StatusLines.jobState("job-queued")
                StatusLines.info("Fax \(fax.id) to \(number) is queued in faxd, waiting for a modem")
            case "dialing":
                StatusLines.state("+connecting-to-device")
                StatusLines.info("Dialing \(number) (\(attempt))")
            case "sending":
                StatusLines.state("-connecting-to-device")
                StatusLines.jobState("job-printing")
                if let total { StatusLines.pagesTotal(total) }
                StatusLines.info("Sending to \(number): page \(fax.pagesConfirmed + 1)\(total.map { " of \($0)" } ?? "")")
            case "retry_wait":
                StatusLines.state("-connecting-to-device")
                StatusLines.jobState("job-queued")
                let why = fax.completion.map { "\($0.code) \($0.description)" } ?? "not sent"
                let next = fax.nextAttemptAt.map { " next attempt at \(Self.time($0))" } ?? ""
                StatusLines.info("Fax to \(number): \(why) (\(attempt));\(next)")
            case "held":
                StatusLines.info("Fax \(fax.id) is held in faxd (faxctl resume \(fax.id) sends it)")
            default:
                break
            }
        }
        let before = previous?.pagesConfirmed ?? 0
        if fax.pagesConfirmed > before {
            for page in (before + 1)...fax.pagesConfirmed {
                StatusLines.page(page)
                if let total, total > 0 { StatusLines.progress(percent: page * 100 / total) }
            }
            if fax.state == "sending" {
                StatusLines.info("Sending to \(number): page \(fax.pagesConfirmed) of \(total ?? fax.pagesConfirmed) confirmed")
            }
        }
    }

    /// The exit status once the fax has ended; nil while it has not.
    func ending(_ fax: FaxResource) -> BackendExitCode? {
        switch fax.state {
        case "sent":
            StatusLines.state("-connecting-to-device")
            StatusLines.progress(percent: 100)
            StatusLines.info("Fax sent to \(number): \(fax.pagesConfirmed) page\(fax.pagesConfirmed == 1 ? "" : "s") (faxd \(fax.id))")
            return .ok
        case "failed", "partial", "cancelled":
            StatusLines.state("-connecting-to-device")
            let why = fax.completion.map { "\($0.code) \($0.description)" } ?? fax.state
            let pages = fax.state == "partial" ? ", \(fax.pagesConfirmed) of \(fax.pagesTotal ?? 0) pages sent" : ""
            let verb = fax.state == "cancelled" ? "was cancelled in faxd" : "failed"
            StatusLines.error("Fax to \(number) \(verb): \(why) after \(fax.attemptsMade) attempt\(fax.attemptsMade == 1 ? "" : "s")\(pages) (faxd \(fax.id))")
            return .cancel
        default:
            return nil
        }
    }

    /// SIGTERM: cancel the fax when the print job was cancelled; otherwise (cupsd stopping) leave it.
    func terminated() async -> BackendExitCode {
        guard CupsJobState.hasEnded(printer: printer, jobID: jobID) else {
            StatusLines.info("Stopped by cupsd; fax \(faxID) stays queued in faxd and this job finds it again when it restarts")
            return .retry
        }
        StatusLines.info("Cancelling fax \(faxID) in faxd")
        do {
            _ = try await client.perform(.cancel, faxID)
        } catch {
            StatusLines.error("faxd did not cancel fax \(faxID): \(error)")
            return .cancel
        }
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if let fax = try? await client.fax(faxID), fax.isFinished {
                let code = fax.completion.map { " (\($0.code) \($0.description))" } ?? ""
                StatusLines.info("Fax \(faxID) to \(number) \(fax.state == "cancelled" ? "cancelled" : fax.state)\(code)")
                return .cancel
            }
            try? await Task.sleep(for: .milliseconds(100))
        }
        StatusLines.info("Asked faxd to cancel fax \(faxID)")
        return .cancel
    }

    struct WatchError: Error, CustomStringConvertible {
        let description: String
    }

    static func time(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "HH:mm:ss"
        return formatter.string(from: date)
    }
}
