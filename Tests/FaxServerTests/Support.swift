// Support for the modem pool tests: a spool, a pool and a virtual exchange in one process, and
// waiting for a job to reach a state.

import FaxServer
import FaxTestSupport
import Foundation
import Logging
import Spool
import T30
import T4
import VirtualExchange

struct PoolHarness {
    let dir: ScratchDirectory
    let exchange: VirtualExchange
    let spool: Spool
    let context: FaxServerContext
    let poolTask: Task<Void, Never>

    /// `modems`: (name, exchange number, answer, dial).
    static func start(_ label: String, modems: [(String, String, Bool, Bool)], retry: RetryConfiguration? = nil,
                      lines: (VirtualExchange, ScratchDirectory) throws -> Void) async throws -> PoolHarness {
        let dir = ScratchDirectory(label)
        let exchange = VirtualExchange(options: ExchangeOptions(speed: 1, ringInterval: 2, noAnswerTimeout: 12, failureDelay: 1))
        var configuration = ServerConfiguration()
        configuration.spool = dir.file("spool")
        configuration.lockDirectory = ""
        configuration.defaults.header = "SwiftFax test"
        configuration.defaults.identity = "+1 555 0100"
        configuration.retry = retry
        for (name, number, answer, dial) in modems {
            _ = try exchange.addModem(number: number, path: dir.file(name))
            configuration.modems.append(ModemConfiguration(name: name, device: dir.file(name), answer: answer, rings: 2, dial: dial))
        }
        try lines(exchange, dir)
        exchange.start()
        try FileManager.default.createDirectory(atPath: configuration.spool, withIntermediateDirectories: true)
        var spoolConfiguration = SpoolConfiguration()
        if let retry { spoolConfiguration.retryPolicy = retry.policy() }
        let spool = try await Spool(path: configuration.databasePath, configuration: spoolConfiguration)
        let context = FaxServerContext(configuration: configuration, spool: spool)
        try context.documents.prepare()
        var logger = Logger(label: "pool-test")
        logger.logLevel = .info
        let pool = ModemPool(context: context, logger: logger)
        let task = Task { await pool.run() }
        return PoolHarness(dir: dir, exchange: exchange, spool: spool, context: context, poolTask: task)
    }

    func stop() async {
        poolTask.cancel()
        await poolTask.value
        exchange.stop()
    }

    /// Stores `path` as a submitted document the way the API does.
    func submit(_ path: String, to: String, maxAttempts: Int = 3) async throws -> FaxJob {
        let stored = try context.documents.store(Array(try Data(contentsOf: URL(fileURLWithPath: path))))
        return try await spool.submit(FaxSubmission(to: to, documentPath: stored, maxAttempts: maxAttempts))
    }

    /// Polls until `condition` holds for the job (or `timeout` seconds pass).
    func wait(for id: JobID, timeout: Double, _ condition: (FaxJob) -> Bool) async throws -> FaxJob {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let job = try await spool.job(id)
            if condition(job) || Date() > deadline { return job }
            try await Task.sleep(for: .milliseconds(200))
        }
    }
}

/// Rows below the page header band (the header is stamped into the top rows).
func rowsBelowHeader(_ page: FaxPage, skip: Int = 40) -> [UInt8] {
    Array(page.bits[(skip * page.bytesPerRow)...])
}
