// What the far end says cannot forge faxd's journal. A hostile caller controls its caller-ID
// name (delivered by the modem between rings) and its station identity (T.30's TSI, 20 bytes of
// its choosing); faxd logs both. efax — which, unlike our own fax machine, sends whatever
// identity it is given — calls faxd with a TSI of "1\n<3>faxd: fake line" from a line whose
// caller name carries a quote and a fake key=value. Every line of faxd's log
// must still be one of faxd's own entries: the newline arrives escaped inside the "call ended"
// line, not as a journal entry at priority 3, and the name cannot end its quoted value early.

import FaxAPIModels
import FaxClient
import FaxTestSupport
import FaxdTestSupport
import Foundation
import T4
import Testing
import VirtualExchange

@Suite(.serialized) struct FarEndLogTests {
    static let efax = "/usr/bin/efax"

    @Test func farEndValuesCannotForgeJournalLines() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.efax), "efax is not installed: run scripts/install-deps.sh")
        let identity = "1\n<3>faxd: fake line"  // 20 characters: all T.30's TSI holds
        let callerName = "Mallory\" state=sent"
        let harness = try FaxdHarness("faxd-far-end", modems: [("ttyIn", "15550102", true, false)]) { exchange, dir in
            _ = try exchange.addModem(number: "15550300", name: callerName, path: dir.file("ttyEfax"))
        }
        defer { harness.stop() }

        let page = harness.dir.file("page.pbm")
        try writePBM(TestChart.pages(count: 1, resolution: .fine, seed: 5, density: 0.2)[0], to: page)
        let (status, efaxLog) = try runTool(Self.efax, ["-d", harness.dir.file("ttyEfax"), "-o1", "-l", identity, "-h", "", "-v", "ewin", "-t", "15550102", page], timeout: 180)
        if status == nil { Issue.record("efax did not finish within 180 s") }
        try #require(status == 0, "efax failed:\n\(efaxLog)\n\(harness.faxd.log())")

        let client = harness.client
        var received: FaxResource?
        for _ in 0..<100 {
            received = try await client.inbox().data.first
            if received?.state == "received" { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        let fax = try await client.fax(try #require(received).id)
        #expect(fax.state == "received", "\(harness.faxd.log())")
        // The values themselves are kept as they came (the API is JSON, which escapes them).
        #expect(fax.remoteIdentity == identity)
        #expect(fax.options.metadata?["caller_name"] == callerName)

        // faxd's log: every line is an entry of faxd's own, "<N>" and a time stamp (not a journal
        // stream here), and the far end's text is inside one, escaped.
        let log = harness.faxd.log(tail: 100_000)
        let lines = log.split(separator: "\n")
        let foreign = lines.filter { line in
            !(line.hasPrefix("<") && line.dropFirst().first?.isNumber == true && line.dropFirst(2).hasPrefix(">20"))
        }
        #expect(foreign.isEmpty, "lines faxd did not write as entries:\n\(foreign.joined(separator: "\n"))")
        #expect(!lines.contains { $0.hasPrefix("<3>faxd: fake line") })
        #expect(log.contains(#"remote="1\n<3>faxd: fake line""#), "\(log)")
        #expect(log.contains(#"caller_name="Mallory\" state=sent""#), "\(log)")
    }
}
