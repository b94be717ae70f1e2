// SpoolBenchmark: what the durable spool costs.
//   - durable submissions per second: one writer, each submit its own transaction, committed with
//     synchronous=FULL in WAL mode (an fsync per submission) before the call returns;
//   - submit latency percentiles (p50, p99, max);
//   - the process's resident memory (VmRSS) before and after the jobs are queued, and the file size;
//   - claim latency with the whole queue waiting (the claim query over a full table).
// SPOOL_BENCH_JOBS sets the number of jobs (default 100,000).

import Dispatch
import E164
import Foundation
import Spool

enum SpoolBenchmark {
    static func run() throws {
        let count = ProcessInfo.processInfo.environment["SPOOL_BENCH_JOBS"].flatMap(Int.init) ?? 100_000
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("swiftfax-spool-bench-\(getpid())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try blocking { try await measure(count: count, dir: dir) }
    }

    private static func measure(count: Int, dir: String) async throws {
        let path = "\(dir)/spool.sqlite"
        let spool = try await Spool(path: path, configuration: SpoolConfiguration(defaultLifetime: nil))
        let settings = try await spool.storageSettings()
        print("database: \(path) (journal \(settings.journalMode), synchronous \(settings.synchronous == 2 ? "FULL" : String(settings.synchronous)))")
        let rssBefore = residentKiB()

        var latencies: [UInt64] = []
        latencies.reserveCapacity(count)
        let start = DispatchTime.now().uptimeNanoseconds
        for i in 0..<count {
            let submission = FaxSubmission(
                to: try E164Number("+1555\(String(format: "%07d", i))"), from: try E164Number("+15559870000"), documentPath: "\(dir)/doc-\(i).tif",
                pageCount: 1 + i % 5, idempotencyKey: "bench-\(i)")
            let t0 = DispatchTime.now().uptimeNanoseconds
            _ = try await spool.submit(submission)
            latencies.append(DispatchTime.now().uptimeNanoseconds - t0)
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let rssAfter = residentKiB()
        latencies.sort()

        func ms(_ q: Double) -> String {
            String(format: "%.3f", Double(latencies[min(latencies.count - 1, Int(Double(latencies.count) * q))]) / 1e6)
        }
        print("submissions: \(count) durable, one writer, \(String(format: "%.1f", seconds)) s = \(String(format: "%.0f", Double(count) / seconds))/s")
        print("submit latency ms: p50 \(ms(0.50))  p99 \(ms(0.99))  max \(String(format: "%.3f", Double(latencies.last ?? 0) / 1e6))")
        print("VmRSS: \(rssBefore) KiB before, \(rssAfter) KiB after \(count) queued jobs (+\(rssAfter - rssBefore) KiB)")
        let size = { (p: String) in ((try? FileManager.default.attributesOfItem(atPath: p)[.size] as? Int) ?? nil) ?? 0 }
        print("files: database \(size(path) / 1024) KiB, WAL \(size(path + "-wal") / 1024) KiB")

        var claims: [UInt64] = []
        for i in 0..<200 {
            let t0 = DispatchTime.now().uptimeNanoseconds
            guard try await spool.claimNext(modem: "bench-\(i)") != nil else { break }
            claims.append(DispatchTime.now().uptimeNanoseconds - t0)
        }
        claims.sort()
        if !claims.isEmpty {
            print("claim latency ms with \(count) waiting: p50 \(String(format: "%.3f", Double(claims[claims.count / 2]) / 1e6))  max \(String(format: "%.3f", Double(claims.last!) / 1e6))")
        }
    }

    /// VmRSS from /proc/self/status, in KiB.
    static func residentKiB(pid: String = "self") -> Int {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }) else { return 0 }
        return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? 0
    }

    /// Runs async work from the benchmark's synchronous entry point.
    static func blocking(_ work: @escaping @Sendable () async throws -> Void) throws {
        let done = DispatchSemaphore(value: 0)
        let failure = ErrorBox()
        Task {
            do { try await work() } catch { failure.error = error }
            done.signal()
        }
        done.wait()
        if let error = failure.error { throw error }
    }

    private final class ErrorBox: @unchecked Sendable {
        var error: (any Error)?  // written before the semaphore signals, read after it
    }
}
