// CupsJobState: asks cupsd (CUPS_SERVER, as cupsd set it for the backend) what state this print
// job is in. SIGTERM means "cancel" only when cupsd says the job is cancelled: cupsd marks the job
// cancelled before it signals the backend, while a cupsd stopping or gone leaves the job pending or
// processing — then the fax stays queued in faxd, and the restarted job finds it by its job-uuid.

import CCups

enum CupsJobState {
    /// True when cupsd says the job has ended (cancelled, aborted or completed) or no longer has it;
    /// false when it is still pending or processing, or when cupsd cannot be asked.
    static func hasEnded(printer: String, jobID: Int) -> Bool {
        var jobs: UnsafeMutablePointer<cups_job_t>?
        let count = cupsGetJobs2(nil, &jobs, printer, 0, CUPS_WHICHJOBS_ALL)
        defer { cupsFreeJobs(count, jobs) }
        guard count >= 0, cupsLastError().rawValue <= IPP_STATUS_OK_EVENTS_COMPLETE.rawValue else { return false }
        for index in 0..<Int(count) where Int(jobs![index].id) == jobID {
            return jobs![index].state.rawValue >= IPP_JSTATE_CANCELED.rawValue
        }
        return true
    }
}
