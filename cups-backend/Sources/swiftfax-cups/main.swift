// swiftfax-cups: the CUPS backend `swiftfax` — the print-to-fax front door. Installed as
// <cups ServerBin>/backend/swiftfax, mode 0755, so cupsd runs it as lp; it reaches faxd only
// through faxd's REST API on its Unix socket. No arguments: discovery (lpinfo -v). Six or seven:
// one print job (PrintJob). docs/cups.md describes it.

import Foundation

signal(SIGPIPE, SIG_IGN)
// cupsd's SIGTERM (cancel) must get through whatever mask the backend inherited.
var termination = sigset_t()
sigemptyset(&termination)
sigaddset(&termination, SIGTERM)
pthread_sigmask(SIG_UNBLOCK, &termination, nil)
// cupsd leaves the backend (as lp) in whatever directory cupsd was started from, whose path lp
// may not be allowed to walk: Foundation starts every program in the current directory by that
// path (gs for a cover page then fails with EACCES). Such a directory is of no use to the backend
// anyway: the job's TMPDIR, else /.
let workingDirectory = getcwd(nil, 0)
if workingDirectory == nil || access(workingDirectory!, X_OK) != 0 {
    let fallback = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { access($0, X_OK) == 0 ? $0 : nil } ?? "/"
    _ = chdir(fallback)
}
free(workingDirectory)
let argv = CommandLine.arguments
let exitCode: BackendExitCode
if argv.count == 1 {
    exitCode = await Discovery.run()
} else if let arguments = BackendArguments(Array(argv.dropFirst())) {
    let environment = ProcessInfo.processInfo.environment
    let uriText = environment["DEVICE_URI"] ?? argv[0]
    if let uri = DeviceURI(uriText) {
        let job = PrintJob(arguments: arguments, uri: uri, printer: environment["PRINTER"] ?? "fax",
                           ppdDefaults: PPDDefaults.read(environment["PPD"]), termination: TerminationSignal())
        exitCode = await job.run()
    } else {
        StatusLines.error("Device URI \(uriText) is not a swiftfax: URI (swiftfax:/, swiftfax:/GROUP, ?socket=PATH)")
        exitCode = .failed
    }
} else {
    FileHandle.standardError.write(Data("Usage: swiftfax job-id user title copies options [file]\n".utf8))
    exitCode = .failed
}
exit(exitCode.rawValue)
