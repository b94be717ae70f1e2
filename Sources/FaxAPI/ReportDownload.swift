// ReportDownload: GET /v1/faxes/{id}/report — a sent fax's confirmation report (seed 004): one PDF
// page with the outcome (state, completion code and text, pages, the far end's identity, times,
// speed) and page 1 as it went out, reduced (ConfirmationReport). Made on demand in the spool's
// private scratch directory, like a PDF download; only for an outbound fax that has ended.

import FaxDocuments
import FaxServer
import Foundation
import Hummingbird
import Spool
import T4

enum ReportDownload {
    static func response(for job: FaxJob, attempts: [FaxAttempt], scratchDirectory: String) async throws -> Response {
        guard job.direction == .outbound else { throw APIProblem.badRequest("a report is for a sent fax; this one was received") }
        guard job.state.isFinished else {
            throw APIProblem(.conflict, code: 4090, "Not allowed in this state", detail: "fax \(job.id) is \(job.state.rawValue): no report until it ends")
        }
        let report = ConfirmationReport(lines: lines(job, attempts), firstPage: firstPage(job))
        let folder = try DocumentDownload.privateFolder(in: scratchDirectory)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let pdf = folder + "/\(job.id)-report.pdf"
        try await OffPool.run {
            try report.writePDF(to: pdf)
            chmod(pdf, 0o600)
        }
        return JSONResponse.bytes(try Data(contentsOf: URL(fileURLWithPath: pdf)), contentType: "application/pdf",
                                  filename: "\(job.id)-report.pdf")
    }

    /// The report's label/value lines.
    static func lines(_ job: FaxJob, _ attempts: [FaxAttempt]) -> [(String, String)] {
        let zone = TimeZone(identifier: job.options.timeZone ?? "UTC") ?? .gmt
        let format = Date.VerbatimFormatStyle(format: "\(year: .defaultDigits)-\(month: .twoDigits)-\(day: .twoDigits) \(hour: .twoDigits(clock: .twentyFourHour, hourCycle: .zeroBased)):\(minute: .twoDigits):\(second: .twoDigits)",
                                              timeZone: zone, calendar: Calendar(identifier: .gregorian))
        let last = attempts.last?.result
        let lineSeconds = attempts.compactMap(\.result?.lineSeconds).reduce(0, +)
        let completion = job.lastCompletion.map { "\($0.code) \($0.description)" } ?? "-"
        var lines: [(String, String)] = [
            ("Fax", job.id.rawValue),
            ("Result", job.state.rawValue.uppercased()),
            ("Completion", completion),
            ("To", job.toNumber),
            ("From", job.fromNumber.isEmpty ? "-" : job.fromNumber),
            ("Remote station", last?.remoteIdentity.isEmpty == false ? last!.remoteIdentity : "-"),
            ("Pages sent", "\(job.pagesConfirmed) of \(job.pagesTotal.map(String.init) ?? "?")"),
            ("Attempts", "\(job.attemptsMade) of \(job.maxAttempts)"),
            ("Submitted", job.createdAt.formatted(format) + " " + (zone.abbreviation(for: job.createdAt) ?? zone.identifier)),
            ("Ended", job.updatedAt.formatted(format) + " " + (zone.abbreviation(for: job.updatedAt) ?? zone.identifier)),
            ("Line time", String(format: "%.0f s", lineSeconds)),
        ]
        if let last, last.bitRate > 0 {
            lines.append(("Speed", "\(last.bitRate) bit/s, \(last.compression.isEmpty ? "-" : last.compression)\(last.errorCorrection ? ", ECM" : "")"))
        }
        if let box = job.faxboxID { lines.append(("Faxbox", box)) }
        return lines
    }

    /// Page 1 of what was transmitted (or of a resumed attempt's first part), if still stored.
    static func firstPage(_ job: FaxJob) -> FaxPage? {
        guard let path = job.transmitPath, FileManager.default.fileExists(atPath: path) else { return nil }
        return try? TIFFFaxReader.readPages(path: path).first
    }
}
