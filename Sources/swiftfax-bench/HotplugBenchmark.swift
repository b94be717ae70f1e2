// HotplugBenchmark: how fast faxd takes in a modem plugged in and lets go of one pulled out, with
// real parts — libudev under umockdev (a USR5637 described as the kernel shows it), faxd from this
// build, the mocked tty bridged to a virtual Class 1 modem of the exchange (at 8× line speed).
// 20 cycles of: plug in (under a node name that changes) → ready (faxd's probe done: the modem
// idle or already dialing); the fax waiting in the queue goes out and reaches phase B → pull the
// modem out → the fax re-queued (5212, not charged). p50/max of each, with the goals
// (ready ≤ 2 s, re-queued ≤ 1 s). HOTPLUG_BENCH_CYCLES sets the number of cycles.

import FaxAPIModels
import FaxClient
import FaxdTestSupport
import FaxTestSupport
import Foundation
import T30
import T4
import VirtualExchange

enum HotplugBenchmark {
    static let modemName = "U.S.Robotics_USB_Modem_0000001-if00"

    static func run() throws {
        let cycles = ProcessInfo.processInfo.environment["HOTPLUG_BENCH_CYCLES"].flatMap(Int.init) ?? 20
        let testbed = try HotplugTestbed("swiftfax-hotplug-bench", modems: ["15550101"], speed: 8,
                                         extraYAML: "retry: { busy: [0.5], no_answer: [0.5], failure: [0.5] }") { exchange, dir in
            _ = try exchange.addFaxMachine(number: "15550200", inbox: dir.file("machine"),
                                           options: FaxSessionOptions(localIdentity: "+1 555 0200", callDeadline: .seconds(120)))
        }
        defer { testbed.stop() }
        let document = testbed.dir.file("three.tif")
        try TIFFFaxWriter.write(TestChart.pages(count: 3, resolution: .fine, seed: 5, density: 0.3), to: document)
        let client = testbed.client

        try SpoolBenchmark.blocking {
            var ready: [Double] = []
            var requeued: [Double] = []
            let fax = try await client.submit(file: document, SubmitFaxRequest(to: "+15550200"))
            for cycle in 0..<cycles {
                let node = "ttyACM\(cycle)"  // umockdev cannot reuse a removed node's name
                try testbed.plug("usr5637", as: node, bridgedTo: "15550101")
                let plugged = Date()
                try await poll(10, "cycle \(cycle + 1): the modem ready") {
                    guard let modem = try await client.modems().first(where: { $0.name == modemName }) else { return false }
                    return modem.device == "/dev/\(node)" && ["idle", "dialing", "sending"].contains(modem.state)
                }
                ready.append(Date().timeIntervalSince(plugged))
                try await poll(60, "cycle \(cycle + 1): the call in phase B") { try await client.fax(fax.id).state == "sending" }
                try testbed.unplug(node)
                let pulled = Date()
                try await poll(10, "cycle \(cycle + 1): the fax re-queued") { try await client.fax(fax.id).state != "sending" }
                requeued.append(Date().timeIntervalSince(pulled))
            }
            let after = try await client.fax(fax.id)
            print("the fax after \(cycles) cycles: \(after.state), attempts charged \(after.attemptsMade), "
                  + "calls \(try await client.attempts(fax.id).count) (each ended 5212)")
            _ = try? await client.perform(.cancel, fax.id)
            print(summary("plug → ready (probe done)", ready, goal: 2))
            print(summary("unplug → fax re-queued", requeued, goal: 1))
        }
    }

    static func summary(_ what: String, _ values: [Double], goal: Double) -> String {
        let sorted = values.sorted()
        let p50 = sorted[(sorted.count - 1) / 2]
        return String(format: "%@, %d cycles, %d cores: p50 %.3f s, max %.3f s (goal ≤ %.0f s)",
                      what, sorted.count, ProcessInfo.processInfo.activeProcessorCount, p50, sorted.last ?? 0, goal)
    }

    /// Polls `condition` every 5 ms until it holds; throws after `seconds`.
    static func poll(_ seconds: Double, _ what: String, _ condition: () async throws -> Bool) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if (try? await condition()) == true { return }
            try await Task.sleep(for: .milliseconds(5))
        }
        throw FaxdTestError("timed out waiting for \(what)")
    }
}
