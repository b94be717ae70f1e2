// faxctl modem watch: prints serial devices as they are plugged in and pulled out (udev events),
// with the identity and candidacy faxd would give them — for checking udev rules and for tests.

import ArgumentParser
import Foundation
import ModemDiscovery

struct ModemWatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Print serial devices as they are added and removed."
    )

    @Option(help: "Event source: udev (udevd's events), kernel, or auto (udev when udevd runs).")
    var source: String = "auto"

    @Option(help: "Stop after this many events (0: never).")
    var count: Int = 0

    func run() async throws {
        let chosen: HotplugMonitor.Source
        switch source {
        case "auto": chosen = .automatic
        case "udev": chosen = .udev
        case "kernel": chosen = .kernel
        default: throw ValidationError("--source is udev, kernel or auto")
        }
        let monitor = try HotplugMonitor(source: chosen)
        say("watching (\(chosen.rawValue) events)")
        var seen = 0
        for await event in monitor.events {
            switch event {
            case .added(let device):
                let candidacy = ModemCandidacy.of(device)
                say("added \(device.node) identity=\(device.stableIdentity) usb=\(device.usbID ?? "-") \(candidacy.isCandidate ? "candidate" : "not-used"): \(candidacy.reason)")
            case .removed(let name, _):
                say("removed \(name)")
            }
            seen += 1
            if count > 0 && seen >= count { break }
        }
        monitor.stop()
    }

    /// One line, written at once (a pipe to a test or `grep` sees it without buffering).
    private func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}
