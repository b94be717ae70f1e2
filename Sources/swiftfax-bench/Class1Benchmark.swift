// Class1Benchmark: the Class 1 driver on a real-time virtual exchange. (1) Line seconds for one
// multi-page document sent by our Class 1 sender and by efax, to the same kind of fax machine in
// the same run, against the payload bound (encoded page bits ÷ bit rate). (2) Host response
// latency — from the modem's OK/CONNECT to our next command — p50/p99 over 8 simultaneous calls.

import Foundation
import Synchronization
import T30
import T31
import T4
import VirtualExchange

enum Class1Benchmark {
    static func run() throws {
        let dir = NSTemporaryDirectory() + "swiftfax-bench-class1-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try lineTime(dir: dir)
        try latency(dir: dir)
    }

    /// Same pages, non-ECM MH at V.17 (what efax does), ours and efax's concurrently.
    static func lineTime(dir: String) throws {
        let pages = TestChart.pages(count: 3, resolution: .fine, seed: 3, density: 0.5)
        let doc = "\(dir)/doc.tif"
        try TIFFFaxWriter.write(pages, to: doc, compression: .t4OneDimensional)
        var payloadBits = 0
        for (i, page) in pages.enumerated() {
            let one = "\(dir)/mh\(i).tif"
            try TIFFFaxWriter.write([page], to: one, compression: .t4OneDimensional)
            payloadBits += ((try FileManager.default.attributesOfItem(atPath: one)[.size] as? Int) ?? 0) * 8
        }
        let exchange = VirtualExchange(options: ExchangeOptions(speed: 1))
        defer { exchange.stop() }
        _ = try exchange.addModem(number: "100", path: "\(dir)/ttyOurs")
        _ = try exchange.addModem(number: "101", path: "\(dir)/ttyEfax")
        let ours = try exchange.addFaxMachine(number: "200", inbox: "\(dir)/in-ours")
        let theirs = try exchange.addFaxMachine(number: "201", inbox: "\(dir)/in-efax")
        exchange.start()

        let efaxProcess = try EfaxSender.start(pages, dir: dir, tty: "\(dir)/ttyEfax", option: "-o1", identity: "+1 555 0101", number: "201")
        let haveEfax = efaxProcess != nil
        let options = FaxSessionOptions(localIdentity: "+1 555 0100", errorCorrection: false, modems: .all, compressions: .t4OneDimensional)
        let sent = FaxSession(.transmit(document: doc), options: options)
            .run(over: Class1FrontEnd(devicePath: "\(dir)/ttyOurs", lockDirectory: nil), setup: .dial("200"))
        efaxProcess?.waitUntilExit()
        let oursRx = ours.waitForReceived(count: 1, timeout: 30).first?.result
        let efaxRx = haveEfax ? theirs.waitForReceived(count: 1, timeout: 30).first?.result : nil

        let rate = max(sent.bitRate, 1)
        let bound = Double(payloadBits) / Double(rate)
        print(String(format: "  document: %d pages, %d encoded MH bits; payload bound at %d bit/s: %.1f s", pages.count, payloadBits, rate, bound))
        print("  SwiftFax Class 1: \(sent.completion), \(sent.pagesTransferred) pages, sender \(String(format: "%.1f", sent.lineSeconds)) line s"
            + (oursRx.map { String(format: ", receiver %.1f line s (%.2f× bound)", $0.lineSeconds, $0.lineSeconds / bound) } ?? ""))
        if let efaxRx {
            print("  efax:             \(efaxRx.completion), \(efaxRx.pagesTransferred) pages, receiver \(String(format: "%.1f", efaxRx.lineSeconds)) line s (\(String(format: "%.2f", efaxRx.lineSeconds / bound))× bound)")
            if let oursRx {
                print(String(format: "  ratio SwiftFax / efax line seconds: %.3f", oursRx.lineSeconds / max(efaxRx.lineSeconds, 0.001)))
            }
        } else {
            print("  efax: not installed (apt-get install efax) — no comparison")
        }
    }

    /// Eight of our senders to eight of our receivers at once; latencies from every trace.
    static func latency(dir: String) throws {
        let calls = 8
        let exchange = VirtualExchange(options: ExchangeOptions(speed: 1, ringInterval: 2))
        defer { exchange.stop() }
        for i in 0..<calls {
            _ = try exchange.addModem(number: "3\(i)0", path: "\(dir)/tx\(i)")
            _ = try exchange.addModem(number: "4\(i)0", path: "\(dir)/rx\(i)")
        }
        exchange.start()
        let doc = "\(dir)/short.tif"
        try TIFFFaxWriter.write(TestChart.pages(count: 1, resolution: .fine, seed: 4, density: 0.2), to: doc)
        let frontEnds = (0..<calls).flatMap { i -> [Class1FrontEnd] in
            let rx = Class1FrontEnd(devicePath: "\(dir)/rx\(i)", lockDirectory: nil)
            rx.answerTimeout = .seconds(60)
            return [Class1FrontEnd(devicePath: "\(dir)/tx\(i)", lockDirectory: nil), rx]
        }
        let group = DispatchGroup()
        let results = ResultBox(count: calls)
        for i in 0..<calls {
            let (tx, rx) = (Handed(frontEnds[2 * i]), Handed(frontEnds[2 * i + 1]))
            let receiver = Thread {
                _ = FaxSession(.receive(into: "\(dir)/lat\(i).tif")).run(over: rx.value, setup: .answer)
                group.leave()
            }
            let sender = Thread {
                Thread.sleep(forTimeInterval: 0.5)
                results.set(i, FaxSession(.transmit(document: doc)).run(over: tx.value, setup: .dial("4\(i)0")).isSuccess)
                group.leave()
            }
            group.enter(); group.enter()
            receiver.start(); sender.start()
        }
        _ = group.wait(timeout: .now() + 240)
        var millis: [Double] = []
        for frontEnd in frontEnds {
            for gap in frontEnd.hostResponseLatencies() {
                let (s, a) = gap.components
                millis.append(Double(s) * 1000 + Double(a) / 1e15)
            }
        }
        millis.sort()
        guard !millis.isEmpty else {
            print("  latency: no samples")
            return
        }
        func percentile(_ p: Double) -> Double { millis[min(millis.count - 1, Int(Double(millis.count - 1) * p))] }
        print("  \(calls) simultaneous calls: \(results.successes) succeeded; \(millis.count) modem-result→next-command gaps")
        print(String(format: "  host response latency: p50 %.2f ms, p99 %.2f ms, max %.2f ms (T.31 budget ~55 ms)", percentile(0.5), percentile(0.99), millis.last!))
    }
}

/// Hands an object to the one thread that uses it from then on.
struct Handed<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

/// Results written from several threads.
final class ResultBox: Sendable {
    private let values: Mutex<[Bool]>
    init(count: Int) { values = Mutex(Array(repeating: false, count: count)) }
    func set(_ i: Int, _ value: Bool) { values.withLock { $0[i] = value } }
    var successes: Int { values.withLock { $0.filter { $0 }.count } }
}
