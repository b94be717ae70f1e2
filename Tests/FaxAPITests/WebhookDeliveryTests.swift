// WebhookDeliveryTests: the dispatcher's rules on a real spool, without faxd — an endpoint that
// never answers (a closed port) is tried with growing waits until the window passes, then its
// delivery fails, the endpoint is disabled with the reason, and a `webhook.disabled` notification
// goes to the other endpoints; a redelivery after re-enabling is due again; an endpoint on a
// loopback address is refused unless private addresses are allowed; notifications are written
// only when an endpoint wants them, and in the event's own transaction.

import E164
import Foundation
import Logging
import Spool
import Testing
@testable import FaxAPI
@testable import FaxServer

@Suite struct WebhookDeliveryTests {
    static func spool() async throws -> (Spool, String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("webhook-delivery-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return (try await Spool(path: dir + "/spool.sqlite"), dir)
    }

    static func submit(_ spool: Spool, _ dir: String) async throws -> FaxJob {
        try await spool.submit(FaxSubmission(to: try E164Number("+15551230001"), documentPath: dir + "/doc.pdf", pageCount: 1))
    }

    @Test func anEndpointFailingForTheWholeWindowIsDisabledAndTheOthersAreTold() async throws {
        let (spool, dir) = try await Self.spool()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // Nothing listens on port 9 of loopback: every try is refused.
        let dead = try await spool.createWebhook(url: "http://127.0.0.1:9/hook", secret: WebhookSignature.newSecret())
        let other = try await spool.createWebhook(url: "http://127.0.0.1:9/other", eventTypes: ["webhook.disabled"], secret: WebhookSignature.newSecret())
        let job = try await Self.submit(spool, dir)
        var configuration = WebhookConfiguration()
        (configuration.retryInitial, configuration.retryMax, configuration.window, configuration.allowPrivateAddresses) = (0.1, 0.4, 1.5, true)
        configuration.timeout = 0.3  // a refused connect is retried by the client until then
        let task = Task { try await WebhookDispatcher(spool: spool, configuration: configuration, logger: Logger(label: "test")).run() }
        defer { task.cancel() }
        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline, try await spool.webhook(dead.id).enabled { try await Task.sleep(for: .milliseconds(50)) }
        task.cancel()

        let disabled = try await spool.webhook(dead.id)
        #expect(!disabled.enabled)
        #expect(disabled.disabledReason?.contains("no delivery succeeded within 1 s") == true, "\(disabled.disabledReason ?? "")")
        let log = try await spool.deliveries(webhook: dead.id)
        let failed = try #require(log.first { $0.jobID == job.id })
        #expect(failed.state == .failed && failed.attempts >= 3 && failed.lastStatus == nil && failed.lastError != nil, "\(failed)")
        #expect(try await spool.deliveries(webhook: other.id).map(\.type) == ["webhook.disabled"], "the other endpoint is told")

        // Enabled again and redelivered: due at once.
        _ = try await spool.updateWebhook(dead.id, WebhookChange(enabled: true))
        #expect(try await spool.webhook(dead.id).disabledReason == nil)
        let again = try await spool.redeliver(failed.id, webhook: dead.id)
        #expect(again.state == .pending && again.notification == failed.notification)
        #expect(try await spool.dueDeliveries().contains { $0.1.id == again.id })
    }

    @Test func loopbackEndpointsAreRefusedUnlessAllowed() async throws {
        let (spool, dir) = try await Self.spool()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let endpoint = try await spool.createWebhook(url: "http://127.0.0.1:9/hook", secret: WebhookSignature.newSecret())
        _ = try await Self.submit(spool, dir)
        let (_, delivery, notification) = try #require(try await spool.dueDeliveries().first)
        let dispatcher = WebhookDispatcher(spool: spool, configuration: WebhookConfiguration(), logger: Logger(label: "test"))
        let fetcher = DocumentFetcher(allowPrivateAddresses: false, fetches: Admission("test", limit: 1, queue: 1))
        let tried = await dispatcher.post(notification, to: endpoint, round: Round(fetcher: fetcher))
        #expect(tried.status == nil && tried.error?.contains("loopback, private or reserved") == true, "\(tried)")
        #expect(delivery.attempts == 0)
    }

    @Test func notificationsAreWrittenOnlyForEndpointsThatWantThem() async throws {
        let (spool, dir) = try await Self.spool()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = try await Self.submit(spool, dir)
        #expect(try await spool.deliveries().isEmpty, "no endpoint, no outbox rows")
        let sentOnly = try await spool.createWebhook(url: "https://example.com/h", eventTypes: ["fax.sent"], secret: WebhookSignature.newSecret())
        let job = try await Self.submit(spool, dir)
        _ = try await spool.hold(job.id)
        #expect(try await spool.deliveries(webhook: sentOnly.id).isEmpty, "queued and held are not wanted")
        let all = try await spool.createWebhook(url: "https://example.com/all", secret: WebhookSignature.newSecret())
        _ = try await spool.resume(job.id)
        #expect(try await spool.deliveries(webhook: all.id).map(\.type) == ["fax.resumed"])
    }

    @Test func signaturesFollowTheStandardWebhooksScheme() throws {
        // The example of the Standard Webhooks specification's reference libraries.
        let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
        let body = Data(#"{"test": 2432232314}"#.utf8)
        #expect(WebhookSignature.sign(id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1614265330, body: body, secrets: [secret])
            == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
        #expect(WebhookSignature.sign(id: "m", timestamp: 1, body: body, secrets: ["not-a-secret"]) == "")
    }
}
