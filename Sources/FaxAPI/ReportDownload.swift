// ReportDownload: GET /v1/faxes/{id}/report — a sent fax's confirmation report (seed 004): one PDF
// page with the outcome (state, completion code and text, pages, the far end's identity, times,
// speed) and page 1 as it went out, reduced (ConfirmationReport). Made on demand in the spool's
// private scratch directory, like a PDF download; only for an outbound fax that has ended.

import FaxDocuments
import FaxServer
import Foundation
import Hummingbird
import Spool

enum ReportDownload {
    static func response(for job: FaxJob, attempts: [FaxAttempt], scratchDirectory: String) async throws -> Response {
        guard job.direction == .outbound else { throw APIProblem.badRequest("a report is for a sent fax; this one was received") }
        guard job.state.isFinished else {
            throw APIProblem(.conflict, code: 4090, "Not allowed in this state", detail: "fax \(job.id) is \(job.state.rawValue): no report until it ends")
        }
        let report = ConfirmationReport(job: job, attempts: attempts)
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
}
