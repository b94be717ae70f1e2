// Class2Benchmark: the line time of one 3-page document sent through our Class 2 driver (a virtual
// Class 2.0 modem), our Class 1 driver (a virtual Class 1 modem) and efax in Class 2.0 (-o0) to
// the same kind of fax machine on one real-time exchange, all three at once — as ratios, with the
// rate, coding and ECM each call negotiated. Like for like: non-ECM MH at up to V.17, what efax
// does; then our Class 2 driver again with its default offer (MMR under ECM).

import FaxOutcome
import Foundation
import T30
import T31
import T32
import T4
import VirtualExchange

enum Class2Benchmark {
    static func run() throws {
        let dir = NSTemporaryDirectory() + "swiftfax-bench-class2-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let pages = TestChart.pages(count: 3, resolution: .fine, seed: 3, density: 0.5)
        let doc = "\(dir)/doc.tif"
        try TIFFFaxWriter.write(pages, to: doc, compression: .t4OneDimensional)

        let exchange = VirtualExchange(options: ExchangeOptions(speed: 1))
        defer { exchange.stop() }
        _ = try exchange.addClass2Modem(number: "100", path: "\(dir)/ttyClass2", dialect: .class20)
        _ = try exchange.addModem(number: "101", path: "\(dir)/ttyClass1")
        _ = try exchange.addClass2Modem(number: "102", path: "\(dir)/ttyEfax", dialect: .class20)
        _ = try exchange.addClass2Modem(number: "103", path: "\(dir)/ttyClass2ECM", dialect: .class20)
        let machines = try (0..<4).map { try exchange.addFaxMachine(number: "20\($0)", inbox: "\(dir)/in\($0)") }
        exchange.start()

        let efaxProcess = try EfaxSender.start(pages, dir: dir, tty: "\(dir)/ttyEfax", option: "-o0", identity: "+1 555 0102", number: "202")
        let haveEfax = efaxProcess != nil
        let likeEfax = FaxSessionOptions(localIdentity: "+1 555 0100", errorCorrection: false, modems: .all, compressions: .t4OneDimensional)
        let group = DispatchGroup()
        for (tty, number, options) in [("ttyClass2", "200", likeEfax), ("ttyClass2ECM", "203", FaxSessionOptions(localIdentity: "+1 555 0103"))] {
            group.enter()
            Thread.detachNewThread {
                defer { group.leave() }
                guard let modem = try? Class2Modem.open(path: "\(dir)/\(tty)", lockDirectory: nil), (try? modem.reset(stationIdentity: "+1 555 0100")) != nil else { return }
                defer { modem.close() }
                modem.sessionOptions = options
                _ = FaxSession(.transmit(document: doc), options: options).run(over: Class2FrontEnd(modem: modem), setup: .dial(number))
            }
        }
        group.enter()
        Thread.detachNewThread {
            defer { group.leave() }
            _ = FaxSession(.transmit(document: doc), options: likeEfax)
                .run(over: Class1FrontEnd(devicePath: "\(dir)/ttyClass1", lockDirectory: nil), setup: .dial("201"))
        }
        group.wait()
        efaxProcess?.waitUntilExit()

        // Line time as the receiving fax machine measured it, for every sender alike.
        let received = machines.map { $0.waitForReceived(count: 1, timeout: 30).first?.result }
        func describe(_ name: String, _ result: FaxSessionResult?) -> String {
            guard let result else { return "  \(name) nothing received" }
            return "  \(name) \(result.completion), \(result.pagesTransferred) pages, \(String(format: "%.1f", result.lineSeconds)) line s"
                + " — \(result.bitRate) bit/s, \(result.compression), ECM \(result.errorCorrection ? "on" : "off")"
        }
        print("  document: \(pages.count) fine pages (test chart, density 0.5)")
        print(describe("SwiftFax Class 2.0:        ", received[0]))
        print(describe("SwiftFax Class 1:          ", received[1]))
        print(haveEfax ? describe("efax -o0 (Class 2.0):      ", received[2]) : "  efax: not installed (apt-get install efax)")
        print(describe("SwiftFax Class 2.0, MMR/ECM:", received[3]))
        func ratio(_ a: FaxSessionResult?, _ b: FaxSessionResult?) -> String {
            guard let a, let b, b.lineSeconds > 0 else { return "n/a" }
            return String(format: "%.3f", a.lineSeconds / b.lineSeconds)
        }
        print("  ratio Class 2.0 / Class 1 line seconds: \(ratio(received[0], received[1]))")
        print("  ratio Class 2.0 / efax line seconds:    \(ratio(received[0], received[2]))")
        print("  ratio Class 2.0 MMR+ECM / Class 2.0 MH: \(ratio(received[3], received[0]))")
    }
}
