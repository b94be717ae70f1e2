// CUPSBenchmark: print-to-dial latency through the real print path — `lp -d fax -o phone=…` of a
// one-page PDF to a private cupsd (its own ServerRoot and socket), the swiftfax backend from this
// build running as lp, faxd from this build on the virtual exchange — from the moment `lp`
// returns to the moment the modem's ATD reaches the exchange (VirtualExchange.dials). 20 jobs one
// after another; the far end is a busy line, so each job ends right after its dial (what is
// measured ends at ATD) and the next starts on an idle queue and modem. p50/p99 and the core count.
// CUPS_BENCH_JOBS sets the number of jobs.

import FaxdTestSupport
import FaxTestSupport
import Foundation
import VirtualExchange

enum CUPSBenchmark {
    static func run() throws {
        let jobs = ProcessInfo.processInfo.environment["CUPS_BENCH_JOBS"].flatMap(Int.init) ?? 20
        let busyLine = "15550300"
        let faxd = try FaxdHarness("swiftfax-cups-bench", modems: [("ttyFax", "15550101", false, true)],
                                   apiYAML: ", socket_group: lp, socket_mode: \"0660\"", defaultsYAML: ", max_attempts: 1") { exchange, _ in
            exchange.addBehaviourLine(number: busyLine, profile: LineProfile(answering: .busy))
        }
        defer { faxd.stop() }
        for folder in [faxd.dir.path, faxd.dir.file("run")] { chmod(folder, 0o755) }
        let cupsd = try PrivateCupsd(root: faxd.dir.file("cups"))
        try cupsd.start()
        defer { cupsd.stop() }
        try cupsd.addFaxQueue(uri: "swiftfax:/?socket=\(faxd.socketPath)")
        let pdf = try onePagePDF(faxd.dir)

        var latencies: [Double] = []
        for index in 0..<jobs {
            let result = try cupsd.tool("/usr/bin/lp", ["-d", "fax", "-o", "phone=+\(busyLine)", pdf])
            let returned = Date()
            guard result.status == 0 else { throw FaxdTestError("lp failed: \(result.output)") }
            let dial = try waitFor(seconds: 30, "job \(index + 1)'s dial") { faxd.exchange.dials.count > index ? faxd.exchange.dials[index] : nil }
            latencies.append(dial.at.timeIntervalSince(returned))
            // The job ends (busy, one attempt) before the next is printed: an idle queue and modem.
            _ = try waitFor(seconds: 60, "job \(index + 1) to leave the queue") {
                (try? cupsd.tool("/usr/bin/lpstat", ["-o", "fax"], timeout: 10))?.output.isEmpty == true ? true : nil
            }
        }
        let sorted = latencies.sorted()
        func percentile(_ p: Double) -> Double { sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)] }
        print(String(format: "print-to-dial (lp returns → modem's ATD), %d jobs, %d cores: p50 %.3f s, p99 %.3f s, min %.3f s, max %.3f s (goal: p50 ≤ 2 s)",
                     jobs, ProcessInfo.processInfo.activeProcessorCount, percentile(0.5), percentile(0.99), sorted.first ?? 0, sorted.last ?? 0))
    }

    static func onePagePDF(_ dir: ScratchDirectory) throws -> String {
        let ps = "%!PS\n/Helvetica findfont 24 scalefont setfont\n72 700 moveto (Print to fax benchmark) show\n72 72 200 300 rectfill\nshowpage\n"
        try ps.write(toFile: dir.file("page.ps"), atomically: true, encoding: .utf8)
        let made = try runTool("/usr/bin/gs", ["-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=pdfwrite", "-sPAPERSIZE=letter",
                                               "-o", dir.file("letter.pdf"), dir.file("page.ps")], timeout: 60)
        guard made.status == 0 else { throw FaxdTestError("gs failed: \(made.output)") }
        return dir.file("letter.pdf")
    }

    /// Polls `probe` every 5 ms until it gives a value (or throws after `seconds`).
    static func waitFor<T>(seconds: Double, _ what: String, _ probe: () throws -> T?) throws -> T {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let value = try probe() { return value }
            Thread.sleep(forTimeInterval: 0.005)
        }
        throw FaxdTestError("timed out waiting for \(what)")
    }
}
