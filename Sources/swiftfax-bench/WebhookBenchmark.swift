// WebhookBenchmark: webhooks as an integrator sees them — a real faxd (no modems: faxes stay
// queued) and a receiver on loopback (Python's ThreadingHTTPServer, answering 204 and noting when
// each event arrived). Three endpoints take every event.
//   - Submission rate (16 clients, multipart one-page faxes) without any endpoint, then with the
//     three: the ratio (goal ≥ 0.9) — the outbox rows written in the submission's transaction and
//     the deliveries going out meanwhile are what it costs.
//   - Event → delivered latency: from each submission's 201 to its `fax.queued` arriving at each
//     endpoint, then a cancel → its `fax.cancelled`, p50/p99 over 1,000 faxes × 2 events × 3
//     endpoints (WEBHOOK_BENCH_FAXES sets the count).

import FaxAPIModels
import FaxClient
import Foundation
import T4

enum WebhookBenchmark {
    static let receiver = #"""
import http.server, json, sys, time
out = open(sys.argv[1], "a", buffering=1)
class H(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *a): pass
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("content-length", "0")))
        e = json.loads(body)
        out.write("%s %s %s %.3f\n" % (self.path, e["type"], e["data"].get("id", "-"), time.time()))
        self.send_response(204); self.send_header("content-length", "0"); self.end_headers()
s = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
print(s.server_address[1], flush=True)
s.serve_forever()
"""#

    static func run() throws {
        let faxes = ProcessInfo.processInfo.environment["WEBHOOK_BENCH_FAXES"].flatMap(Int.init) ?? 1000
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("swiftfax-webhook-bench-\(getpid())").path
        try FileManager.default.createDirectory(atPath: dir + "/run", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let socket = dir + "/run/faxd.sock"
        try """
        spool: \(dir)/spool
        lock_directory: ""
        allow_root: true
        api: { socket: \(socket) }
        webhooks: { allow_private_addresses: true, retry_initial: 0.5 }
        modems: []
        """.write(toFile: dir + "/faxd.yaml", atomically: true, encoding: .utf8)
        try receiver.write(toFile: dir + "/receiver.py", atomically: true, encoding: .utf8)

        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        python.arguments = [dir + "/receiver.py", dir + "/arrivals.txt"]
        let portPipe = Pipe()
        python.standardOutput = portPipe
        try python.run()
        defer { kill(python.processIdentifier, SIGKILL); python.waitUntilExit() }
        guard let line = String(data: portPipe.fileHandleForReading.availableData, encoding: .utf8),
              let port = Int(line.trimmingCharacters(in: .whitespacesAndNewlines)) else { throw BenchError("the receiver did not start") }

        let faxd = try APIBenchmark.startFaxd(config: dir + "/faxd.yaml", socket: socket)
        defer { faxd.terminate(); faxd.waitUntilExit() }
        let document = try APIBenchmark.onePageDocument(in: dir)
        let client = FaxClient(socketPath: socket)
        try SpoolBenchmark.blocking {
            _ = try await APIBenchmark.submit(client, document, count: 200, concurrency: 16, from: 0)  // warm up
            let without = try await APIBenchmark.submit(client, document, count: faxes, concurrency: 16, from: 1_000)
            for n in 1...3 {
                _ = try await client.createWebhook(CreateWebhookRequest(url: "http://127.0.0.1:\(port)/endpoint\(n)"))
            }
            // Submissions with the endpoints, noting each 201's time; then cancel each.
            let stamps = Stamps()
            let start = Date()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 0..<16 {
                    group.addTask {
                        var i = worker
                        while i < faxes {
                            let fax = try await client.submit(document: document, SubmitFaxRequest(to: "+1212\(5_000_000 + i)"))
                            stamps.note("fax.queued", fax.id)
                            i += 16
                        }
                    }
                }
                try await group.waitForAll()
            }
            let withRate = Double(faxes) / Date().timeIntervalSince(start)
            APIBenchmark.report("no endpoints ", without)
            print(String(format: "3 endpoints  : %6d submissions, %7.0f/s", faxes, withRate))
            print(String(format: "submit rate with webhooks / without: %.2f (goal ≥ 0.9)", withRate / without.rate))
            for (_, id) in stamps.all {
                _ = try await client.perform(.cancel, id)
                stamps.note("fax.cancelled", id)
            }
            // Wait for every delivery.
            let expected = faxes * 2 * 3
            let deadline = Date().addingTimeInterval(600)
            var arrivals: [String] = []
            while Date() < deadline {
                arrivals = ((try? String(contentsOfFile: dir + "/arrivals.txt", encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
                if arrivals.filter({ $0.contains(" fax.queued ") || $0.contains(" fax.cancelled ") }).count >= expected { break }
                try await Task.sleep(for: .milliseconds(200))
            }
            var latencies: [Double] = []
            for line in arrivals {
                let f = line.split(separator: " ")
                guard f.count == 4, let at = Double(f[3]), let sent = stamps.time(String(f[1]), String(f[2])) else { continue }
                latencies.append(at - sent)
            }
            latencies.sort()
            guard !latencies.isEmpty else { throw BenchError("no deliveries arrived") }
            let p = { (q: Double) in latencies[min(latencies.count - 1, Int(q * Double(latencies.count)))] * 1000 }
            print(String(format: "event → delivered: %d of %d deliveries, p50 %.0f ms, p99 %.0f ms, max %.0f ms (3 endpoints, each in order)",
                         latencies.count, expected, p(0.5), p(0.99), (latencies.last ?? 0) * 1000))
        }
    }

    /// When each event was caused, by (type, fax id).
    final class Stamps: @unchecked Sendable {
        private let lock = NSLock()
        private var times: [String: Double] = [:]
        private var order: [(String, String)] = []
        func note(_ type: String, _ id: String) {
            lock.lock(); defer { lock.unlock() }
            times["\(type) \(id)"] = Date().timeIntervalSince1970
            if type == "fax.queued" { order.append((type, id)) }
        }
        func time(_ type: String, _ id: String) -> Double? { lock.lock(); defer { lock.unlock() }; return times["\(type) \(id)"] }
        var all: [(String, String)] { lock.lock(); defer { lock.unlock() }; return order }
    }

    struct BenchError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
