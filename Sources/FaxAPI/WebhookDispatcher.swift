// WebhookDispatcher: faxd's service that empties the notification outbox into webhook endpoints.
// Every endpoint hears its notifications one at a time and in order (its oldest pending delivery
// is its head; later ones wait behind it), different endpoints in parallel (webhooks.concurrency).
// A try is a signed POST (WebhookSignature) to the URL's checked address — the same address
// policy, pinning and no-redirect rule as `document_url` (DocumentFetcher) — within
// webhooks.timeout; a 2xx delivers, anything else is tried again after an exponentially growing,
// jittered wait, until webhooks.window has passed since the event: then the delivery fails and
// its endpoint is disabled (Spool.finishDeliveryTry). Delivery is at least once: a crash between
// the receiver's 2xx and the row's update sends that one again after the restart (receivers
// deduplicate on `webhook-id`).

import AsyncHTTPClient
import FaxAPIModels
import FaxServer
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import ServiceLifecycle
import Spool

public struct WebhookDispatcher: Service {
    let spool: Spool
    let configuration: WebhookConfiguration
    let logger: Logger
    /// How often the outbox is looked at when nothing is due sooner.
    var pollInterval: Duration = .milliseconds(200)

    public init(spool: Spool, configuration: WebhookConfiguration, logger: Logger) {
        self.spool = spool
        self.configuration = configuration
        self.logger = logger
    }

    public func run() async throws {
        let fetcher = DocumentFetcher(allowPrivateAddresses: configuration.allowPrivateAddresses,
                                      fetches: Admission("webhooks", limit: configuration.concurrency, queue: 1024))
        var lastError = ""
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                let due = try await spool.dueDeliveries(limit: configuration.concurrency)
                lastError = ""
                if due.isEmpty {
                    try? await Task.sleep(for: pollInterval)
                    continue
                }
                await withTaskGroup(of: Void.self) { group in
                    for (endpoint, delivery, notification) in due {
                        group.addTask { await deliver(delivery, of: notification, to: endpoint, fetcher: fetcher) }
                    }
                }
            } catch {
                if "\(error)" != lastError { logger.error("webhooks: cannot read the outbox", metadata: ["error": "\(error)"]) }
                lastError = "\(error)"
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }

    /// One try at one delivery, and its record.
    func deliver(_ delivery: WebhookDelivery, of notification: OutboxNotification, to endpoint: WebhookEndpoint, fetcher: DocumentFetcher) async {
        let started = ContinuousClock.now
        let result = await post(notification, to: endpoint, fetcher: fetcher)
        var tried = result
        tried.latencyMilliseconds = Int((ContinuousClock.now - started) / .milliseconds(1))
        let now = Date()
        var retryAt: Date?
        if !tried.succeeded {
            let wait = configuration.delay(afterAttempts: delivery.attempts + 1) * Double.random(in: 0.8...1.2)
            let next = now.addingTimeInterval(wait)
            if next.timeIntervalSince(notification.at) <= configuration.window { retryAt = next }
        }
        let reason = "no delivery succeeded within \(Int(configuration.window)) s (last: \(tried.status.map { "HTTP \($0)" } ?? tried.error ?? "?"))"
        do {
            try await spool.finishDeliveryTry(delivery.id, tried, retryAt: retryAt, disableReason: reason)
        } catch {
            logger.error("webhooks: cannot record a delivery", metadata: ["delivery": "\(delivery.id)", "error": "\(error)"])
            return
        }
        if tried.succeeded {
            logger.debug("webhook delivered", metadata: ["webhook": "\(endpoint.id)", "type": "\(notification.type)", "seq": "\(notification.sequence)"])
        } else if retryAt == nil {
            logger.warning("webhook endpoint disabled", metadata: ["webhook": "\(endpoint.id)", "url": "\(endpoint.url)", "why": "\(reason)"])
        } else {
            logger.info("webhook delivery failed; retrying", metadata: [
                "webhook": "\(endpoint.id)", "seq": "\(notification.sequence)", "status": "\(tried.status.map(String.init) ?? "-")",
                "error": "\(tried.error ?? "")", "attempt": "\(delivery.attempts + 1)"])
        }
    }

    /// The signed POST; never throws (every failure is a try with an error).
    func post(_ notification: OutboxNotification, to endpoint: WebhookEndpoint, fetcher: DocumentFetcher) async -> DeliveryTry {
        let body: Data
        do {
            body = try Self.body(of: notification)
        } catch {
            return DeliveryTry(status: nil, error: "cannot build the payload: \(error)", latencyMilliseconds: 0, response: nil)
        }
        let target: DocumentFetcher.Target
        do {
            target = try await fetcher.target(for: endpoint.url)
        } catch {
            return DeliveryTry(status: nil, error: error.detail, latencyMilliseconds: 0, response: nil)
        }
        var configuration = target.clientConfiguration
        let timeout = TimeAmount.milliseconds(Int64(self.configuration.timeout * 1000))
        configuration.timeout = .init(connect: timeout, read: timeout)
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        defer { Task { try? await client.shutdown() } }
        let id = "msg_\(notification.sequence)"
        let timestamp = Int(Date().timeIntervalSince1970)
        var request = HTTPClientRequest(url: endpoint.url)
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        request.headers.add(name: "user-agent", value: "SwiftFax-webhooks/1")
        request.headers.add(name: "webhook-id", value: id)
        request.headers.add(name: "webhook-timestamp", value: "\(timestamp)")
        request.headers.add(name: "webhook-signature", value: WebhookSignature.sign(id: id, timestamp: timestamp, body: body,
                                                                                    secrets: endpoint.signingSecrets(at: Date())))
        request.body = .bytes(ByteBuffer(data: body))
        do {
            let deadline = NIODeadline.now() + timeout
            let response = try await client.execute(request, deadline: deadline)
            var kept = Data()
            for try await chunk in response.body {
                kept.append(contentsOf: chunk.readableBytesView.prefix(1024 - kept.count))
                if kept.count >= 1024 || NIODeadline.now() >= deadline { break }
            }
            let text = String(decoding: kept, as: UTF8.self)
            return DeliveryTry(status: Int(response.status.code), error: nil, latencyMilliseconds: 0, response: text)
        } catch {
            return DeliveryTry(status: nil, error: DocumentFetcher.describe(error), latencyMilliseconds: 0, response: nil)
        }
    }

    /// `{type, id, timestamp, sequence, data}`: data is the fax as the API returns it (for fax
    /// events), or the event's own object.
    static func body(of notification: OutboxNotification) throws -> Data {
        let data: Any
        if let _ = notification.jobID {
            let job = try JSONDecoder.spoolSnapshot.decode(FaxJob.self, from: Data(notification.payload.utf8))
            data = try JSONSerialization.jsonObject(with: APIJSON.encoder().encode(FaxResource(job)))
        } else {
            data = try JSONSerialization.jsonObject(with: Data(notification.payload.utf8))
        }
        let envelope: [String: Any] = [
            "type": notification.type, "id": "msg_\(notification.sequence)", "sequence": notification.sequence,
            "timestamp": ISO8601DateFormatter().string(from: notification.at), "data": data,
        ]
        return try JSONSerialization.data(withJSONObject: envelope, options: [.sortedKeys])
    }
}
