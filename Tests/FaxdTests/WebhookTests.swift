// WebhookTests: signed webhooks from a real faxd to a real HTTP receiver (WebhookReceiver: Python,
// its own Standard Webhooks check). A fax goes out while the receiver fails every request: the
// deliveries are retried (the log shows the 500s), and once it answers, every event of the fax
// arrives in order — queued, dialing, sending, page confirmed, sent — each signed, each carrying
// the fax as the API shows it. A rotated secret signs twice (old and new both verify). faxd
// SIGKILLed with deliveries pending sends them after its restart: none lost. A slow receiver
// times out and is tried again. faxctl lists endpoints and deliveries and listens to events.

import FaxAPIModels
import FaxClient
import FaxTestSupport
import FaxdTestSupport
import Foundation
import T30
import Testing
import VirtualExchange

@Suite(.serialized) struct WebhookTests {
    @Test func faxEventsReachTheReceiverSignedInOrderThroughFailuresAndACrash() async throws {
        let receiver = try WebhookReceiver("webhook-receiver")
        defer { receiver.stop() }
        try receiver.answer("fail")
        let harness = try FaxdHarness(
            "faxd-webhooks", speed: 4, modems: [("ttyOut", "15550101", false, true)],
            extraYAML: "webhooks: { retry_initial: 0.3, retry_max: 1, window: 600, timeout: 2, allow_private_addresses: true, rotation_overlap: 600 }"
        ) { exchange, dir in
            _ = try exchange.addFaxMachine(number: "15550200", inbox: dir.file("machine"))
        }
        defer { harness.stop() }
        let client = harness.client

        // An endpoint for every event; its secret is shown once.
        let endpoint = try await client.createWebhook(CreateWebhookRequest(url: receiver.url, description: "test receiver"))
        let secret = try #require(endpoint.secret)
        #expect(secret.hasPrefix("whsec_"))
        #expect(try await client.webhooks().map(\.secret) == [nil], "the secret is not shown again")
        try receiver.know([secret])
        await #expect(throws: ProblemResource.self) { try await client.createWebhook(CreateWebhookRequest(url: "ftp://example.com/")) }
        await #expect(throws: ProblemResource.self) { try await client.createWebhook(CreateWebhookRequest(url: receiver.url, eventTypes: ["fax.exploded"])) }

        // A fax while the receiver fails everything: retried, not lost.
        let (document, _) = try writeChart(harness.dir, pages: 1, name: "one.tif", seed: 301, density: 0.2)
        let fax = try await client.submit(file: document, SubmitFaxRequest(to: "+15550200"))
        let sent = try await CallTests.wait(client, fax.id, timeout: 120) { $0.isFinished }
        try #require(sent.state == "sent", "\(sent.state)\n\(harness.faxd.log(tail: 30))")
        #expect(await eventually(timeout: 20) { receiver.requests.count >= 3 }, "no retries")
        let failing = receiver.requests
        #expect(failing.allSatisfy { $0.status == 500 })
        #expect(Set(failing.map(\.id)).count == 1, "a later event passed the one still failing: \(failing.map(\.id))")
        let log = try await client.webhookDeliveries(endpoint.id)
        #expect(log.contains { $0.state == "pending" && $0.attempts >= 2 && $0.lastStatus == 500 && $0.lastResponse == "failing on purpose" }, "\(log)")

        // The receiver is back: every event of the fax, in order, signed, with the fax.
        try receiver.answer("ok")
        let types = ["fax.queued", "fax.dialing", "fax.sending", "fax.page_confirmed", "fax.sent"]
        #expect(await eventually(timeout: 30) { Self.accepted(receiver).count >= types.count }, "\(receiver.requests.map(\.status))")
        let accepted = Self.accepted(receiver)
        #expect(accepted.map { $0.payload?.type ?? "?" } == types)
        #expect(accepted.allSatisfy { $0.valid == [0] }, "a signature did not verify")
        let sequences = accepted.compactMap { $0.payload?.sequence }
        #expect(sequences == sequences.sorted() && Set(sequences).count == sequences.count)
        #expect(accepted.allSatisfy { $0.id == "msg_\($0.payload?.sequence ?? -1)" })
        #expect(accepted.allSatisfy { $0.payload?.data["id"]?.string == fax.id })
        #expect(accepted.map { $0.payload?.data["state"]?.string ?? "?" } == ["queued", "dialing", "sending", "sending", "sent"])
        #expect(try await client.faxDeliveries(fax.id).allSatisfy { $0.state == "delivered" })

        // Rotation: two signatures; the new secret and the old both verify, for a while.
        let rotated = try await client.rotateWebhookSecret(endpoint.id)
        let newSecret = try #require(rotated.secret)
        #expect(newSecret != secret)
        try receiver.know([newSecret, secret])
        let before = receiver.requests.count
        let scheduled = try await client.submit(file: document, SubmitFaxRequest(to: "+15550200", sendAt: Date().addingTimeInterval(3600)))
        _ = try await client.perform(.cancel, scheduled.id)
        #expect(await eventually(timeout: 20) { receiver.requests.count >= before + 2 })
        let afterRotation = Array(receiver.requests.dropFirst(before))
        #expect(afterRotation.map { $0.payload?.type ?? "?" } == ["fax.scheduled", "fax.cancelled"])
        #expect(afterRotation.allSatisfy { $0.valid == [0, 1] && $0.signatures == 2 }, "\(afterRotation.map(\.valid))")

        // SIGKILL with deliveries pending: delivered after the restart, none lost.
        try receiver.answer("fail")
        let held = try await client.submit(file: document, SubmitFaxRequest(to: "+15550200", sendAt: Date().addingTimeInterval(3600)))
        _ = try await client.perform(.hold, held.id)
        _ = try await client.perform(.cancel, held.id)
        #expect(await eventually(timeout: 20) { receiver.requests.last?.payload?.data["id"]?.string == held.id })
        harness.faxd.kill9()
        try receiver.answer("ok")
        try harness.faxd.start()
        #expect(await eventually(timeout: 30) { (try? await client.health()) == true }, "faxd did not come back")
        #expect(await eventually(timeout: 30) { Self.accepted(receiver).filter { $0.payload?.data["id"]?.string == held.id }.count >= 3 },
                "\(harness.faxd.log(tail: 20))")
        let heldEvents = Self.accepted(receiver).filter { $0.payload?.data["id"]?.string == held.id }.map { $0.payload?.type ?? "?" }
        #expect(Array(heldEvents.prefix(3)) == ["fax.scheduled", "fax.held", "fax.cancelled"])

        // A slow receiver: the request times out (2 s) and is tried again, then delivered.
        try receiver.answer("slow")
        let slowFax = try await client.submit(file: document, SubmitFaxRequest(to: "+15550200", sendAt: Date().addingTimeInterval(3600)))
        #expect(await eventually(timeout: 20) {
            (try? await client.faxDeliveries(slowFax.id).first?.lastError).flatMap { $0 } != nil
        })
        try receiver.answer("ok")
        #expect(await eventually(timeout: 30) { (try? await client.faxDeliveries(slowFax.id).first?.state) == "delivered" })

        // faxctl, as an administrator types it.
        let faxctl = URL(fileURLWithPath: FaxdProcess.executable).deletingLastPathComponent().appendingPathComponent("faxctl").path
        let socket = ["--socket", harness.socketPath]
        let (listStatus, listed) = try runTool(faxctl, ["webhooks", "list"] + socket)
        #expect(listStatus == 0 && listed.contains(endpoint.id) && listed.contains("all events") && listed.contains("enabled"), "\(listed)")
        let (logStatus, logged) = try runTool(faxctl, ["webhooks", "deliveries", endpoint.id] + socket)
        #expect(logStatus == 0 && logged.contains("msg_1  fax.queued") && logged.contains("HTTP 200"), "\(logged)")
        let (listenStatus, heard) = try runTool(faxctl, ["listen", "--after", "0", "--count", "3"] + socket)
        #expect(listenStatus == 0 && heard.split(separator: "\n").count == 3 && heard.contains("#1  \(fax.id)  - → queued"), "\(heard)")
        let (addStatus, added) = try runTool(faxctl, ["webhooks", "add", "https://example.com/h", "--event", "fax.sent"] + socket)
        #expect(addStatus == 0 && added.contains("secret: whsec_"), "\(added)")
        let (badStatus, refused) = try runTool(faxctl, ["webhooks", "add", "https://example.com/h", "--event", "fax.exploded"] + socket)
        #expect(badStatus != 0 && refused.contains("unknown event type"), "\(refused)")
    }

    /// The requests the receiver answered 200, first of each message id.
    static func accepted(_ receiver: WebhookReceiver) -> [WebhookReceiver.Request] {
        var seen = Set<String>()
        return receiver.requests.filter { $0.status == 200 && seen.insert($0.id).inserted }
    }
}
