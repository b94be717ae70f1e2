// Calls through a real faxd on the virtual exchange, driven through its REST API: a fax from the
// exchange's fax machine lands in the inbox (TIFF and PDF, caller ID, remote identity); a job to
// that machine meanwhile finds it busy and goes out on a later attempt with exactly the pages
// transmitted; a cancel while the far end rings aborts the dial, a cancel during a call hangs up at
// once, and a job held meanwhile is not dialled until it is resumed, then goes out.

import FaxAPIModels
import FaxClient
import FaxOutcome
import FaxTestSupport
import FaxdTestSupport
import Foundation
import T30
import T4
import Testing
import VirtualExchange

@Suite(.serialized) struct CallTests {
    /// Polls the fax through the API until `condition` holds (or `timeout` seconds pass).
    static func wait(_ client: FaxClient, _ id: String, timeout: Double, _ condition: (FaxResource) -> Bool) async throws -> FaxResource {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let fax = try await client.fax(id)
            if condition(fax) || Date() > deadline { return fax }
            try await Task.sleep(for: .milliseconds(250))
        }
    }

    @Test func inboundToInboxWhileOutboundRetriesBusyLine() async throws {
        var machine: FaxMachineLine!
        let harness = try FaxdHarness(
            "faxd-calls", speed: 4, modems: [("ttyOut", "15550101", false, true), ("ttyIn", "15550102", true, false)],
            extraYAML: "retry: { busy: [8], no_answer: [8], failure: [8] }"
        ) { exchange, dir in
            machine = try exchange.addFaxMachine(number: "15550200", inbox: dir.file("machine"),
                                                 options: FaxSessionOptions(localIdentity: "+1 555 0200", callDeadline: .seconds(120)))
        }
        defer { harness.stop() }
        let client = harness.client
        let (incoming, incomingPages) = try writeChart(harness.dir, pages: 1, name: "incoming.tif", seed: 3, density: 0.3)
        let (outgoing, _) = try writeChart(harness.dir, pages: 2, name: "outgoing.tif", seed: 5, density: 0.3)

        // The fax machine calls faxd's answering modem.
        let caller: FaxMachineLine = machine
        let inboundCall = Task.detached { caller.send(document: incoming, to: "15550102") }
        var receiving: FaxResource?
        for _ in 0..<150 where receiving == nil {
            receiving = try await client.inbox().data.first
            if receiving == nil { try await Task.sleep(for: .milliseconds(200)) }
        }
        let inbound = try #require(receiving, "the call was not answered\n\(harness.faxd.log())")
        #expect(inbound.state == "receiving")

        // Meanwhile a fax to the same machine: busy, then sent on a later attempt.
        let fax = try await client.submit(file: outgoing, SubmitFaxRequest(to: "+15550200", maxAttempts: 8))
        let sent = try await Self.wait(client, fax.id, timeout: 240) { $0.isFinished }
        try #require(sent.state == "sent", "\(sent.state) \(String(describing: sent.completion))\n\(harness.faxd.log())")
        let attempts = try await client.attempts(fax.id)
        #expect(attempts.count >= 2)
        #expect(attempts.dropLast().allSatisfy { $0.completion?.code == FaxCompletion.busy.code })
        #expect(attempts.last?.pagesTransferred == 2)
        #expect(attempts.last?.remoteIdentity == "+1 555 0200")
        let busyRounds = Array(repeating: ["dialing", "retry_wait"], count: attempts.count - 1).flatMap { $0 }
        #expect(try await client.events(fax.id).map(\.to) == ["queued"] + busyRounds + ["dialing", "sending", "sent"])
        #expect(try await client.sessionLog(fax.id, attempt: attempts.count).contains("ATD"))
        #expect(try await client.sessionLog(fax.id, attempt: 1).contains("BUSY"), "a failed dial keeps its log")

        // The machine has exactly what faxd transmitted (header stamped into the image).
        let transmitted = try TIFFFaxReader.readPages(path: try #require(try await harness.spool().job(.init(fax.id)).transmitPath))
        let got = machine.waitForReceived(count: 1, timeout: 30)
        let arrived = try TIFFFaxReader.readPages(path: try #require(got.last?.path))
        #expect(arrived.map(\.bits) == transmitted.map(\.bits))
        #expect(transmitted[0].bits[0..<(20 * transmitted[0].bytesPerRow)].contains { $0 != 0 }, "no header ink")

        // The inbound fax: received, TIFF and PDF, caller ID and remote identity.
        #expect(await inboundCall.value.isSuccess)
        let received = try await Self.wait(client, inbound.id, timeout: 30) { $0.isFinished }
        #expect(received.state == "received")
        #expect(received.from == "15550200")
        #expect(received.remoteIdentity == "+1 555 0200")
        #expect(received.pagesConfirmed == 1)
        #expect(received.options.metadata?["resolution"] == "fine")
        let tiff = try await client.document(inbound.id, format: "tiff")
        try Data(tiff).write(to: URL(fileURLWithPath: harness.dir.file("in.tif")))
        #expect(try TIFFFaxReader.readPages(path: harness.dir.file("in.tif")).map(\.bits) == incomingPages.map(\.bits))
        let pdf = try await client.document(inbound.id, format: "pdf")
        #expect(pdf.starts(with: Array("%PDF-".utf8)))
        let modems = try await client.modems()
        #expect(modems.map(\.callsMade) == [attempts.count, 0])
        #expect(modems.map(\.callsAnswered) == [0, 1])
    }

    @Test func cancelWhileDialingAndDuringTheCallAndAHeldJobWaitsForResume() async throws {
        var machine: FaxMachineLine!
        // 4× line speed: both ends are ours (the cancel and hold windows are measured in pages).
        let harness = try FaxdHarness("faxd-cancel", speed: 4, modems: [("ttyOut", "15550101", false, true)]) { exchange, dir in
            machine = try exchange.addFaxMachine(number: "15550200", inbox: dir.file("machine"))
            exchange.addBehaviourLine(number: "15550300", profile: LineProfile(answering: .neverAnswers))
        }
        defer { harness.stop() }
        let client = harness.client
        let faxctl = URL(fileURLWithPath: FaxdProcess.executable).deletingLastPathComponent().appendingPathComponent("faxctl").path

        // Cancelled while the far end rings: the dial is aborted, the caller abandons the call.
        let (one, _) = try writeChart(harness.dir, pages: 1, name: "one.tif", seed: 7, density: 0.3)
        let unanswered = try await client.submit(file: one, SubmitFaxRequest(to: "+15550300"))
        let dialing = try await Self.wait(client, unanswered.id, timeout: 60) { $0.state == "dialing" || $0.isFinished }
        try #require(dialing.state == "dialing", "\(dialing.state)\n\(harness.faxd.log())")
        let exchange = harness.exchange
        #expect(await eventually(timeout: 30) { exchange.activeCalls.contains { $0.to == "15550300" && $0.rings >= 1 } }, "the far end never rang")
        let abortAt = Date()
        #expect(try runTool(faxctl, ["cancel", unanswered.id, "--socket", harness.socketPath]).0 == 0)
        let abandoned = try await Self.wait(client, unanswered.id, timeout: 30) { $0.isFinished }
        #expect(abandoned.state == "cancelled")
        #expect(Date().timeIntervalSince(abortAt) < 5, "the dial was not aborted")
        #expect(try await client.attempts(unanswered.id).last?.completion?.code == FaxCompletion.cancelled.code)
        #expect(try await client.sessionLog(unanswered.id, attempt: 1).contains("ATH0"))
        #expect(await eventually(timeout: 10) { exchange.callRecords.count == 1 })
        #expect(harness.exchange.callRecords.last.map { [$0.to, $0.outcome] } == ["15550300", "abandoned"])
        let (document, _) = try writeChart(harness.dir, pages: 4, name: "long.tif", seed: 9, density: 0.5)
        let fax = try await client.submit(file: document, SubmitFaxRequest(to: "+15550200"))
        let onCall = try await Self.wait(client, fax.id, timeout: 120) { $0.pagesConfirmed >= 1 || $0.isFinished }
        try #require(onCall.state == "sending", "\(onCall.state)\n\(harness.faxd.log())")

        // A second job, held while the only modem is busy.
        let (short, _) = try writeChart(harness.dir, pages: 1, name: "short.tif", seed: 11, density: 0.3)
        let waiting = try await client.submit(file: short, SubmitFaxRequest(to: "+15550200"))
        #expect(try await client.perform(.hold, waiting.id).state == "held")

        // faxctl, as a person would type it.
        let cancelAt = Date()
        let (status, output) = try runTool(faxctl, ["cancel", fax.id, "--socket", harness.socketPath])
        #expect(status == 0, "\(output)")
        let ended = try await Self.wait(client, fax.id, timeout: 30) { $0.isFinished }
        #expect(ended.state == "cancelled")
        #expect(Date().timeIntervalSince(cancelAt) < 10, "the call did not end promptly")
        #expect(try await client.attempts(fax.id).last?.completion?.code == FaxCompletion.cancelled.code)
        #expect(await eventually(timeout: 10) { exchange.callRecords.count == 2 })
        #expect(harness.exchange.callRecords.last?.endedBy == "15550101")
        #expect(try await client.modems().first?.state == "idle")
        let (showStatus, shown) = try runTool(faxctl, ["show", fax.id, "--socket", harness.socketPath])
        #expect(showStatus == 0)
        #expect(shown.contains("cancelled") && shown.contains("5208"))

        // The held job is not dialled with the modem free: a fax submitted after it (so behind it
        // in the queue) goes out first, and the held one is still held, never dialled.
        let (after, _) = try writeChart(harness.dir, pages: 1, name: "after.tif", seed: 13, density: 0.3)
        let behind = try await client.submit(file: after, SubmitFaxRequest(to: "+15550200"))
        let behindSent = try await Self.wait(client, behind.id, timeout: 120) { $0.isFinished }
        #expect(behindSent.state == "sent", "\(behindSent.state) \(String(describing: behindSent.completion))")
        #expect(try await client.fax(waiting.id).state == "held")
        #expect(try await client.attempts(waiting.id).isEmpty)
        #expect(await eventually(timeout: 10) { exchange.callRecords.count == 3 })
        #expect(try await client.perform(.resume, waiting.id).state == "queued")
        let sent = try await Self.wait(client, waiting.id, timeout: 120) { $0.isFinished }
        try #require(sent.state == "sent", "\(sent.state) \(String(describing: sent.completion))\n\(harness.faxd.log())")
        #expect(try await client.events(waiting.id).map(\.to) == ["queued", "held", "queued", "dialing", "sending", "sent"])
        let transmitted = try TIFFFaxReader.readPages(path: try #require(try await harness.spool().job(.init(waiting.id)).transmitPath))
        // The machine got the cancelled fax's first page(s), the fax behind, then the resumed one.
        let got = machine.waitForReceived(count: 3, timeout: 30)
        try #require(got.count == 3)
        #expect(try TIFFFaxReader.readPages(path: got[2].path).map(\.bits) == transmitted.map(\.bits))
    }
}
