// ModemPool: every configured modem's worker, and the modems discovery brings as they are plugged
// in (DiscoveredModems), run together until faxd shuts down. Each worker
// takes jobs from the spool on its own (claims are atomic, one call per destination number at a
// time, groups respected) and answers its own line.

import Foundation
import Logging

public struct ModemPool: Sendable {
    public let context: FaxServerContext
    public let logger: Logger

    public init(context: FaxServerContext, logger: Logger) {
        self.context = context
        self.logger = logger
    }

    /// Runs every modem until the calling task is cancelled; calls in progress finish first.
    public func run() async {
        try? context.documents.prepare()
        for folder in [context.configuration.inboxDirectory, context.configuration.logsDirectory] {
            try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                     attributes: [.posixPermissions: 0o700])
        }
        await withTaskGroup(of: Void.self) { group in
            for modem in context.configuration.modems where modem.match == nil {
                let worker = ModemWorker(configuration: modem, context: context, logger: logger)
                group.addTask { await worker.run() }
            }
            if context.configuration.discovery.enabled {
                group.addTask { [context, logger] in await DiscoveredModems(context: context, logger: logger).run() }
            }
        }
    }
}
