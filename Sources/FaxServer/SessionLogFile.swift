// SessionLogFile: each call's session log (every AT command and response, every T.30 frame, with
// times) as a text file beside the spool — <spool>/logs/<job>/attempt-<n>.log — as HylaFAX keeps
// its session logs. The same log is in the attempt's database row; the file is for people.

import FaxOutcome
import Foundation
import Spool
import T30

enum SessionLogFile {
    static func write(_ result: FaxSessionResult, job: JobID, attempt: Int, directory: String) {
        let folder = directory + "/" + job.rawValue
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                 attributes: [.posixPermissions: 0o700])
        var text = "job \(job) attempt \(attempt)\n"
        text += "result \(result.completion.code) \(result.completion.description)\n"
        text += "pages \(result.pagesTransferred), \(result.bitRate) bit/s, ECM \(result.errorCorrection ? "on" : "off"), "
        text += "\(result.compression), remote \"\(result.remoteIdentity)\", \(String(format: "%.1f", result.lineSeconds)) s\n\n"
        for entry in result.sessionLog { text += entry.description + "\n" }
        let path = folder + "/attempt-\(attempt).log"
        FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
    }
}
