// A noise ladder on the virtual exchange: at each level of continuous white noise (on every line,
// so each party hears it) efax (an independent Class 1 sender, MH, no ECM) and our Class 1 sender
// each send one page to a fax machine of the exchange, all at once on separate line pairs, in real
// time. Wherever efax gets its page through, ours must too (falling back in rate as T.30 allows).
// The table printed per level says who delivered and at what rate each negotiated.
// Rungs are noise levels, some with drop-outs (each silences the line 20–100 ms) on top.
// Knobs: SWIFTFAX_NOISE_LEVELS (e.g. "-60,-50,-60@30": dBm0, @ drop-outs a minute), _SIDE
// (both|sender|machine), _DROPOUTS (added to every rung), _SEED, _VERBOSE.

import FaxOutcome
import FaxTestSupport
import Foundation
import T30
import T31
import T4
import Testing
import VirtualExchange

/// One sender's outcome at one noise level, as the receiving fax machine saw it.
struct NoiseRungOutcome: Sendable {
    var delivered: Bool
    var bitRate: Int
    var detail: String

    var summary: String { delivered ? "page at \(bitRate) bit/s" : "failed (\(detail))" }
}

/// What the fax machine received from one call: delivered if its one page arrived identical.
func machineOutcome(_ machine: FaxMachineLine, sent: FaxPage, rowsAbove: Int) -> NoiseRungOutcome {
    guard let fax = machine.waitForReceived(count: 1, timeout: 20).first else {
        return NoiseRungOutcome(delivered: false, bitRate: 0, detail: "no call reached the fax machine")
    }
    let pages = (try? TIFFFaxReader.readPages(path: fax.path)) ?? []
    let identical = pages.count == 1 && pages[0].width == sent.width && pages[0].length >= sent.length + rowsAbove
        && (0..<sent.length).allSatisfy { pages[0].row(rowsAbove + $0) == sent.row($0) }
    let ok = fax.result.completion == .ok && identical
    return NoiseRungOutcome(
        delivered: ok, bitRate: fax.result.bitRate,
        detail: "\(fax.result.completion), \(pages.count) page(s)\(identical ? "" : ", not identical")")
}

@Suite(.serialized) struct NoiseLadderTests {
    /// One rung: dBm0 of white noise on every line, and drop-outs a minute.
    struct Rung: Sendable {
        var level: Double
        var dropouts: Double
        var label: String { String(format: "noise %6.1f dBm0", level) + (dropouts > 0 ? String(format: " + %2.0f drop-outs/min", dropouts) : "") }
    }

    /// The rungs; override with SWIFTFAX_NOISE_LEVELS=-40,-30@20,...
    static var rungs: [Rung] {
        let env = ProcessInfo.processInfo.environment
        let extraDrops = Double(env["SWIFTFAX_NOISE_DROPOUTS"] ?? "") ?? 0
        let text = env["SWIFTFAX_NOISE_LEVELS"] ?? "-60,-54,-50,-47,-60@1,-54@3,-60@10"
        return text.split(separator: ",").compactMap { item in
            let parts = item.trimmingCharacters(in: .whitespaces).split(separator: "@")
            guard let level = parts.first.flatMap({ Double($0) }) else { return nil }
            return Rung(level: level, dropouts: (parts.count > 1 ? Double(parts[1]) ?? 0 : 0) + extraDrops)
        }
    }

    @Test func wherever_efax_delivers_through_noise_we_deliver_too() throws {
        #expect(FileManager.default.isExecutableFile(atPath: EfaxInteropTests.efax), "efax is not installed")
        let dir = ScratchDirectory("c1-noise")
        let exchange = VirtualExchange(options: ExchangeOptions(speed: 1, ringInterval: 2))
        defer { exchange.stop() }
        let (doc, sent) = try writeDocument(dir, pages: 1, seed: 21)
        let pbm = dir.file("page.pbm")
        try writePBM(sent[0], to: pbm)

        var rungs: [(rung: Rung, ours: FaxMachineLine, theirs: FaxMachineLine)] = []
        for (index, rung) in Self.rungs.enumerated() {
            let env = ProcessInfo.processInfo.environment
            let side = env["SWIFTFAX_NOISE_SIDE"] ?? "both"
            let seedBase = UInt64(env["SWIFTFAX_NOISE_SEED"] ?? "") ?? 1
            let level = rung.level
            let profile = LineProfile(impairments: LineImpairments(noiseDBm0: level, dropoutsPerMinute: rung.dropouts, seed: seedBase + UInt64(index)))
            let senderProfile = side == "machine" ? LineProfile() : profile
            let machineProfile = side == "sender" ? LineProfile() : profile
            _ = try exchange.addModem(number: "1\(index)0", name: "ours \(level)", path: dir.file("ours\(index)"), profile: senderProfile)
            _ = try exchange.addModem(number: "1\(index)1", name: "efax \(level)", path: dir.file("efax\(index)"), profile: senderProfile)
            let ours = try exchange.addFaxMachine(number: "2\(index)0", inbox: dir.file("in-ours\(index)"), profile: machineProfile)
            let theirs = try exchange.addFaxMachine(number: "2\(index)1", inbox: dir.file("in-efax\(index)"), profile: machineProfile)
            rungs.append((rung, ours, theirs))
        }
        exchange.start()

        // Every call at once: our sender and efax at every level.
        var ourCalls: [CallThread<FaxSessionResult>] = []
        var efaxCalls: [CallThread<String>] = []
        for index in rungs.indices {
            let options = FaxSessionOptions(localIdentity: "+1 555 01\(index)0", errorCorrection: false, callDeadline: .seconds(150))
            let tty = dir.file("ours\(index)")
            ourCalls.append(CallThread("noise-ours-\(index)") {
                FaxSession(.transmit(document: doc), options: options)
                    .run(over: Class1FrontEnd(devicePath: tty, lockDirectory: nil), setup: .dial("2\(index)0"))
            })
            let efaxTTY = dir.file("efax\(index)")
            efaxCalls.append(CallThread("noise-efax-\(index)") {
                let (status, log) = (try? runEfax(["-d", efaxTTY, "-o1", "-l", "+1 555 01\(index)1", "-h", "", "-t", "2\(index)1", pbm], timeout: 200))
                    ?? (nil, "could not run efax")
                return "efax exit \(status.map(String.init) ?? "none")\n\(log)"
            })
        }

        var table: [String] = []
        var outcomesAtQuietest = false
        for (index, rung) in rungs.enumerated() {
            let ourResult = ourCalls[index].wait(timeout: 220)
            let efaxLog = efaxCalls[index].wait(timeout: 220) ?? "efax hung"
            let ours = machineOutcome(rung.ours, sent: sent[0], rowsAbove: 0)
            let theirs = machineOutcome(rung.theirs, sent: sent[0], rowsAbove: 20)
            table.append("\(rung.rung.label): efax \(theirs.summary); ours \(ours.summary)")
            if index == 0 { outcomesAtQuietest = theirs.delivered }
            if theirs.delivered {
                let log = ourResult.map { "\($0.completion)\n\(logText($0))" } ?? "our sender hung"
                #expect(ours.delivered, "at \(rung.rung.label) efax delivered at \(theirs.bitRate) bit/s, we did not: \(log)")
            }
            if !ours.delivered && !theirs.delivered {
                print("\(rung.rung.label): neither delivered; efax said:\n\(efaxLog.suffix(1500))")
                if ProcessInfo.processInfo.environment["SWIFTFAX_NOISE_VERBOSE"] != nil, let ourResult {
                    print("ours: \(ourResult.completion)\n" + ourResult.sessionLog.map(\.description).joined(separator: "\n"))
                    let m = rung.ours.receivedFaxes.first.map { $0.result.sessionLog.map(\.description).joined(separator: "\n") } ?? ""
                    print("machine:\n\(m)")
                }
            }
        }
        // The quietest rung is a control: efax must get through there, or the ladder proves nothing.
        #expect(outcomesAtQuietest, "efax did not deliver even at the quietest rung: \(table.first ?? "")")
        print("Noise ladder (one page, MH/no ECM vs ours without ECM, real time):\n" + table.joined(separator: "\n"))
    }
}
