// VoiceModemBenchmark: faxing through a voice modem with the soft modem on the host. (1) Line
// time of one 3-page document, ECM with T.6, through our V.253 driver vs our Class 1 driver, at
// once on one real-time exchange, as a ratio (goal: within 5 %). (2) The host's CPU per call:
// the thread CPU time of each V.253 host thread (the soft modem, T.30 and the audio line — the
// exchange's own work runs on other threads and is not counted) over the call's line time, with
// 8 calls at once, and so how many real-time calls one core carries.

import FaxOutcome
import Foundation
import Synchronization
import T30
import T31
import T4
import V253
import VirtualExchange

enum VoiceModemBenchmark {
    static func run() throws {
        let dir = NSTemporaryDirectory() + "swiftfax-bench-voice-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try lineTime(dir: dir)
        try hostCPU(dir: dir, calls: 8)
    }

    /// CPU time of the calling thread so far, in seconds.
    static func threadCPU() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    static func lineTime(dir: String) throws {
        let doc = "\(dir)/doc.tif"
        try TIFFFaxWriter.write(TestChart.pages(count: 3, resolution: .fine, seed: 3, density: 0.5), to: doc)
        let exchange = VirtualExchange(options: ExchangeOptions(speed: 1))
        defer { exchange.stop() }
        _ = try exchange.addVoiceModem(number: "100", path: "\(dir)/ttyVoice")
        _ = try exchange.addModem(number: "101", path: "\(dir)/ttyClass1")
        let machines = try (0..<2).map { try exchange.addFaxMachine(number: "20\($0)", inbox: "\(dir)/in\($0)") }
        exchange.start()
        let options = FaxSessionOptions(localIdentity: "+1 555 0100")  // ECM, T.6 where both can
        let group = DispatchGroup()
        let voiceSummary = Mutex("")
        group.enter()
        Thread.detachNewThread {
            defer { group.leave() }
            guard let modem = try? V253Modem.open(path: "\(dir)/ttyVoice", lockDirectory: nil), (try? modem.reset()) != nil else { return }
            defer { modem.close() }
            let frontEnd = V253FrontEnd(modem: modem)
            _ = FaxSession(.transmit(document: doc), options: options).run(over: frontEnd, setup: .dial("200"))
            voiceSummary.withLock { $0 = frontEnd.audioSummary }
        }
        group.enter()
        Thread.detachNewThread {
            defer { group.leave() }
            _ = FaxSession(.transmit(document: doc), options: options).run(over: Class1FrontEnd(devicePath: "\(dir)/ttyClass1", lockDirectory: nil), setup: .dial("201"))
        }
        group.wait()
        let received = machines.map { $0.waitForReceived(count: 1, timeout: 30).first?.result }
        func describe(_ name: String, _ r: FaxSessionResult?) -> String {
            guard let r else { return "  \(name) nothing received" }
            return "  \(name) \(r.completion), \(r.pagesTransferred) pages, \(String(format: "%.1f", r.lineSeconds)) line s — \(r.bitRate) bit/s, \(r.compression), ECM \(r.errorCorrection ? "on" : "off")"
        }
        print("  document: 3 fine pages (test chart, density 0.5), one real-time exchange, both calls at once")
        print(describe("soft modem over a voice modem:", received[0]))
        print(describe("Class 1 driver:               ", received[1]))
        print("  \(voiceSummary.withLock { $0 })")
        if let voice = received[0], let class1 = received[1], class1.lineSeconds > 0 {
            print(String(format: "  ratio voice modem / Class 1 line seconds: %.3f (goal ≤ 1.05)", voice.lineSeconds / class1.lineSeconds))
        }
    }

    static func hostCPU(dir: String, calls: Int) throws {
        let doc = "\(dir)/short.tif"
        try TIFFFaxWriter.write(TestChart.pages(count: 1, resolution: .fine, seed: 4, density: 0.3), to: doc)
        let exchange = VirtualExchange(options: ExchangeOptions(speed: 1, ringInterval: 2))
        defer { exchange.stop() }
        for i in 0..<calls {
            _ = try exchange.addVoiceModem(number: "3\(i)0", path: "\(dir)/v\(i)")
            _ = try exchange.addFaxMachine(number: "4\(i)0", inbox: "\(dir)/rx\(i)")
        }
        exchange.start()
        let samples = Mutex<[(cpu: Double, line: Double, late: Int, ok: Bool)]>([])
        let group = DispatchGroup()
        for i in 0..<calls {
            group.enter()
            Thread.detachNewThread {
                defer { group.leave() }
                guard let modem = try? V253Modem.open(path: "\(dir)/v\(i)", lockDirectory: nil), (try? modem.reset()) != nil else { return }
                defer { modem.close() }
                let frontEnd = V253FrontEnd(modem: modem)
                let before = threadCPU()
                let result = FaxSession(.transmit(document: doc)).run(over: frontEnd, setup: .dial("4\(i)0"))
                let cpu = threadCPU() - before
                samples.withLock { $0.append((cpu, result.lineSeconds, frontEnd.line.underruns, result.isSuccess)) }
            }
        }
        group.wait()
        let all = samples.withLock { $0 }
        let line = all.map(\.line).reduce(0, +)
        let cpu = all.map(\.cpu).reduce(0, +)
        guard line > 0 else { return print("  host CPU: no calls completed") }
        let share = cpu / line
        print("  \(calls) real-time calls at once: \(all.filter(\.ok).count) succeeded, late blocks \(all.map(\.late).reduce(0, +)) in all")
        print(String(format: "  host CPU per call: %.2f %% of a core (%.2f CPU s over %.1f line s) → %.0f real-time calls per core (goal ≥ 100)",
                     share * 100, cpu, line, 1 / share))
    }
}
