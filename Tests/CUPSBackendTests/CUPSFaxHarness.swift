// CUPSFaxHarness: the whole print-to-fax path with real parts — faxd on the virtual exchange (a
// Class 1 modem on 15550101, a fax machine on 15550200, a busy line on 15550300; short retries;
// its API socket group lp, mode 0660, as docs/cups.md tells a site to set it) and a private cupsd
// with a `fax` queue on the swiftfax backend just built and cups-backend/swiftfax.ppd. The
// backend runs as lp, so every test also proves lp reaches faxd's socket.

import FaxAPIModels
import FaxClient
import FaxdTestSupport
import FaxTestSupport
import Foundation
import T30
import T4
import VirtualExchange

final class CUPSFaxHarness: @unchecked Sendable {
    /// The exchange's lines, and the numbers people print to (E.164, as faxd's dial rules read them).
    static let machineLine = "15550200", busyLine = "15550300"
    static let machineNumber = "+15550200", busyNumber = "+15550300"
    static let faxctl = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("faxctl").path

    let faxd: FaxdHarness
    let cupsd: PrivateCupsd
    let machine: FaxMachineLine
    var client: FaxClient { faxd.client }
    var dir: ScratchDirectory { faxd.dir }

    /// `speed`: the exchange's line speed; 4× by default (the modem and the fax machine are both
    /// ours).
    init(_ label: String, speed: Double = 4, apiYAML: String = "", queueOptions: [String] = []) throws {
        var machine: FaxMachineLine!
        faxd = try FaxdHarness(label, speed: speed, modems: [("ttyFax", "15550101", false, true)],
                               extraYAML: "retry: { busy: [1], no_answer: [1], failure: [1] }",
                               apiYAML: ", socket_group: lp, socket_mode: \"0660\"" + apiYAML,
                               defaultsYAML: ", max_attempts: 2") { exchange, dir in
            machine = try exchange.addFaxMachine(number: Self.machineLine, inbox: dir.file("machine"),
                                                 options: FaxSessionOptions(localIdentity: "+1 555 0200", callDeadline: .seconds(120)))
            exchange.addBehaviourLine(number: Self.busyLine, profile: LineProfile(answering: .busy))
        }
        self.machine = machine
        // lp must get to the socket: the scratch folders are searchable, the socket is group lp.
        for folder in [faxd.dir.path, faxd.dir.file("run")] { chmod(folder, 0o755) }
        cupsd = try PrivateCupsd(root: faxd.dir.file("cups"), environment: ["SWIFTFAX_SOCKET": faxd.socketPath])
        try cupsd.start()
        try cupsd.addFaxQueue(uri: "swiftfax:/?socket=\(faxd.socketPath)", options: queueOptions)
    }

    func stop() {
        cupsd.stop()
        faxd.stop()
    }

    /// The print job as cupsd reports it.
    func job(_ id: Int) -> CupsJob? { CupsJobQuery.job(id, socket: cupsd.socketPath) }

    /// Polls the print job until `condition` holds; the last state seen (nil: cupsd never answered).
    func waitForJob(_ id: Int, timeout: Double, _ condition: (CupsJob) -> Bool) async throws -> CupsJob? {
        let deadline = Date().addingTimeInterval(timeout)
        var last: CupsJob?
        while Date() < deadline {
            last = job(id) ?? last
            if let last, condition(last) { return last }
            try await Task.sleep(for: .milliseconds(100))
        }
        return last
    }

    /// The faxes faxd has for print job `id` (by the backend's cups_job metadata).
    func faxes(forPrintJob id: Int) async throws -> [FaxResource] {
        try await client.list(limit: 200).data.filter { $0.options.metadata?["cups_job"] == "fax-\(id)" }
    }

    /// Polls faxd until it has a fax for print job `id` for which `condition` holds.
    func waitForFax(forPrintJob id: Int, timeout: Double, _ condition: (FaxResource) -> Bool) async throws -> FaxResource? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let fax = try await faxes(forPrintJob: id).first, condition(fax) { return fax }
            try await Task.sleep(for: .milliseconds(100))
        }
        return try await faxes(forPrintJob: id).first
    }

    /// Everything to look at when a test fails.
    func diagnostics() -> String {
        let jobLines = cupsd.errorLog(tail: 1_000_000).split(separator: "\n").filter { $0.contains("[Job ") && !$0.contains("envp[") }
        return "--- cupsd error_log, job lines\n" + jobLines.suffix(80).joined(separator: "\n") + "\n--- faxd log\n" + faxd.faxd.log(tail: 40)
    }
}

