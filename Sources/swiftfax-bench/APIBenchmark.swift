// APIBenchmark: faxd as an integrator sees it — a real faxd process (no modems, so jobs stay
// queued) from the same build, its REST API on a Unix socket, FaxClient submitting multipart
// uploads of a one-page fax (each durable — document synced, SQLite committed with
// synchronous=FULL — before the 201):
//   - submissions/s with 64 clients at once (group commit) and with 1 (one commit each), the
//     ratio between them, and p50/p99 latency;
//   - faxd's resident memory (VmRSS) once 100,000 jobs are queued.
// API_BENCH_JOBS sets the total (default 100,000).

import FaxAPIModels
import FaxClient
import Foundation
import T4

enum APIBenchmark {
    static func run() throws {
        let total = ProcessInfo.processInfo.environment["API_BENCH_JOBS"].flatMap(Int.init) ?? 100_000
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("swiftfax-api-bench-\(getpid())").path
        try FileManager.default.createDirectory(atPath: dir + "/run", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let socket = dir + "/run/faxd.sock"
        try "spool: \(dir)/spool\nlock_directory: \"\"\nallow_root: true\napi: { socket: \(socket) }\nmodems: []\n".write(
            toFile: dir + "/faxd.yaml", atomically: true, encoding: .utf8)
        let faxd = try startFaxd(config: dir + "/faxd.yaml", socket: socket)
        defer { faxd.terminate(); faxd.waitUntilExit() }
        let document = try onePageDocument(in: dir)
        print("faxd pid \(faxd.processIdentifier), document \(document.count) bytes (1 fine page, T.6), socket \(socket)")
        let client = FaxClient(socketPath: socket)
        try SpoolBenchmark.blocking {
            let serial = try await submit(client, document, count: 500, concurrency: 1, from: 0)
            let (faxdBefore, selfBefore) = (cpuSeconds(pid: String(faxd.processIdentifier)), cpuSeconds(pid: "self"))
            let parallel = try await submit(client, document, count: 20_000, concurrency: 64, from: 500)
            let (faxdCPU, selfCPU) = (cpuSeconds(pid: String(faxd.processIdentifier)) - faxdBefore, cpuSeconds(pid: "self") - selfBefore)
            report("1 client  ", serial)
            report("64 clients", parallel)
            print(String(format: "CPU per submission (64 clients): faxd %.2f ms, the client %.2f ms (2 cores shared)",
                         faxdCPU / 20 , selfCPU / 20))
            print(String(format: "group commit: %.1f× the one-at-a-time rate", parallel.rate / serial.rate))
            var queued = 20_500
            while queued < total {
                let n = min(20_000, total - queued)
                _ = try await submit(client, document, count: n, concurrency: 64, from: queued)
                queued += n
            }
            let listed = try await client.list(limit: 1)
            print("faxd VmRSS with \(queued) queued jobs: \(SpoolBenchmark.residentKiB(pid: String(faxd.processIdentifier)) / 1024) MiB"
                  + " (newest job \(listed.data.first?.state ?? "?"))")
        }
    }

    /// faxd from this build, started with `config`, once its API socket is there (10 s at most).
    static func startFaxd(config: String, socket: String) throws -> Process {
        let faxd = Process()
        faxd.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("faxd")
        faxd.arguments = ["--config", config, "--log-level", "warning"]
        try faxd.run()
        for _ in 0..<200 where !FileManager.default.fileExists(atPath: socket) { Thread.sleep(forTimeInterval: 0.05) }
        return faxd
    }

    /// One fine test-chart page as TIFF/F (T.6), written in `dir`: the document every submission sends.
    static func onePageDocument(in dir: String) throws -> [UInt8] {
        let page = TestChart.pages(count: 1, resolution: .fine, seed: 1, density: 0.3)
        try TIFFFaxWriter.write(page, to: dir + "/page.tif")
        return [UInt8](try Data(contentsOf: URL(fileURLWithPath: dir + "/page.tif")))
    }

    /// utime + stime of a process, in seconds (/proc/PID/stat, clock ticks of 1/100 s).
    static func cpuSeconds(pid: String) -> Double {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return 0 }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / 100
    }

    struct Figures { var rate: Double; var p50: Double; var p99: Double; var count: Int }

    static func submit(_ client: FaxClient, _ document: [UInt8], count: Int, concurrency: Int, from first: Int) async throws -> Figures {
        let start = Date()
        var latencies: [Double] = []
        try await withThrowingTaskGroup(of: [Double].self) { group in
            for worker in 0..<concurrency {
                group.addTask {
                    var mine: [Double] = []
                    var i = worker
                    while i < count {
                        let t0 = Date()
                        _ = try await client.submit(document: document, SubmitFaxRequest(to: "+1212\(2_000_000 + first + i)"))
                        mine.append(Date().timeIntervalSince(t0))
                        i += concurrency
                    }
                    return mine
                }
            }
            for try await part in group { latencies += part }
        }
        let seconds = Date().timeIntervalSince(start)
        latencies.sort()
        func q(_ p: Double) -> Double { latencies[min(latencies.count - 1, Int(Double(latencies.count - 1) * p))] * 1000 }
        return Figures(rate: Double(count) / seconds, p50: q(0.5), p99: q(0.99), count: count)
    }

    static func report(_ label: String, _ f: Figures) {
        print(String(format: "%@: %6d submissions, %7.0f/s, latency p50 %.2f ms, p99 %.2f ms", label, f.count, f.rate, f.p50, f.p99))
    }
}
