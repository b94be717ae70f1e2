// FaxCompletion: how a fax call ended, as a stable numeric code and a description. A plain value
// with no dependencies, so the spool, documents and API can use it without linking spandsp.
//
// Codes (docs/error-codes.md has the full table):
//   0            success
//   4001–4002    the destination (not a number that can exist, not allowed: emergency or site policy)
//   4201–4203    the document (unreadable or unsupported, too large, download failed)
//   5100–5161    spandsp's T.30 completion codes: 5100 + T30_ERR_*, with spandsp's own text
//   5170–5180    what a Class 2 modem's hang-up report says beyond that table (FaxCompletion+T32)
//   5201–5210    call-level outcomes T.30 does not cover (busy, no answer, voice, deadline, …)

public struct FaxCompletion: Sendable, Hashable, Codable, CustomStringConvertible {
    public let code: Int
    public let description: String

    public init(code: Int, description: String) {
        self.code = code
        self.description = description
    }

    public var isSuccess: Bool { code == 0 }

    public static let ok = FaxCompletion(code: 0, description: "OK")

    // The destination, refused when the call was about to be made (the API refuses the same
    // numbers at submission with the same codes; these catch jobs from an older spool).
    public static let invalidDestination = FaxCompletion(code: 4001, description: "The destination is not a phone number that can exist")
    public static let destinationNotAllowed = FaxCompletion(
        code: 4002, description: "The destination is not allowed: an emergency number, or refused by the site's destination policy")

    // The document layer (4201–4203).
    public static let documentUnreadable = FaxCompletion(code: 4201, description: "Unsupported or invalid document")
    public static let documentTooLarge = FaxCompletion(code: 4202, description: "Document too large")
    public static let documentDownloadFailed = FaxCompletion(code: 4203, description: "Document download failed")

    // Call-level outcomes (5201–5210).
    public static let busy = FaxCompletion(code: 5201, description: "The called number is busy")
    public static let noAnswer = FaxCompletion(code: 5202, description: "The called number did not answer")
    public static let noDialtone = FaxCompletion(code: 5203, description: "No dial tone")
    public static let noCarrier = FaxCompletion(code: 5204, description: "No carrier: no fax answered")
    public static let answeredByVoice = FaxCompletion(code: 5205, description: "The call was answered by voice, not a fax machine")
    public static let modemNotResponding = FaxCompletion(code: 5206, description: "The modem is not responding")
    public static let callDeadlineExceeded = FaxCompletion(code: 5207, description: "The call exceeded its time limit")
    public static let cancelled = FaxCompletion(code: 5208, description: "The call was cancelled")
    public static let modemUnavailable = FaxCompletion(code: 5209, description: "The modem is unavailable")
    public static let unassignedNumber = FaxCompletion(code: 5210, description: "The called number is not assigned")

    // Job-level outcomes the spool gives (no call produced them).
    /// The modem was unplugged (discovery saw it go) during the call; not charged to the fax.
    public static let modemRemoved = FaxCompletion(code: 5212, description: "The modem was removed during the call")
    public static let killTimeReached = FaxCompletion(code: 5211, description: "The job's time limit passed before it could be sent")
    public static let interruptedByRestart = FaxCompletion(code: 5301, description: "The call was interrupted: faxd stopped during it")
    public static let tooManyRestarts = FaxCompletion(code: 5302, description: "Restarts of faxd interrupted this job's calls too many times")

    /// Something inside SwiftFax went wrong (5300); `detail` says what.
    public static func internalError(_ detail: String) -> FaxCompletion {
        FaxCompletion(code: 5300, description: "Internal error: \(detail)")
    }

    /// SwiftFax's own codes (the T.30 module adds spandsp's 5101–5161 for the full table).
    public static let ownCodes: [FaxCompletion] = [
        .ok, .invalidDestination, .destinationNotAllowed, .documentUnreadable, .documentTooLarge, .documentDownloadFailed,
        .busy, .noAnswer, .noDialtone, .noCarrier, .answeredByVoice, .modemNotResponding,
        .callDeadlineExceeded, .cancelled, .modemUnavailable, .unassignedNumber, .killTimeReached, .modemRemoved,
        FaxCompletion(code: 5300, description: "Internal error"), .interruptedByRestart, .tooManyRestarts,
    ]
}
