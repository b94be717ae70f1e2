// SoftModemBenchmark: what one soft-modem fax costs.
//   - real-time factor: line seconds carried per CPU second (both ends of the call);
//   - the Swift session's throughput as a ratio to a plain C loop over the same spandsp calls
//     (CFaxBaseline), built and run in this same process (goal ≥ 0.95);
//   - line seconds against the payload bound (encoded page bits ÷ bit rate): what T.30's
//     handshakes, training and padding add to the pure image transfer.
// Each figure is the best of several runs: CPU time on a shared machine only ever goes up.

import CFaxBaseline
import CSpanDSP
import Foundation
import Glibc
import T30
import T4

enum SoftModemBenchmark {
    struct Case {
        var label: String
        var ecm: Bool
        var modems: FaxModems
        var compressions: FaxCompressions
    }

    static let cases = [
        Case(label: "V.17, T.4 2-D", ecm: false, modems: .v17, compressions: [.t4OneDimensional, .t4TwoDimensional]),
        Case(label: "V.17, ECM, T.6", ecm: true, modems: .v17, compressions: .all),
        Case(label: "V.29, T.4 2-D", ecm: false, modems: .v29, compressions: [.t4OneDimensional, .t4TwoDimensional]),
    ]
    static let repetitions = 5

    static func run() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("swiftfax-bench-\(getpid())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let document = "\(dir)/document.tif"
        let pages = TestChart.pages(count: 3, resolution: .fine)
        try TIFFFaxWriter.write(pages, to: document)
        print("document: 3-page test chart, 1728 × 2292 (fine); best of \(repetitions) runs each")
        print("case             line s   Swift CPU s   C CPU s   real-time ×   Swift/C   payload s   line/payload")

        for c in cases {
            let options = FaxSessionOptions(errorCorrection: c.ecm, modems: c.modems, compressions: c.compressions)
            var swiftCPU = Double.infinity, cCPU = Double.infinity
            var lineSeconds = 0.0, payloadSeconds = 0.0
            for _ in 0..<repetitions {
                // Alternate the two so drift in machine load falls on both.
                let output = "\(dir)/rx-swift.tif"
                let start = threadCPUTime()
                let outcome = try BackToBack.run(document: document, output: output, senderOptions: options, receiverOptions: options)
                swiftCPU = min(swiftCPU, threadCPUTime() - start)
                guard outcome.sender.isSuccess, outcome.receiver.isSuccess else {
                    throw BenchmarkError.callFailed("\(c.label): \(outcome.sender.completion)")
                }
                lineSeconds = outcome.lineSeconds
                // The payload: the pages encoded as they crossed the line (libtiff's encoder, same K).
                let encoded = "\(dir)/payload.tif"
                try TIFFFaxWriter.write(pages, to: encoded, compression: lineCompression(outcome.sender.compression))
                let bits = try TIFFFaxReader.pageInfo(path: encoded).reduce(0) { $0 + $1.encodedBytes * 8 }
                payloadSeconds = Double(bits) / Double(outcome.sender.bitRate)

                var result = cfax_baseline_result_t()
                let cStart = threadCPUTime()
                let status = cfax_baseline_run(document, "\(dir)/rx-c.tif", c.ecm ? 1 : 0, Int32(c.modems.rawValue),
                                               Int32(c.compressions.rawValue), 160, &result)
                cCPU = min(cCPU, threadCPUTime() - cStart)
                guard status == 0, result.pages == 3 else { throw BenchmarkError.callFailed("\(c.label): C baseline status \(status)") }
            }
            print(
                c.label.padding(toLength: 15, withPad: " ", startingAt: 0),
                String(format: "%7.1f   %11.3f   %7.3f   %11.0f   %7.3f   %9.1f   %12.2f",
                       lineSeconds, swiftCPU, cCPU, lineSeconds / swiftCPU, cCPU / swiftCPU, payloadSeconds, lineSeconds / payloadSeconds)
            )
        }
        print("real-time × = line seconds per CPU second for both ends; Swift/C = the Swift session's throughput relative to plain C (goal ≥ 0.95)")
    }

    static func lineCompression(_ name: String) -> TIFFFaxWriter.Compression {
        switch name {
        case "T.6": .t6
        case "T.4 2-D": .t4TwoDimensional
        default: .t4OneDimensional
        }
    }

    static func threadCPUTime() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}

enum BenchmarkError: Error, CustomStringConvertible {
    case callFailed(String)
    var description: String {
        switch self {
        case .callFailed(let why): "benchmark call failed: \(why)"
        }
    }
}
