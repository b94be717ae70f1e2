// swiftfax-bench: SwiftFax's benchmarks. Each prints figures (ratios against a baseline measured
// in the same run where possible); none of them pass or fail. `swiftfax-bench NAME…` runs the
// named ones, no argument runs them all.

import Foundation

let benchmarks: [(name: String, summary: String, run: () throws -> Void)] = [
    ("softmodem", "soft-modem T.30: real-time factor, Swift vs plain C, line time vs payload bound", SoftModemBenchmark.run),
    ("class1", "Class 1 driver: line seconds vs efax and payload bound; host response latency, 8 calls", Class1Benchmark.run),
    ("class2", "Class 2 driver: line seconds of one document vs our Class 1 driver and efax (Class 2.0), negotiated rate/coding/ECM", Class2Benchmark.run),
    ("voice", "soft modem over a voice modem (V.253): line seconds vs the Class 1 driver; host CPU per real-time call, calls per core", VoiceModemBenchmark.run),
    ("spool", "durable spool: submissions/s (WAL, synchronous=FULL), p99 submit latency, RSS with 100,000 queued jobs", SpoolBenchmark.run),
    ("api", "faxd over its Unix socket: durable submissions/s (group commit) vs one-at-a-time, p99, faxd RSS with 100,000 queued jobs", APIBenchmark.run),
    ("webhooks", "webhooks to 3 endpoints: submissions/s with vs without them; event → delivered latency p50/p99 over 1,000 faxes' events", WebhookBenchmark.run),
    ("documents", "PDF to fine fax pages with header: pages/s and bytes/page vs Ghostscript's tiffg4", DocumentsBenchmark.run),
    ("hotplug", "udev hot-plug through faxd under umockdev: plug → ready and unplug → fax re-queued, p50/max over 20 cycles", HotplugBenchmark.run),
    ("cups", "print to fax: lp returns → modem's ATD through a private cupsd, the swiftfax backend and faxd, p50/p99 over 20 jobs", CUPSBenchmark.run),
    ("mail", "email through a private Postfix: mail accepted → fax queued p50/p99 over 100 messages (vs the API); received fax → Maildir", MailBenchmark.run),
]

let requested = Array(CommandLine.arguments.dropFirst())
if requested.contains("--help") || requested.contains("-h") {
    print("usage: swiftfax-bench [NAME…]")
    for b in benchmarks { print("  \(b.name.padding(toLength: 12, withPad: " ", startingAt: 0)) \(b.summary)") }
    exit(0)
}
let unknown = requested.filter { name in !benchmarks.contains { $0.name == name } }
guard unknown.isEmpty else {
    FileHandle.standardError.write("unknown benchmark(s): \(unknown.joined(separator: ", "))\n".data(using: .utf8)!)
    exit(2)
}
for b in benchmarks where requested.isEmpty || requested.contains(b.name) {
    print("== \(b.name): \(b.summary)")
    try b.run()
}
