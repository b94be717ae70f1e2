// Class1Options: the options faxctl's modem commands share — device, identity, ECM, lock
// directory, deadline — and turning them into FaxSessionOptions and a Class1FrontEnd.

import ArgumentParser
import T30
import T31

struct Class1Options: ParsableArguments {
    @Option(help: "The modem's serial device (e.g. /dev/ttyS0, /dev/ttyACM0).")
    var device: String

    @Option(help: "Our station identity (TSI/CSI): digits, spaces and '+', at most 20.")
    var ident: String = ""

    @Flag(inversion: .prefixedNo, help: "Offer error correction (ECM).")
    var ecm = true

    @Option(help: "UUCP lock directory; empty for no UUCP lock.")
    var lockDirectory: String = "/var/lock"

    @Option(help: "Hard limit on the call, in seconds.")
    var deadline: Int = 900

    @Flag(help: "Print the session log (every AT command, response and T.30 frame) at the end.")
    var log = false

    func sessionOptions() -> FaxSessionOptions {
        FaxSessionOptions(localIdentity: ident, errorCorrection: ecm, callDeadline: .seconds(deadline))
    }

    func frontEnd() -> Class1FrontEnd {
        Class1FrontEnd(devicePath: device, lockDirectory: lockDirectory.isEmpty ? nil : lockDirectory)
    }
}

/// Runs a session with live progress, prints the result and exits non-zero on failure.
func runWithProgress(_ session: FaxSession, over frontEnd: Class1FrontEnd, setup: FaxCallSetup, printLog: Bool) throws {
    session.onEvent = { event in
        if case .completed = event { return }
        print("  \(Describe.event(event))")
    }
    let result = session.run(over: frontEnd, setup: setup)
    if printLog { result.sessionLog.forEach { print($0) } }
    if let id = frontEnd.callerID, !id.isEmpty {
        print("caller ID: \(id.number ?? "-") \(id.name ?? "")")
    }
    print(Describe.result(result))
    if !result.isSuccess {
        print("error \(result.completion.code): \(result.completion.description)")
        throw ExitCode(1)
    }
}
