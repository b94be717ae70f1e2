// SubmitRefusal: what the backend tells CUPS when faxd does not take a fax — a clear message and
// the exit status that makes CUPS do the right thing: hold for a number a person must fix, cancel
// for a document that cannot be faxed, retry later when faxd is not there (never a hang, never a
// silent loss). faxd keeps nothing of a refused submission (its API removes the upload).

import FaxAPIModels
import Foundation

struct SubmitRefusal {
    let message: String
    let exitCode: BackendExitCode

    static func from(_ error: any Error, number: String, socketPath: String, jobID: Int, printer: String) -> SubmitRefusal {
        guard let problem = error as? ProblemResource else {
            let reason = "\(error)"
            let hint = reason.contains("ermission") || reason.contains("EACCES")
                ? " (the backend runs as lp: faxd's api.socket_group must be lp, see docs/cups.md)" : ""
            return SubmitRefusal(message: "faxd is not reachable at \(socketPath): \(reason)\(hint); CUPS will retry this fax later",
                                 exitCode: .retry)
        }
        let detail = problem.detail.map { ": \($0)" } ?? ""
        switch problem.code {
        case 4001, 4002:
            return SubmitRefusal(message: "faxd refused the fax number \(number) (\(problem.code) \(problem.title)\(detail)); "
                                     + "set another with: lp -i \(printer)-\(jobID) -o phone=NUMBER -H resume",
                                 exitCode: .hold)
        case 4201, 4202:
            return SubmitRefusal(message: "faxd cannot fax this document (\(problem.code) \(problem.title)\(detail))", exitCode: .cancel)
        default:
            if problem.status == 413 || problem.status == 415 {
                return SubmitRefusal(message: "faxd cannot fax this document (\(problem.code) \(problem.title)\(detail))", exitCode: .cancel)
            }
            if problem.status >= 500 || problem.status == 429 {
                return SubmitRefusal(message: "faxd could not take the fax now (\(problem.code) \(problem.title)\(detail)); CUPS will retry it later",
                                     exitCode: .retry)
            }
            return SubmitRefusal(message: "faxd refused the fax (\(problem.code) \(problem.title)\(detail))", exitCode: .cancel)
        }
    }
}
