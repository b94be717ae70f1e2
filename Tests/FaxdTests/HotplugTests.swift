// Issue 12 through faxd: a USB fax modem (a USR5637 described for umockdev, its tty bridged to a
// virtual modem of the exchange) plugged in while faxd runs is probed and sends a fax; pulled out
// in the middle of page 2 of 3, its call ends at once (5212), the fax is re-queued uncharged with
// page 1 confirmed; plugged in again under another node name it is the same modem (name, identity,
// counts) and the fax completes, every page delivered exactly once; each coming and going is a
// modem event. With two modems sending at once, pulling one out leaves the other's call untouched;
// an incoming call cut by pulling the modem out ends 5212 with the page that arrived kept. A
// USB-serial adapter (FTDI) is not taken; a modem-looking device that is silent is reported as not
// a modem and left alone.

import FaxAPIModels
import FaxClient
import FaxOutcome
import FaxTestSupport
import FaxdTestSupport
import Foundation
import Spool
import T30
import T4
import Testing
import VirtualExchange

@Suite(.serialized) struct HotplugTests {
    static let usrName = "U.S.Robotics_USB_Modem_0000001-if00"

    static func modem(_ client: FaxClient, _ name: String) async -> ModemResource? {
        try? await client.modems().first { $0.name == name }
    }

    @Test func pluggedInPulledOutMidPageAndPluggedBackUnderAnotherName() async throws {
        var machine: FaxMachineLine!
        // Both ends are ours: the exchange runs at 4× line speed.
        let testbed = try HotplugTestbed("faxd-hotplug", modems: ["15550101"], speed: 4,
                                         extraYAML: "retry: { busy: [1], no_answer: [1], failure: [1] }") { exchange, dir in
            machine = try exchange.addFaxMachine(number: "15550200", inbox: dir.file("machine"),
                                                 options: FaxSessionOptions(localIdentity: "+1 555 0200", callDeadline: .seconds(120)))
        }
        defer { testbed.stop() }
        let client = testbed.client
        #expect(try await client.modems().isEmpty, "no modem before one is plugged in")

        // Plugged in: probed and ready.
        var plugged = Date()
        try testbed.plug("usr5637", as: "ttyACM0", bridgedTo: "15550101")
        let ready = await eventually(timeout: 10) { await Self.modem(client, Self.usrName)?.state == "idle" }
        let whenReady = await Self.modem(client, Self.usrName)
        try #require(ready, "not ready: \(String(describing: whenReady))\n\(testbed.log())")
        print("plug → ready: \(String(format: "%.2f", Date().timeIntervalSince(plugged))) s")
        let added = try #require(await Self.modem(client, Self.usrName))
        #expect(added.device == "/dev/ttyACM0" && added.identity == Self.usrName && added.usbID == "0baf:0303" && added.driver == "cdc_acm")

        // A 3-page fax; the modem is pulled out while page 2 is on its way.
        let (document, _) = try writeChart(testbed.dir, pages: 3, name: "three.tif", seed: 31, density: 0.3)
        let fax = try await client.submit(file: document, SubmitFaxRequest(to: "+15550200"))
        let sending = try await CallTests.wait(client, fax.id, timeout: 120) { $0.pagesConfirmed >= 1 || $0.isFinished }
        try #require(sending.state == "sending" && sending.pagesConfirmed == 1, "\(sending.state) \(sending.pagesConfirmed)\n\(testbed.log())")
        let pulled = Date()
        try testbed.unplug("ttyACM0")
        let requeued = try await CallTests.wait(client, fax.id, timeout: 10) { $0.state != "sending" }
        print("unplug → re-queued: \(String(format: "%.2f", Date().timeIntervalSince(pulled))) s")
        #expect(Date().timeIntervalSince(pulled) < 2, "the call did not end promptly")
        #expect(["retry_wait", "queued"].contains(requeued.state), "\(requeued.state)")
        #expect(requeued.pagesConfirmed == 1)
        #expect(requeued.attemptsMade == 0, "the removed modem's attempt was charged")
        #expect(try await client.attempts(fax.id).last?.completion?.code == FaxCompletion.modemRemoved.code)
        #expect(await eventually(timeout: 2) { await Self.modem(client, Self.usrName)?.state == "removed" })

        // Plugged in again as another node: the same modem, and the fax goes out.
        plugged = Date()
        try testbed.plug("usr5637", as: "ttyACM3", bridgedTo: "15550101")
        let back = await eventually(timeout: 10) { await Self.modem(client, Self.usrName)?.device == "/dev/ttyACM3" }
        #expect(back, "\(testbed.log())")
        let sent = try await CallTests.wait(client, fax.id, timeout: 180) { $0.isFinished }
        print("replug → sent: \(String(format: "%.2f", Date().timeIntervalSince(plugged))) s")
        try #require(sent.state == "sent", "\(sent.state) \(String(describing: sent.completion))\n\(testbed.log())")
        // Its counts went on across the unplug: every attempt of this fax was one of its calls (a
        // replugged modem may find the far end still busy with the dropped call: a retry).
        let modems = try await client.modems()
        let attempts = try await client.attempts(fax.id)
        #expect(modems.count == 1 && modems[0].callsMade == attempts.count && attempts.count >= 2, "\(modems) \(attempts.count)")

        // Every page exactly once: page 1 in the first call, pages 2 and 3 in the second.
        let spool = try await Spool(path: testbed.dir.file("spool/spool.sqlite"), configuration: SpoolConfiguration(recoverOnOpen: false))
        let transmitted = try TIFFFaxReader.readPages(path: try #require(try await spool.job(.init(fax.id)).transmitPath))
        let calls = machine.waitForReceived(count: 2, timeout: 30)
        let delivered = calls.flatMap { call in (try? TIFFFaxReader.readPages(path: call.path)) ?? [] }
        #expect(delivered.map(\.bits) == transmitted.map(\.bits), "\(delivered.count) pages arrived in \(calls.count) calls")

        // Each coming and going is a recorded modem event, in order.
        let events = try await client.modemEvents().data
        #expect(events.map(\.kind) == ["added", "removed", "added"], "\(events)")
        #expect(events.map(\.device) == ["/dev/ttyACM0", "/dev/ttyACM0", "/dev/ttyACM3"])
        #expect(Set(events.map(\.modem)) == [Self.usrName] && Set(events.map(\.identity)) == [Self.usrName])
        #expect(events.map(\.sequence) == events.map(\.sequence).sorted() && Set(events.map(\.sequence)).count == 3)
    }

    /// Two modems sending at once; one is pulled out mid-call: the other's call goes on untouched
    /// and its fax arrives whole on its first attempt, and the pulled one's fax goes out on the
    /// modem that is left. Then a call coming in on that modem is cut by pulling it out: the inbound
    /// fax ends 5212 with the page that had arrived kept.
    @Test func twoModemsOnePulledOutAndAnIncomingCallCut() async throws {
        var machines: [FaxMachineLine] = []
        let testbed = try HotplugTestbed("faxd-hotplug-two", modems: ["15550101", "15550102"], speed: 4,
                                         extraYAML: "retry: { busy: [1], no_answer: [1], failure: [1] }") { exchange, dir in
            for number in ["15550200", "15550201"] {
                machines.append(try exchange.addFaxMachine(number: number, inbox: dir.file("machine-\(number)"),
                                                           options: FaxSessionOptions(localIdentity: "+1 \(number)", callDeadline: .seconds(120))))
            }
        }
        defer { testbed.stop() }
        let client = testbed.client
        let conexant = "usb-1-3-if00"
        try testbed.plug("usr5637", as: "ttyACM0", bridgedTo: "15550101")
        try testbed.plug("conexant-cx93010", as: "ttyACM1", bridgedTo: "15550102")
        let bothReady = await eventually(timeout: 10) { (try? await client.modems().filter { $0.state == "idle" }.count) == 2 }
        let afterPlugging = try? await client.modems()
        try #require(bothReady, "\(String(describing: afterPlugging))\n\(testbed.log())")

        let (document, _) = try writeChart(testbed.dir, pages: 3, name: "three.tif", seed: 41, density: 0.3)
        let first = try await client.submit(file: document, SubmitFaxRequest(to: "+15550200"))
        let second = try await client.submit(file: document, SubmitFaxRequest(to: "+15550201"))
        // Both calls under way, each on its own modem.
        let busy = await eventually(timeout: 60) {
            guard let modems = try? await client.modems() else { return false }
            return modems.filter { $0.faxID != nil && $0.state == "sending" }.count == 2
        }
        let whileSending = try? await client.modems()
        try #require(busy, "\(String(describing: whileSending))\n\(testbed.log())")
        let onUSR = try #require(try await client.modems().first { $0.name == Self.usrName }?.faxID)
        let (cut, spared) = onUSR == first.id ? (first, second) : (second, first)
        _ = try await CallTests.wait(client, cut.id, timeout: 60) { $0.pagesConfirmed >= 1 || $0.isFinished }
        let sparedBefore = try await client.fax(spared.id)
        try testbed.unplug("ttyACM0")

        let requeued = try await CallTests.wait(client, cut.id, timeout: 10) { $0.state != "sending" }
        #expect(["retry_wait", "queued"].contains(requeued.state) && requeued.attemptsMade == 0, "\(requeued.state) \(requeued.attemptsMade)")
        #expect(try await client.attempts(cut.id).last?.completion?.code == FaxCompletion.modemRemoved.code)
        // The other modem's call was not touched: it goes on and ends sent on its first attempt.
        let sparedAfter = try await client.fax(spared.id)
        #expect(sparedAfter.state == "sending" || sparedAfter.state == "sent", "\(sparedAfter.state)")
        #expect(sparedAfter.pagesConfirmed >= sparedBefore.pagesConfirmed)
        let sparedDone = try await CallTests.wait(client, spared.id, timeout: 120) { $0.isFinished }
        let sparedAttempts = try await client.attempts(spared.id).count
        #expect(sparedDone.state == "sent" && sparedAttempts == 1, "\(sparedDone.state) \(String(describing: sparedDone.completion))\n\(testbed.log())")
        // The cut fax then goes out on the modem that is left.
        let cutDone = try await CallTests.wait(client, cut.id, timeout: 180) { $0.isFinished }
        #expect(cutDone.state == "sent", "\(cutDone.state) \(String(describing: cutDone.completion))\n\(testbed.log())")
        #expect(try await client.attempts(cut.id).last?.modem == conexant)

        // An incoming call on the Conexant, cut by pulling it out while page 2 arrives.
        let caller = machines[0]
        let (incoming, _) = try writeChart(testbed.dir, pages: 3, name: "incoming.tif", seed: 43, density: 0.3)
        let callerDone = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            _ = caller.send(document: incoming, to: "15550102")
            callerDone.signal()
        }
        var inbound: FaxResource?
        let pageArrived = await eventually(timeout: 90, interval: .milliseconds(50)) {
            inbound = try? await client.list(direction: "inbound").data.first
            return (inbound?.pagesConfirmed ?? 0) >= 1
        }
        try #require(pageArrived, "\(String(describing: inbound))\n\(testbed.log())")
        try testbed.unplug("ttyACM1")
        let ended = try await CallTests.wait(client, try #require(inbound).id, timeout: 10) { $0.state != "receiving" }
        #expect(ended.state == "received" && ended.pagesConfirmed == 1, "\(ended.state) \(ended.pagesConfirmed)")
        #expect(ended.completion?.code == FaxCompletion.modemRemoved.code, "\(String(describing: ended.completion))")
        #expect(callerDone.wait(timeout: .now() + 60) == .success, "the calling fax machine never saw the call end")

        let kinds = try await client.modemEvents().data.map { "\($0.kind) \($0.modem)" }
        #expect(kinds.sorted() == ["added \(Self.usrName)", "added \(conexant)", "removed \(Self.usrName)", "removed \(conexant)"], "\(kinds)")
    }

    @Test func adaptersAndSilentDevicesAreLeftAlone() async throws {
        let testbed = try HotplugTestbed("faxd-hotplug-other", modems: []) { _, _ in }
        defer { testbed.stop() }
        let client = testbed.client
        try testbed.plug("ftdi-ft232r", as: "ttyUSB0", bridgedTo: nil)
        try testbed.plugSilent("conexant-cx93010", as: "ttyACM1")
        let reported = await eventually(timeout: 20) { await Self.modem(client, "usb-1-3-if00")?.state == "not_a_modem" }
        let stick = await Self.modem(client, "usb-1-3-if00")
        #expect(reported, "\(String(describing: stick))\n\(testbed.log())")
        let modems = try await client.modems()
        #expect(modems.map(\.name) == ["usb-1-3-if00"], "the FTDI adapter was taken: \(modems.map(\.name))")
    }
}
