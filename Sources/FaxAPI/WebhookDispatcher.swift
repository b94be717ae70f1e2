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
    /// One client (and its kept-alive connections) per checked address.
    let clients = WebhookClients()

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
                let due = try await spool.dueBatches(endpoints: configuration.concurrency, batch: 32)
                lastError = ""
                if due.isEmpty {
                    try? await Task.sleep(for: pollInterval)
                    continue
                }
                // Endpoints share a round's payloads (one event, one body) and checked addresses.
                let round = Round(fetcher: fetcher)
                let records = await withTaskGroup(of: [Spool.TryRecord].self) { group in
                    for (endpoint, batch) in due {
                        group.addTask { await deliver(batch, to: endpoint, round: round) }
                    }
                    return await group.reduce(into: [Spool.TryRecord]()) { $0 += $1 }
                }
                // One commit for the round's tries.
                try await spool.finishDeliveryTries(records)
            } catch {
                if Task.isCancelled || Task.isShuttingDownGracefully { break }  // stopping: not an outbox fault
                if "\(error)" != lastError { logger.error("webhooks: cannot read the outbox", metadata: ["error": "\(error)"]) }
                lastError = "\(error)"
                try? await Task.sleep(for: .seconds(1))
            }
        }
        await clients.shutdownAll()
    }

    /// One endpoint's batch, in order: each delivered in turn until one fails (the rest wait
    /// behind it, untried). Returns the tries to record.
    func deliver(_ batch: [(WebhookDelivery, OutboxNotification)], to endpoint: WebhookEndpoint, round: Round) async -> [Spool.TryRecord] {
        var records: [Spool.TryRecord] = []
        for (delivery, notification) in batch {
            let record = await deliver(delivery, of: notification, to: endpoint, round: round)
            records.append(record)
            if !record.result.succeeded { break }
        }
        return records
    }

    /// One try at one delivery: what to record.
    func deliver(_ delivery: WebhookDelivery, of notification: OutboxNotification, to endpoint: WebhookEndpoint,
                 round: Round) async -> Spool.TryRecord {
        let started = ContinuousClock.now
        var tried = await post(notification, to: endpoint, round: round)
        tried.latencyMilliseconds = Int((ContinuousClock.now - started) / .milliseconds(1))
        FaxMetrics.webhookTry(delivered: tried.succeeded, latencySeconds: Double(tried.latencyMilliseconds) / 1000)
        let now = Date()
        var retryAt: Date?
        if !tried.succeeded {
            let wait = configuration.delay(afterAttempts: delivery.attempts + 1) * Double.random(in: 0.8...1.2)
            let next = now.addingTimeInterval(wait)
            if next.timeIntervalSince(notification.at) <= configuration.window { retryAt = next }
        }
        let reason = "no delivery succeeded within \(Int(configuration.window)) s (last: \(tried.status.map { "HTTP \($0)" } ?? tried.error ?? "?"))"
        if tried.succeeded {
            logger.debug("webhook delivered", metadata: ["webhook": "\(endpoint.id)", "type": "\(notification.type)", "seq": "\(notification.sequence)"])
        } else if retryAt == nil {
            logger.warning("webhook endpoint disabled", metadata: ["webhook": "\(endpoint.id)", "url": "\(endpoint.url)", "why": "\(reason)"])
        } else {
            logger.info("webhook delivery failed; retrying", metadata: [
                "webhook": "\(endpoint.id)", "seq": "\(notification.sequence)", "status": "\(tried.status.map(String.init) ?? "-")",
                "error": "\(tried.error ?? "")", "attempt": "\(delivery.attempts + 1)"])
        }
        return Spool.TryRecord(delivery: delivery.id, result: tried, retryAt: retryAt, disableReason: reason)
    }

    /// The signed POST; never throws (every failure is a try with an error).
    func post(_ notification: OutboxNotification, to endpoint: WebhookEndpoint, round: Round) async -> DeliveryTry {
        let body: Data
        do {
            body = try round.body(of: notification)
        } catch {
            return DeliveryTry(status: nil, error: "cannot build the payload: \(error)", latencyMilliseconds: 0, response: nil)
        }
        let target: DocumentFetcher.Target
        do {
            target = try await round.target(for: endpoint.url)
        } catch {
            return DeliveryTry(status: nil, error: error.detail, latencyMilliseconds: 0, response: nil)
        }
        let timeout = TimeAmount.milliseconds(Int64(self.configuration.timeout * 1000))
        let client = clients.client(for: target, timeout: timeout)
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
            var fax = try JSONSerialization.jsonObject(with: APIJSON.encoder().encode(FaxResource(job))) as? [String: Any] ?? [:]
            if job.direction == .inbound, job.state == .received {
                // Where to fetch what arrived (paths on the API: the receiver adds its base URL).
                let document = "/v1/faxes/\(job.id)/document"
                fax["links"] = ["pdf": document + "?format=pdf", "tiff": document + "?format=tiff", "self": "/v1/faxes/\(job.id)"]
            }
            data = fax
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

/// What one round of deliveries shares: each notification's body, built once for every endpoint
/// that gets it, and each URL's checked address, resolved once per round (a round is short: an
/// address that changes is seen at the next one).
final class Round: @unchecked Sendable {
    let fetcher: DocumentFetcher
    private let lock = NSLock()
    private var bodies: [Int64: Data] = [:]
    private var targets: [String: DocumentFetcher.Target] = [:]

    init(fetcher: DocumentFetcher) { self.fetcher = fetcher }

    func body(of notification: OutboxNotification) throws -> Data {
        if let body = lock.withLock({ bodies[notification.sequence] }) { return body }
        let body = try WebhookDispatcher.body(of: notification)
        lock.withLock { bodies[notification.sequence] = body }
        return body
    }

    func target(for url: String) async throws(APIProblem) -> DocumentFetcher.Target {
        if let target = lock.withLock({ targets[url] }) { return target }
        let target = try await fetcher.target(for: url)
        lock.withLock { targets[url] = target }
        return target
    }
}

/// The dispatcher's HTTP clients, one per (host, checked address, time limit): a client's
/// connection pool keeps connections to an endpoint alive between deliveries, and a client never
/// connects anywhere but the address it was made for (DocumentFetcher.Target's pinning).
final class WebhookClients: @unchecked Sendable {
    private let lock = NSLock()
    private var clients: [String: HTTPClient] = [:]

    func client(for target: DocumentFetcher.Target, timeout: TimeAmount) -> HTTPClient {
        let key = "\(target.host)|\(target.address)|\(timeout.nanoseconds)"
        lock.lock()
        defer { lock.unlock() }
        if let client = clients[key] { return client }
        var configuration = target.clientConfiguration
        configuration.timeout = .init(connect: timeout, read: timeout)
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        if clients.count >= 256, let (oldKey, old) = clients.first {
            clients[oldKey] = nil
            old.shutdown { _ in }
        }
        clients[key] = client
        return client
    }

    func shutdownAll() async {
        let all = lock.withLock {
            defer { clients = [:] }
            return Array(clients.values)
        }
        for client in all { try? await client.shutdown() }
    }
}
