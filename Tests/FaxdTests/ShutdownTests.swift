// docs/faxd.md: "Shutdown (SIGTERM/SIGINT): the pool stops taking work; calls in progress finish
// and their results are recorded." A real faxd gets SIGTERM while it sends a 3-page fax on one
// modem and receives a 3-page fax on another, one page into each: faxd stays up until both calls
// end, the sent fax is `sent` with its 3 pages (the fax machine has exactly them), the received
// one is `received` with its 3 pages, its PDF and its metadata, a fax queued meanwhile is not
// dialled, and faxd exits 0 having said "faxd stopped".

import FaxAPIModels
import FaxClient
import FaxOutcome
import FaxTestSupport
import FaxdTestSupport
import Foundation
import Spool
import T30
import T4
import Testing
import VirtualExchange

@Suite(.serialized) struct ShutdownTests {
    /// True once the process has exited (gone, or a zombie not yet reaped).
    static func exited(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return true }
        return stat[stat.index(close, offsetBy: 2)] == "Z"
    }

    @Test func sigtermLetsTheCallsInProgressFinishAndRecordsThem() async throws {
        var machine: FaxMachineLine!
        var caller: FaxMachineLine!
        let harness = try FaxdHarness(
            "faxd-sigterm", speed: 4, modems: [("ttyOut", "15550101", false, true), ("ttyIn", "15550102", true, false)]
        ) { exchange, dir in
            machine = try exchange.addFaxMachine(number: "15550200", inbox: dir.file("machine"),
                                                 options: FaxSessionOptions(localIdentity: "+1 555 0200"))
            caller = try exchange.addFaxMachine(number: "15550300", inbox: dir.file("caller"),
                                                options: FaxSessionOptions(localIdentity: "+1 555 0300"))
            exchange.addBehaviourLine(number: "15550400", profile: LineProfile(answering: .neverAnswers))
        }
        defer { harness.stop() }
        let client = harness.client
        let (outgoing, _) = try writeChart(harness.dir, pages: 3, name: "out.tif", seed: 31, density: 0.3)
        let (incoming, incomingPages) = try writeChart(harness.dir, pages: 3, name: "in.tif", seed: 32, density: 0.3)

        // Both calls under way, one page through on each.
        let fax = try await client.submit(file: outgoing, SubmitFaxRequest(to: "+15550200"))
        let sender: FaxMachineLine = caller
        let inboundCall = Task.detached { sender.send(document: incoming, to: "15550102") }
        var inboundID: String?
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline {
            let out = try await client.fax(fax.id)
            let inbound = try await client.inbox().data.first
            inboundID = inbound?.id
            if out.pagesConfirmed >= 1, (inbound?.pagesConfirmed ?? 0) >= 1 { break }
            try #require(!out.isFinished && !(inbound?.isFinished ?? false), "a call ended before the test could stop faxd\n\(harness.faxd.log())")
            try await Task.sleep(for: .milliseconds(200))
        }
        let inbound = try #require(inboundID, "the call to faxd was not answered\n\(harness.faxd.log())")
        let before = (try await client.fax(fax.id), try await client.fax(inbound))
        try #require(before.0.pagesConfirmed >= 1 && before.1.pagesConfirmed >= 1 && before.0.pagesConfirmed < 3 && before.1.pagesConfirmed < 3,
                     "not mid-call on both: \(before.0.pagesConfirmed), \(before.1.pagesConfirmed)\n\(harness.faxd.log())")
        // Its modem is busy: this one waits, and must not be dialled once faxd is told to stop.
        let waiting = try await client.submit(file: outgoing, SubmitFaxRequest(to: "+15550400"))

        let pid = try #require(harness.faxd.pid)
        let signalled = Date()
        kill(pid, SIGTERM)
        // Shutting down, the API stops answering at once; faxd itself stays for its calls.
        let socket = harness.socketPath
        #expect(await eventually(timeout: 10) { !FaxdProcess.healthAnswers(socket) }, "the API still answers after SIGTERM")
        #expect(!Self.exited(pid), "faxd exited at once, calls in progress or not")
        while !Self.exited(pid), Date().timeIntervalSince(signalled) < 300 {
            try await Task.sleep(for: .milliseconds(100))
        }
        try #require(Self.exited(pid), "faxd still running 300 s after SIGTERM\n\(harness.faxd.log())")
        let status = harness.faxd.stop()
        #expect(status == 0, "exit status \(String(describing: status))\n\(harness.faxd.log())")
        let log = harness.faxd.log(tail: 100_000)
        #expect(log.contains("faxd stopped"), "\(log)")

        // What the spool recorded (read as a tool: faxd is gone).
        let spool = try await harness.spool()
        let sent = try await spool.job(JobID(fax.id))
        #expect(sent.state == .sent, "\(sent.state)\n\(log)")
        #expect(sent.pagesConfirmed == 3)
        let attempts = try await spool.attempts(JobID(fax.id))
        #expect(attempts.count == 1 && attempts.first?.result?.completion.code == FaxCompletion.ok.code, "\(attempts)")
        let transmitted = try TIFFFaxReader.readPages(path: try #require(sent.transmitPath))
        let arrived = machine.waitForReceived(count: 1, timeout: 30)
        #expect(try TIFFFaxReader.readPages(path: try #require(arrived.last?.path)).map(\.bits) == transmitted.map(\.bits))

        let received = try await spool.job(JobID(inbound))
        #expect(received.state == .received, "\(received.state)\n\(log)")
        #expect(received.pagesConfirmed == 3)
        #expect(received.options.metadata["resolution"] == "fine", "metadata recorded after the call: \(received.options.metadata)")
        let receivedPath = try #require(received.receivedPath)
        #expect(try TIFFFaxReader.readPages(path: receivedPath).map(\.bits) == incomingPages.map(\.bits))
        #expect(FileManager.default.fileExists(atPath: (receivedPath as NSString).deletingPathExtension + ".pdf"))
        #expect(await inboundCall.value.isSuccess)

        let untouched = try await spool.job(JobID(waiting.id))
        let dialled = try await spool.attempts(JobID(waiting.id)).map(\.startedAt)
        #expect(untouched.state == .queued && dialled.isEmpty,
                "\(untouched.state), dialled at \(dialled) (SIGTERM at \(signalled))\n\(log)")
    }
}
