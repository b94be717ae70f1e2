// FaxdHarness: the virtual exchange in the test process, a faxd process configured for it, and a
// read-only view of faxd's spool (opened as a tool, not as its owner) to see jobs as they move.

import FaxClient
import FaxTestSupport
import Foundation
import Spool
import T30
import VirtualExchange

public final class FaxdHarness: @unchecked Sendable {
    public let dir: ScratchDirectory
    public let exchange: VirtualExchange
    public let faxd: FaxdProcess
    public let spoolDirectory: String
    public var socketPath: String { faxd.socketPath }
    /// faxd's REST API on its Unix socket, as faxctl reaches it.
    public var client: FaxClient { FaxClient(socketPath: socketPath) }

    /// `modems`: (name, exchange number, answer, dial) of virtual Class 1 modems; `lines` adds the
    /// other lines, and `modemYAML` entries of `modems:` for modems it added (one per line, indented
    /// two spaces). `speed`: the exchange's line speed (1 = real time; both ends are ours, so
    /// faster is fair).
    public init(_ label: String, speed: Double = 1, modems: [(String, String, Bool, Bool)] = [], 
         extraYAML: String = "", apiYAML: String = "", defaultsYAML: String = "",
         workingDirectory: String? = nil, executable: String = FaxdProcess.executable, environment: [String: String] = [:], lines: (VirtualExchange, ScratchDirectory) throws -> Void = { _, _ in },
         modemYAML extraModems: (ScratchDirectory) -> String = { _ in "" }) throws {
        dir = ScratchDirectory(label)
        exchange = VirtualExchange(options: ExchangeOptions(speed: speed, ringInterval: 2, noAnswerTimeout: 12, failureDelay: 1))
        var modemYAML = ""
        for (name, number, answer, dial) in modems {
            _ = try exchange.addModem(number: number, path: dir.file(name))
            modemYAML += "  - { name: \(name), device: \(dir.file(name)), answer: \(answer), dial: \(dial), rings: 2 }\n"
        }
        try lines(exchange, dir)
        modemYAML += extraModems(dir)
        exchange.start()
        spoolDirectory = dir.file("spool")
        let yaml = """
        spool: \(spoolDirectory)
        lock_directory: ""
        allow_root: true
        defaults: { header: "faxd test", identity: "+1 555 0100"\(defaultsYAML) }
        destinations: { private_prefixes: ["+1555"] }
        api: { socket: \(dir.file("run/faxd.sock"))\(apiYAML) }
        \(extraYAML)
        modems:
        \(modemYAML.isEmpty ? "  []\n" : modemYAML)
        """
        try yaml.write(toFile: dir.file("faxd.yaml"), atomically: true, encoding: .utf8)
        faxd = FaxdProcess(configPath: dir.file("faxd.yaml"), socketPath: dir.file("run/faxd.sock"), logPath: dir.file("faxd.log"),
                           workingDirectory: workingDirectory, executable: executable)
        try faxd.start(environment: environment)
    }

    public func stop() {
        faxd.stop()
        exchange.stop()
    }

    /// The spool as a tool sees it while faxd owns it.
    public func spool() async throws -> Spool {
        try await Spool(path: spoolDirectory + "/spool.sqlite", configuration: SpoolConfiguration(recoverOnOpen: false))
    }

    /// Polls until `condition` holds for the job (or `timeout` seconds pass).
    public func wait(for id: JobID, timeout: Double, _ condition: (FaxJob) -> Bool) async throws -> FaxJob {
        let spool = try await spool()
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let job = try await spool.job(id)
            if condition(job) || Date() > deadline { return job }
            try await Task.sleep(for: .milliseconds(200))
        }
    }
}

extension FaxdHarness {
    /// The common set-up: faxd with one modem that dials (ttyOut on 15550101) and the exchange's
    /// fax machine on 15550200 (identity "+1 555 0200").
    public static func sendingToFaxMachine(_ label: String, speed: Double = 1, extraYAML: String = "", workingDirectory: String? = nil,
                                    executable: String = FaxdProcess.executable) throws -> (FaxdHarness, FaxMachineLine) {
        var machine: FaxMachineLine!
        let harness = try FaxdHarness(label, speed: speed, modems: [("ttyOut", "15550101", false, true)], extraYAML: extraYAML,
                                      workingDirectory: workingDirectory, executable: executable) { exchange, dir in
            machine = try exchange.addFaxMachine(number: "15550200", inbox: dir.file("machine"),
                                                 options: FaxSessionOptions(localIdentity: "+1 555 0200", callDeadline: .seconds(120)))
        }
        return (harness, machine)
    }
}
