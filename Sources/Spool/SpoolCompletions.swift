// SpoolCompletions: the completion codes the spool itself gives a job (no call produced them).

import T30

extension FaxCompletion {
    /// The kill time passed before the fax could be sent.
    public static let killTimeReached = FaxCompletion(code: 5207, description: "The job's time limit passed before it could be sent")
    /// The process stopped during the call.
    public static let interruptedByRestart = FaxCompletion.internalError("the call was interrupted by a restart")
    /// Restarts interrupted the job's calls too many times.
    public static let tooManyRestarts = FaxCompletion.internalError("restarts interrupted this job's calls too many times")
}
