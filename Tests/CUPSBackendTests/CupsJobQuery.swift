// CupsJobQuery: a print job as cupsd reports it over IPP (Get-Job-Attributes through libcups on the
// private cupsd's socket): its state, state reasons and the backend's last message — what
// `lpstat -l` and the web interface show.

import CCups
import Foundation

struct CupsJob: Sendable, CustomStringConvertible {
    /// IPP job-state: 3 pending, 4 held, 5 processing, 6 stopped, 7 canceled, 8 aborted, 9 completed.
    var state: Int
    var reasons: [String]
    var message: String

    static let pending = 3, held = 4, processing = 5, canceled = 7, aborted = 8, completed = 9
    var hasEnded: Bool { state >= Self.canceled }
    var description: String { "state \(state) reasons \(reasons) message \"\(message)\"" }
}

enum CupsJobQuery {
    static func job(_ id: Int, socket: String) -> CupsJob? {
        guard let http = httpConnect2(socket, 0, nil, AF_UNSPEC, HTTP_ENCRYPTION_NEVER, 1, 5000, nil) else { return nil }
        defer { httpClose(http) }
        let request = ippNewRequest(IPP_OP_GET_JOB_ATTRIBUTES)
        ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_URI, "job-uri", nil, "ipp://localhost/jobs/\(id)")
        ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_NAME, "requesting-user-name", nil, "root")
        guard let response = cupsDoRequest(http, request, "/") else { return nil }
        defer { ippDelete(response) }
        guard let state = ippFindAttribute(response, "job-state", IPP_TAG_ENUM) else { return nil }
        var reasons: [String] = []
        if let attribute = ippFindAttribute(response, "job-state-reasons", IPP_TAG_ZERO) {
            for index in 0..<ippGetCount(attribute) {
                if let text = ippGetString(attribute, index, nil) { reasons.append(String(cString: text)) }
            }
        }
        var message = ""
        if let attribute = ippFindAttribute(response, "job-printer-state-message", IPP_TAG_ZERO), let text = ippGetString(attribute, 0, nil) {
            message = String(cString: text)
        }
        return CupsJob(state: Int(ippGetInteger(state, 0)), reasons: reasons, message: message)
    }
}
