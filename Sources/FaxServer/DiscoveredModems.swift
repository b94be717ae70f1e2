// DiscoveredModems: the modems discovery brings — faxd's part of udev hot-plug. The monitor is
// started first, then the serial devices present are enumerated (so nothing plugged in between is
// missed); each candidate gets a worker (probe, then send and answer), configured by the
// `modems[]` entry whose `match` it meets or, with `accept: auto`, by the defaults under its
// stable identity. An unplugged modem's worker is withdrawn: it stops within a second, ending a
// call in progress as 5212 (the fax is re-queued, not charged, its confirmed pages kept). Plugged in
// again — under any node name — it is the same modem: same name, settings, counts (its new worker
// starts once the old one has let go of the port). Each coming and going is a modem event in the
// spool (added, removed, not_a_modem).

import Foundation
import Logging
import ModemDiscovery
import Spool

struct DiscoveredModems: Sendable {
    let context: FaxServerContext
    let logger: Logger

    /// Runs until the calling task is cancelled; workers' calls in progress finish first.
    func run() async {
        let discovery = context.configuration.discovery
        let source: HotplugMonitor.Source = switch discovery.source {
        case "udev": .udev
        case "kernel": .kernel
        default: .automatic
        }
        let monitor: HotplugMonitor
        do {
            monitor = try HotplugMonitor(source: source)
        } catch {
            logger.error("discovery: cannot watch for modems being plugged in", metadata: ["error": "\(error)"])
            return
        }
        defer { monitor.stop() }
        let present: [SerialDevice]
        do {
            present = try await OffPool.run { try UDevDevices().serialDevices() }
        } catch {
            logger.error("discovery: cannot list serial devices", metadata: ["error": "\(error)"])
            present = []
        }
        logger.info("discovery: watching for modems", metadata: ["source": "\(source.rawValue)", "devices": "\(present.count)"])

        // Workers by kernel name; each worker's life, by modem name, until it has ended — a modem
        // plugged in again while its withdrawn worker is still closing the old port waits for it,
        // so one name never has two workers.
        var workers: [String: (worker: ModemWorker, device: SerialDevice)] = [:]
        var lives: [String: Task<Void, Never>] = [:]
        await withTaskGroup(of: Void.self) { group in
            func admit(_ device: SerialDevice) {
                guard workers[device.kernelName] == nil, let configuration = configuration(for: device) else { return }
                let worker = ModemWorker(configuration: configuration, context: context, logger: logger, discovered: true)
                workers[device.kernelName] = (worker, device)
                let previous = lives[configuration.name]
                let life = Task { await live(worker, device: device, after: previous) }
                lives[configuration.name] = life
                group.addTask { await withTaskCancellationHandler { await life.value } onCancel: { life.cancel() } }
            }
            for device in present { admit(device) }
            for await event in monitor.events {
                switch event {
                case .added(let device):
                    admit(device)
                case .removed(let name, _):
                    guard let (worker, device) = workers.removeValue(forKey: name) else { continue }
                    logger.notice("modem removed", metadata: ["modem": "\(worker.name)", "device": "/dev/\(name)"])
                    worker.withdraw()
                    await record(.removed, worker.name, device)
                }
            }
        }
    }

    /// One worker's life: once the modem's previous worker (if it was just unplugged) has ended,
    /// the status entry, the `added` event, the worker's run, and `not_a_modem` if it was not one.
    private func live(_ worker: ModemWorker, device: SerialDevice, after previous: Task<Void, Never>?) async {
        await previous?.value
        guard !Task.isCancelled, !worker.isWithdrawn else { return }
        let configuration = worker.configuration
        context.modems.register(ModemStatus(name: configuration.name, device: device.node, groups: configuration.groups,
                                            answers: configuration.answer, identity: device.stableIdentity,
                                            usbID: device.usbID, driver: device.driver))
        logger.notice("modem added", metadata: [
            "modem": "\(configuration.name)", "device": "\(device.node)", "identity": "\(device.stableIdentity)",
            "usb": "\(device.usbID ?? "-")",
        ])
        await record(.added, configuration.name, device)
        await worker.run()
        if !worker.isWithdrawn, context.modems.status(configuration.name)?.state == .notAModem {
            await record(.notAModem, configuration.name, device)
        }
    }

    /// Records a modem event; one the spool will not take is logged, never fatal.
    private func record(_ kind: ModemEvent.Kind, _ name: String, _ device: SerialDevice) async {
        do {
            try await context.spool.recordModemEvent(kind, modem: name, device: device.node, identity: device.stableIdentity, usbID: device.usbID)
        } catch {
            logger.error("spool: could not record the modem event", metadata: ["modem": "\(name)", "event": "\(kind.rawValue)", "error": "\(error)"])
        }
    }

    /// The configuration a discovered device gets: the matching `modems[]` entry (its node filled
    /// in), or with `accept: auto` the defaults under a name made from its identity; nil for a
    /// device that is not to be used.
    func configuration(for device: SerialDevice) -> ModemConfiguration? {
        let entries = context.configuration.modems.filter { $0.match != nil }
        if var entry = entries.first(where: { $0.match!.matches(device) }) {
            entry.device = device.node
            return entry
        }
        guard context.configuration.discovery.accept == "auto", ModemCandidacy.of(device).isCandidate else { return nil }
        // A configured-by-path modem is not taken twice.
        guard !context.configuration.modems.contains(where: { $0.device == device.node }) else { return nil }
        let name = String(device.stableIdentity.map { $0.isLetter || $0.isNumber || "-_.".contains($0) ? $0 : "_" })
        return ModemConfiguration(name: name, device: device.node)
    }
}

extension ModemMatch {
    /// Every field given matches the device.
    func matches(_ device: SerialDevice) -> Bool {
        if let identity, identity != device.stableIdentity { return false }
        if let usb, usb.lowercased() != device.usbID { return false }
        if let path {
            let links = (device.properties["DEVLINKS"] ?? "").split(separator: " ").map(String.init)
            if path != device.node && !links.contains(path) { return false }
        }
        return true
    }
}
