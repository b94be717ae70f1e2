// BackendExitCode: what the backend's exit status tells cupsd (cups/backend.h), as measured on a
// `*cupsFax: True` queue (shared/notes/cups-backend.md): 1 and 6 both hold and retry the job after
// JobRetryInterval; 3 holds it until someone resumes it; 5 cancels it. 7 (retry at once) is never used.

enum BackendExitCode: Int32 {
    /// The fax was sent (or, in "return when queued" mode, faxd has it durably).
    case ok = 0
    /// Something on this machine went wrong; cupsd retries the job later.
    case failed = 1
    /// The job needs a person (no fax number, or one faxd refused): held until `lp -i ID … -H resume`.
    case hold = 3
    /// The fax failed for good (after faxd's own retries), or the document cannot be faxed.
    case cancel = 5
    /// faxd is not reachable now: cupsd retries the job after JobRetryInterval.
    case retry = 6
}
