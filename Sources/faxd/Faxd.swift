// faxd: the SwiftFax daemon. Owns the spool and the modems: the modem pool sends queued jobs
// and answers calls into the inbox, the REST API (Unix socket, optional TCP) takes submissions
// and answers questions. Started by systemd (etc/swiftfax-faxd.service, as User=swiftfax) or by hand:
//
//     faxd --config /etc/swiftfax/faxd.yaml
//
// Startup: configuration → directories (as root, the ones faxd owns handed to its user) → drop
// privileges to `user` (default swiftfax; never root unless `allow_root: true`) → check the API
// socket's directory and group → open the spool as its owner (crash recovery runs here) → modem pool + API under
// one ServiceGroup with graceful shutdown on SIGTERM/SIGINT.
//
// The command is synchronous on purpose: privileges are dropped on the main thread before any
// other thread exists. (Dropped later, from async code, the main thread — parked in
// dispatch_main's sigsuspend — never received glibc's set-id broadcast and stayed root.)

import ArgumentParser
import FaxAPI
import FaxMail
import FaxServer
import Foundation
import Logging
import Metrics
import Prometheus
import ServiceLifecycle
import Spool
import Synchronization

@main
struct Faxd: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "faxd",
        abstract: "The SwiftFax daemon: spool, modem pool and REST API.",
        subcommands: [ConvertDocumentCommand.self]
    )

    @Option(help: "The configuration file.")
    var config: String = "/etc/swiftfax/faxd.yaml"

    @Flag(help: "Check the configuration and exit.")
    var check = false

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "info"

    func run() throws {
        let configuration: ServerConfiguration
        do {
            configuration = try ServerConfiguration.load(path: config)
        } catch {
            FileHandle.standardError.write(Data("faxd: \(error)\n".utf8))
            throw ExitCode(78)  // EX_CONFIG
        }
        if check {
            print("\(config): OK (\(configuration.modems.count) modem(s), spool \(configuration.spool))")
            return
        }
        let level = Logger.Level(rawValue: logLevel) ?? .info
        let timestamps = ProcessInfo.processInfo.environment["JOURNAL_STREAM"] == nil
        LoggingSystem.bootstrap { label in
            var handler = JournalLogHandler(label: label, timestamps: timestamps)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "faxd")
        // Whatever faxd or its helpers (Ghostscript, tiff2pdf) create is private unless made
        // otherwise on purpose (the API socket gets socket_mode).
        umask(0o077)

        do {
            let account = try Privileges.target(for: configuration)
            try Privileges.ownDirectory(configuration.spool, owner: account)
            if let account { try Privileges.handOverSpool(configuration.spool, database: configuration.databasePath, to: account) }
            if !configuration.api.socket.isEmpty {
                try Privileges.socketDirectory((configuration.api.socket as NSString).deletingLastPathComponent, owner: account)
            }
            if let account { try Privileges.drop(to: account) }
            try Privileges.checkNotRoot(configuration)
            if getuid() == 0 { logger.warning("running as root (allow_root: true)") }
            try Privileges.checkSocket(configuration.api)
            // Scratch files of an earlier run (a download's PDF when faxd was killed) go.
            try? FileManager.default.removeItem(atPath: configuration.scratchDirectory)
            for folder in [configuration.documentsDirectory, configuration.inboxDirectory, configuration.logsDirectory,
                           configuration.scratchDirectory] {
                try Privileges.ownDirectory(folder, owner: nil)
            }
            // Temporary files of faxd and of every helper it starts (Ghostscript, ImageMagick,
            // tiff2pdf) go there too, never to the shared /tmp.
            setenv("TMPDIR", configuration.scratchDirectory, 1)
            // Work where faxd owns the files: helper programs (Ghostscript, tiff2pdf) start in
            // the working directory, and the one faxd was started from may be closed to its user.
            guard FileManager.default.changeCurrentDirectoryPath(configuration.spool) else {
                throw FaxdError("cannot change to the spool directory \(configuration.spool)")
            }
        } catch let error as FaxdError where error.isConfiguration {
            logger.critical("cannot start: \(error)")
            throw ExitCode(78)  // EX_CONFIG: a restart will not help
        } catch {
            logger.critical("cannot prepare: \(error)")
            throw ExitCode(1)
        }

        // Everything from here runs as the configured user.
        let outcome = Mutex<(any Error)?>(nil)
        let finished = DispatchSemaphore(value: 0)
        Task {
            do { try await serve(configuration, logger: logger) } catch { outcome.withLock { $0 = error } }
            finished.signal()
        }
        finished.wait()
        if let error = outcome.withLock({ $0 }) { throw error }
    }

    /// swift-metrics into a Prometheus registry (once per process), with buckets that suit calls
    /// (seconds to minutes) and conversions.
    static func bootstrapMetrics() -> PrometheusCollectorRegistry {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets = [
            "swiftfax_call_duration_seconds": FaxMetrics.callBuckets,
            "swiftfax_conversion_seconds": FaxMetrics.conversionBuckets,
        ]
        MetricsSystem.bootstrap(factory)
        return registry
    }

    private func serve(_ configuration: ServerConfiguration, logger: Logger) async throws {
        var spoolConfiguration = SpoolConfiguration()
        if let retry = configuration.retry { spoolConfiguration.retryPolicy = retry.policy() }
        let spool: Spool
        do {
            spool = try await Spool(path: configuration.databasePath, configuration: spoolConfiguration)
        } catch {
            logger.critical("cannot open the spool: \(error)")
            throw ExitCode(1)
        }
        let context = FaxServerContext(configuration: configuration, spool: spool)
        do {
            // Before the API and the modems: nothing else is writing documents yet.
            try await context.sweepOrphanFiles(logger: logger)
        } catch {
            logger.critical("cannot sweep the spool's orphan files: \(error)")
            throw ExitCode(1)
        }
        var services: [any Service] = [ModemPoolService(pool: ModemPool(context: context, logger: logger))]
        do {
            services += try FaxAPIServer(context: context, logger: logger, metrics: Self.bootstrapMetrics()).services()
            services.append(WebhookDispatcher(spool: spool, configuration: configuration.webhooks, logger: logger))
            // Who gets mail, where the transaction of an event can read it; mail is queued only
            // when mail is configured.
            let mail = configuration.mail
            guard let policy = MailPolicy(mail) else {
                logger.critical("mail.from is not a mail address: \(mail.from)")
                throw ExitCode(1)
            }
            try await spool.setMailPolicy(policy)
            if mail.enabled {
                services.append(MailDispatcher(spool: spool, configuration: mail, scratchDirectory: configuration.scratchDirectory, logger: logger))
            }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            logger.critical("cannot start the API: \(error)")
            throw ExitCode(1)
        }
        logger.info("faxd started", metadata: [
            "pid": "\(getpid())", "spool": "\(configuration.spool)", "modems": "\(configuration.modems.count)",
            "socket": "\(configuration.api.socket)", "tcp": "\(configuration.api.tcp ?? "-")",
        ])
        let group = ServiceGroup(configuration: .init(
            services: services.map { .init(service: $0) },
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger
        ))
        try await group.run()
        logger.info("faxd stopped")
    }
}
