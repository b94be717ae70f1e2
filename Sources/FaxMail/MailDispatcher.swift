// MailDispatcher: faxd's service that empties the mail outbox into the MTA. Each due mail is built
// from the job as it was at its event (FaxMailComposer) and handed over (MailTransport); the
// MTA's acceptance delivers it, anything else is tried again after a growing, jittered wait
// until mail.window has passed since the event — then it fails for good (the mail log says
// why). Delivery is at least once: a crash between the hand-over and the row's update hands the
// same message (same Message-ID) over again after the restart.

import FaxServer
import Foundation
import Logging
import ServiceLifecycle
import Spool

public struct MailDispatcher: Service {
    let spool: Spool
    let configuration: MailConfiguration
    let composer: FaxMailComposer
    let transport: MailTransport
    let logger: Logger
    /// How often the outbox is looked at.
    var pollInterval: Duration = .milliseconds(250)

    public init(spool: Spool, configuration: MailConfiguration, scratchDirectory: String, logger: Logger) {
        self.spool = spool
        self.configuration = configuration
        self.composer = FaxMailComposer(configuration: configuration, scratchDirectory: scratchDirectory)
        self.transport = MailTransport(configuration: configuration, scratchDirectory: scratchDirectory)
        self.logger = logger
    }

    public func run() async throws {
        var lastError = ""
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                let due = try await spool.dueMails(limit: 16)
                lastError = ""
                if due.isEmpty {
                    try? await Task.sleep(for: pollInterval)
                    continue
                }
                for delivery in due {
                    if Task.isCancelled { break }
                    try await deliver(delivery)
                }
            } catch {
                if Task.isCancelled || Task.isShuttingDownGracefully { break }
                if "\(error)" != lastError { logger.error("mail: cannot read the outbox", metadata: ["error": "\(error)"]) }
                lastError = "\(error)"
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }

    /// One try: build, hand over, record.
    func deliver(_ delivery: MailDelivery) async throws {
        let attempts = (try? await spool.attempts(delivery.jobID)) ?? []
        let (composer, transport) = (self.composer, self.transport)
        let sender = composer.sender?.address ?? ""
        let error: String? = await OffPool.run {
            do {
                let message = try composer.message(for: delivery, attempts: attempts)
                try transport.send(message.rendered(), sender: sender, recipients: delivery.recipients)
                return nil
            } catch {
                return "\(error)"
            }
        }
        let meta: Logger.Metadata = ["fax": "\(delivery.jobID)", "mail": "\(delivery.id)", "event": "\(delivery.event)"]
        guard let error else {
            logger.info("mail: handed over", metadata: meta.merging(["to": "\(delivery.recipients.joined(separator: ","))"]) { a, _ in a })
            try await spool.finishMailTry(delivery.id, error: nil, retryAt: nil)
            return
        }
        let tries = delivery.tries + 1
        let wait = configuration.delay(afterTries: tries) * Double.random(in: 0.8...1.2)
        let retryAt = Date().addingTimeInterval(wait)
        let giveUp = retryAt.timeIntervalSince(delivery.createdAt) > configuration.window
        logger.warning(giveUp ? "mail: failed for good" : "mail: not handed over; will try again",
                       metadata: meta.merging(["error": "\(error)", "tries": "\(tries)"]) { a, _ in a })
        try await spool.finishMailTry(delivery.id, error: error, retryAt: giveUp ? nil : retryAt)
    }
}
