// faxctl modem list: the serial devices udev knows (no faxd needed), each with its stable identity
// (the name faxd keeps for it across unplug and renumbering), its USB ids and driver, and whether
// faxd would probe it as a fax modem — and why or why not.

import ArgumentParser
import Foundation
import ModemDiscovery

struct ModemListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List serial devices: identity, USB ids, and whether faxd would use them as fax modems."
    )

    @Flag(help: "Only the devices faxd would probe.")
    var candidates = false

    func run() throws {
        let devices: [SerialDevice]
        do {
            devices = try UDevDevices().serialDevices()
        } catch {
            print("error: \(error)")
            throw ExitCode(1)
        }
        var shown = 0
        for device in devices {
            let candidacy = ModemCandidacy.of(device)
            if candidates && !candidacy.isCandidate { continue }
            shown += 1
            var facts = [device.usbID.map { "usb \($0)" }, device.driver, device.product].compactMap { $0 }
            if facts.isEmpty { facts = ["not on USB"] }
            print("\(device.node)  \(facts.joined(separator: ", "))")
            print("    identity: \(device.stableIdentity)")
            print("    \(candidacy.isCandidate ? "modem candidate" : "not used"): \(candidacy.reason)")
        }
        if shown == 0 { print(candidates ? "no device looks like a fax modem" : "no serial devices") }
    }
}
