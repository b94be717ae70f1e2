// ConfirmationReport+Job: a sent fax's confirmation report from its record — the label/value lines
// (result, completion, numbers, remote station, pages, attempts, times, speed, faxbox) and page 1
// as it went out, if still stored. The API's report download and the outcome mail both use it.

import FaxDocuments
import Foundation
import Spool
import T4

extension ConfirmationReport {
    public init(job: FaxJob, attempts: [FaxAttempt]) {
        self.init(lines: Self.lines(job, attempts), firstPage: Self.firstPage(job))
    }

    /// The report's label/value lines.
    public static func lines(_ job: FaxJob, _ attempts: [FaxAttempt]) -> [(String, String)] {
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
    public static func firstPage(_ job: FaxJob) -> FaxPage? {
        guard let path = job.transmitPath, FileManager.default.fileExists(atPath: path) else { return nil }
        return try? TIFFFaxReader.readPages(path: path).first
    }
}
