// V.253 interoperability: mgetty-voice's vm (1.2.1, its generic "V253modem" driver, found by
// mgetty's own modem detection: AT+FCLASS=8, AT+VSM=1,8000 → OK) drives the virtual voice modem
// through the exchange, and the audio that crosses is checked at the other end:
//
//   vm shell dials and plays   DIAL 200, PLAY a pvfsine-made 1000 Hz 1.5 s .rmd: line 200 hears
//                              1000 Hz for 1.5 s
//   vm record answers          a caller plays 600 Hz then DTMF 159#; vm answers (+VLS=1 while it
//                              rings), records 16-bit PCM, reads the digits from the modem's <DLE>
//                              codes (-R); the .rmd, read back with rmdtopvf | pvftolin, holds the tone
//                              and the digits
//   vm duplex (+VTR)           both ways at once: vm plays 1200 Hz while the caller plays 800 Hz
//
// Each run has an exchange of its own and runs in real time, all at once (Findings.runConcurrently).

import FaxTestSupport
import Foundation
import Testing
@testable import VirtualExchange

@Suite struct VoiceModemInteropTests {
    static let vm = "/usr/bin/vm"
    /// vm's log level (its log is /var/log/mgetty/vm.log): VOICE_INTEROP_LOG=6 logs every byte.
    static let logLevel = ProcessInfo.processInfo.environment["VOICE_INTEROP_LOG"] ?? "4"

    /// vm ignores SIGTERM while it waits on the modem: a run that hangs is killed.
    static func runVM(_ arguments: [String]) throws -> (status: Int32?, output: String) {
        try runTool("/usr/bin/timeout", ["-s", "KILL", "40", vm] + arguments, timeout: 45)
    }

    struct Bed {
        let dir: ScratchDirectory
        let exchange: VirtualExchange
        let modem: V253ModemLine
        let peer: SoftModemLine
        /// The device's name under /dev, as vm's -l takes it.
        let device: String

        init(_ label: String) throws {
            dir = ScratchDirectory(label)
            device = "ttySWV\(UUID().uuidString.prefix(6))"
            // Rings 10 s apart: a RING in the middle of vm's start-up (AT+FCLASS? → "RING") makes it give up, as
            // it would on a real line.
            exchange = VirtualExchange(options: ExchangeOptions(speed: 1, ringInterval: 10))
            modem = try exchange.addVoiceModem(number: "100", name: "vm", path: "/dev/" + device)
            peer = exchange.addSoftModemLine(number: "200", name: "Peer")
            exchange.addBehaviourLine(number: "300", profile: LineProfile(answering: .busy))
            exchange.start()
        }

        /// The voice shell protocol (vgetty's doc/Readme.voice_shell): every exchange is logged to stderr.
        func script(_ body: String) throws -> String {
            let path = dir.file("script.sh")
            try ("""
                receive() { read -r INPUT <&$VOICE_INPUT; echo "$INPUT"; }
                send() { echo "$1" >&$VOICE_OUTPUT; kill -PIPE $VOICE_PID; }
                expect() { A=$(receive); echo "shell got: $A" >&2; [ "$A" = "$1" ] || { echo "expected $1" >&2; exit 1; }; }
                expect "HELLO SHELL"; send "HELLO VOICE PROGRAM"; expect READY

                """ + body).write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }

        /// Calls the voice modem from line 200 and returns once it rings.
        func callTheModem(play: [Int16], seconds: Double, heard: @escaping @Sendable ([Int16]) -> Void) -> Bool {
            Thread.detachNewThread { [peer] in
                if case .connected = peer.placeCall(to: "100") { heard(VoiceAudio.talk(on: peer, play: play, seconds: seconds)) } else { heard([]) }
            }
            return eventually(timeout: 5) { exchange.activeCalls.contains { $0.to == "100" } }
        }
    }

    @Test func vmDrivesTheVirtualVoiceModem() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.vm), "mgetty-voice is not installed: run scripts/install-deps.sh")
        let runs: [(String, @Sendable (Findings) throws -> Void)] = [
            ("vm shell dials and plays", Self.dialAndPlay),
            ("vm record answers and hears DTMF", Self.answerAndRecord),
            ("vm duplex (+VTR) both ways", Self.duplex),
        ].filter { run in ProcessInfo.processInfo.environment["VOICE_INTEROP_RUN"].map { run.0.contains($0) } ?? true }
        let started = Date()
        for (name, findings) in Findings.runConcurrently(runs) {
            #expect(findings.isEmpty, "\(name):\n\(findings.joined(separator: "\n"))")
        }
        print("\(runs.count) vm runs at once: \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
    }

    static func dialAndPlay(_ f: Findings) throws {
        let bed = try Bed("vm-play")
        defer { bed.exchange.stop() }
        let pvf = bed.dir.file("tone.pvf"), rmd = bed.dir.file("tone.rmd")
        let made = try runTool("/bin/sh", ["-c", "/usr/bin/pvfsine -F 1000 -L 1.5 '\(pvf)' && /usr/bin/pvfamp -A 0.3 '\(pvf)' '\(pvf).a' && /usr/bin/pvftormd V253modem 9 '\(pvf).a' '\(rmd)'"])
        guard made.status == 0 else { return f.fail("pvftools: \(made.output)") }
        nonisolated(unsafe) var heard: [Int16]?
        let listener = Thread { [peer = bed.peer] in
            if case .connected = peer.answerCall() { heard = VoiceAudio.talk(on: peer, play: [], seconds: 15) } else { heard = [] }
        }
        listener.start()
        let script = try bed.script("""
            # vm's start-up set +VRA=70 (voice.conf): VCON 7 s after the ringback stops; half a second will do.
            send "QUOTE AT+VRA=5"; expect READY
            send "DIAL 200"; expect DIALING; expect READY
            send "PLAY $1"; expect PLAYING; expect READY
            send "GOODBYE"; expect "GOODBYE SHELL"
            """)
        let run = try Self.runVM(["shell", "-x", Self.logLevel, "-l", bed.device, "-S", "/bin/bash", script, rmd])
        let trace = "vm said:\n\(run.output)"
        f.check(run.status == 0, trace)
        guard eventually(timeout: 10, { heard != nil }), let audio = heard else { return f.fail("line 200 never heard the call end\n\(trace)") }
        let seconds = VoiceAudio.toneSeconds(audio, frequency: 1000)
        f.check(abs(seconds - 1.5) <= 0.06, "line 200 heard 1000 Hz for \(seconds) s (1.5 s played)\n\(trace)")
        f.check(VoiceAudio.dominantFrequency(audio, among: [500, 933, 1000, 1100, 2000]) == 1000, "the tone is not 1000 Hz\n\(trace)")
    }

    static func answerAndRecord(_ f: Findings) throws {
        let bed = try Bed("vm-record")
        defer { bed.exchange.stop() }
        let rmd = bed.dir.file("message.rmd")
        nonisolated(unsafe) var done = false
        let play = VoiceAudio.silence(1.5) + VoiceAudio.sine(600, seconds: 1) + VoiceAudio.silence(0.3) + VoiceAudio.dtmf("159#")
        guard bed.callTheModem(play: play, seconds: 10, heard: { _ in done = true }) else { return f.fail("the call never rang") }
        // -t: the telephone line (+VLS=1 answers the ringing call); -c 12: 16-bit PCM; -R: print the
        // DTMF digits up to # and stop.
        let run = try Self.runVM(["record", "-x", Self.logLevel, "-t", "-c", "12", "-L", "8", "-R", "-l", bed.device, rmd])
        let trace = "vm said:\n\(run.output)"
        f.check(run.status == 0, trace)
        f.check(run.output.split(separator: "\n").contains("159"), "vm did not read 159# from the modem's <DLE> codes\n\(trace)")
        let audio = try VoiceAudio.samples(ofRMD: rmd)
        f.check(audio.count > 8000, "\(audio.count) samples recorded\n\(trace)")
        let seconds = VoiceAudio.toneSeconds(audio, frequency: 600)
        f.check(abs(seconds - 1) <= 0.06, "the recording holds 600 Hz for \(seconds) s (1 s played)\n\(trace)")
        f.check(VoiceAudio.digits(in: audio).hasPrefix("159"), "the recording's DTMF: \(VoiceAudio.digits(in: audio))\n\(trace)")
        _ = eventually(timeout: 12) { done }
    }

    static func duplex(_ f: Findings) throws {
        let bed = try Bed("vm-duplex")
        defer { bed.exchange.stop() }
        // vm duplex plays and records raw modem data: unsigned 8-bit PCM (-c 8 → +VSM=1). (Its loop
        // never writes a 0 byte — it would drop every zero crossing of signed PCM.)
        let toModem = bed.dir.file("play.raw"), fromModem = bed.dir.file("record.raw")
        let tone = VoiceAudio.silence(0.2) + VoiceAudio.sine(1200, seconds: 1.5) + VoiceAudio.silence(0.3)
        try Data(tone.map { UInt8(truncatingIfNeeded: (Int($0) >> 8) + 128) }).write(to: URL(fileURLWithPath: toModem))
        nonisolated(unsafe) var heard: [Int16]?
        guard bed.callTheModem(play: VoiceAudio.sine(800, seconds: 6), seconds: 10, heard: { heard = $0 }) else { return f.fail("the call never rang") }
        let run = try Self.runVM(["duplex", "-x", Self.logLevel, "-t", "-c", "8", "-l", bed.device, toModem, fromModem])
        let trace = "vm said:\n\(run.output)"
        // vm stops reading at the end of its file, sends <DLE>^ and takes the audio still on its way
        // (then the modem's <DLE><ETX> and OK) for its answer: "Invalid modem answer", and exits
        // with vm's FAIL status. It must end by itself, though.
        f.check(run.status != nil && run.status != 137, "vm did not end by itself (\(String(describing: run.status)))\n\(trace)")
        guard eventually(timeout: 12, { heard != nil }), let audio = heard else { return f.fail("the caller never heard the call end\n\(trace)") }
        let sent = VoiceAudio.toneSeconds(audio, frequency: 1200)
        let loudest = audio.map { abs(Int($0)) }.max() ?? 0
        f.check(abs(sent - 1.5) <= 0.06, "the caller heard vm's 1200 Hz for \(sent) s (1.5 s played; \(audio.count) samples, peak \(loudest), \(VoiceAudio.dominantFrequency(audio, among: [800, 1200]).map { "\($0)" } ?? "silence"))\n\(trace)")
        let recorded = (FileManager.default.contents(atPath: fromModem) ?? Data()).map { Int16((Int($0) - 128) << 8) }
        let heardByVM = VoiceAudio.toneSeconds(recorded, frequency: 800)
        f.check(heardByVM >= 1.5, "vm recorded the caller's 800 Hz for \(heardByVM) s of \(Double(recorded.count) / 8000) s\n\(trace)")
    }
}
