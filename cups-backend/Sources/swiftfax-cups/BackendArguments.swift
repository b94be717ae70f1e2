// BackendArguments: how cupsd runs a backend for a job — `backend job-id user title copies options
// [file]` (no file: the document is on stdin). The job's owner is argv[2] (USER is always root).

struct BackendArguments {
    let jobID: Int
    let user: String
    let title: String
    let copies: Int
    let options: [String: String]
    /// nil: read the document from standard input.
    let file: String?

    /// nil unless `arguments` (argv without argv[0]) has the job form.
    init?(_ arguments: [String]) {
        guard arguments.count == 5 || arguments.count == 6, let jobID = Int(arguments[0]) else { return nil }
        self.jobID = jobID
        user = arguments[1]
        title = arguments[2]
        copies = Int(arguments[3]) ?? 1
        options = CupsOptions.parse(arguments[4])
        file = arguments.count == 6 ? arguments[5] : nil
    }

    /// The CUPS job-uuid (urn:uuid:…): the same on every run of this job, after a cupsd restart too.
    var jobUUID: String? { options["job-uuid"].flatMap { $0.isEmpty ? nil : $0 } }
}
