// The virtual V.253 voice modem's command layer and data framing on their own — parameters and
// their answers, +VTS strings, sample formats, DLE shielding, bad input → ERROR (fuzzed) — and a
// terminal on its pty: identity, class, dialling a busy line, +VTX of a tone heard at the far end,
// +VRX of the far end's DTMF reported as <DLE> digits.

import FaxTestSupport
import Foundation
import Testing
import T30
@testable import VirtualExchange

struct VoiceModemCommandTests {
    @Test func voiceParameters() {
        var settings = V253Settings()
        #expect(settings.execute("FCLASS", .test) == .ok(["0,8"]))
        #expect(settings.execute("VSM", .test) == .error)  // not in voice mode yet
        #expect(settings.execute("FCLASS", .set("8")) == .ok([]))
        #expect(settings.execute("FCLASS", .read) == .ok(["8"]))
        #expect(settings.execute("VSM", .test) == .ok([
            "0,\"SIGNED PCM\",8,0,(8000),(0-255),(0)", "1,\"UNSIGNED PCM\",8,0,(8000),(0-255),(0)",
            "4,\"G.711U\",8,0,(8000),(0-255),(0)", "5,\"G.711A\",8,0,(8000),(0-255),(0)",
            "128,\"SIGNED PCM\",16,0,(8000),(0-255),(0)",
        ]))
        #expect(settings.execute("VSM", .set("4,8000")) == .ok([]))
        #expect(settings.execute("VSM", .read) == .ok(["4,8000,0,0"]))
        #expect(settings.execute("VSM", .set("1,8000,0,0")) == .ok([]))
        #expect(settings.execute("VSM", .set("2,8000")) == .error)
        #expect(settings.execute("VSM", .set("1,7200")) == .error)
        #expect(settings.execute("VLS", .set("1")) == .action("VLS", .set("1")))
        #expect(settings.execute("VLS", .set("7")) == .error)
        #expect(settings.execute("VSD", .set("40,70")) == .ok([]))
        #expect(settings.execute("VSD", .read) == .ok(["40,70"]))
        #expect(settings.execute("VGT", .set("256")) == .error)
        #expect(settings.execute("VEM", .set("\"FFFFFFFF\"")) == .ok([]))
        #expect(settings.execute("VEM", .read) == .ok([V253Event.hex(V253Event.mask(V253Event.commandState + V253Event.receiveState + V253Event.transmitState))]))
        #expect(settings.execute("VTX", .action) == .action("VTX", .action))
        #expect(settings.execute("VTX", .set("1")) == .error)
        #expect(settings.execute("VXYZ", .action) == .error)
        // Event bit fields: event 0 is the most significant bit (RING 3, DTMF 4, CNG 6, 1300 Hz 7, silence 9, quiet 10, loop
        // current 13, busy 19, dial tone 20, answer tone 25; caller ID 0 in the command state).
        #expect(settings.execute("VLS", .test) == .ok(["0,\"\",9B041840,9B041840,9B041840", "1,\"T\",0B041040,1B641840,9B041840"]))
    }

    @Test func toneStrings() {
        #expect(V253Tones.parse("1,2,#", defaultDuration: 10) == [
            V253ToneSegment(frequencies: [697, 1209], samples: 800), V253ToneSegment(frequencies: [697, 1336], samples: 800),
            V253ToneSegment(frequencies: [941, 1477], samples: 800),
        ])
        #expect(V253Tones.parse("[933,,150]", defaultDuration: 10) == [V253ToneSegment(frequencies: [933], samples: 12000)])
        #expect(V253Tones.parse("{5,20}", defaultDuration: 10) == [V253ToneSegment(frequencies: [770, 1336], samples: 1600)])
        for bad in ["X", "[933", "[5000,,1]", "{12,3}", "[1,2,3,4]", "{5,99999}"] {
            #expect(V253Tones.parse(bad, defaultDuration: 10) == nil, "\(bad)")
        }
    }

    @Test func formatsRoundTrip() {
        let samples: [Int16] = [0, 1000, -1000, 32767, -32768, 0x1010, 256]
        for format in V253Format.all {
            var carry: UInt8?
            let back = format.decode(format.encode(samples[...]), carry: &carry)
            #expect(back.count == samples.count)
            for (a, b) in zip(samples, back) {
                #expect(abs(Int(a) - Int(b)) <= (format.bits == 16 ? 0 : 1100), "\(format.name) \(format.bits): \(a) → \(b)")
            }
        }
        // A 16-bit sample split between two reads.
        var carry: UInt8?
        #expect(V253Format.signed16.decode([0x34], carry: &carry) == [])
        #expect(V253Format.signed16.decode([0x12], carry: &carry) == [0x1234])
    }

    @Test func dleShielding() {
        #expect(V253Shielding.shield([1, 0x10, 2]) == [1, 0x10, 0x10, 2])
        var reader = V253Unshielder()
        #expect(reader.read([1, 0x10, 0x10, 2, 0x10][...]) == [.data([1, 0x10, 2])])
        #expect(reader.read([0x1A, 3, 0x10, 0x03][...]) == [.data([0x10, 0x10, 3]), .command(0x03)])
    }

    @Test func noInputCrashesTheVoiceCommands() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("AT+V=?,;\"&S0123456789[]{}#*SMLSTXRGDIEFCLASNH \r".utf8) + [0x00, 0x10, 0xFF]
        var settings = V253Settings()
        for round in 0..<3000 {
            let length = Int.random(in: 0...40, using: &generator)
            var bytes = Array("AT".utf8)
            for _ in 0..<length { bytes.append(alphabet.randomElement(using: &generator)!) }
            settings.fclass = round % 2 == 0 ? "8" : "0"
            for case .extended(let name, let form) in ATCommandLine.parse(String(decoding: bytes, as: UTF8.self)) ?? [] {
                if case .action("VTS", .set(let text)) = settings.execute(name, form) { _ = V253Tones.parse(text, defaultDuration: 100) }
            }
        }
    }

    /// An exchange with the voice modem on 100, a soft line on 200 and a busy line on 300.
    struct Bed {
        let dir: ScratchDirectory
        let exchange: VirtualExchange
        let modem: V253ModemLine
        let peer: SoftModemLine
        let terminal: TerminalClient

        init() throws {
            dir = ScratchDirectory("voice-modem")
            exchange = VirtualExchange(options: ExchangeOptions(speed: 1, ringInterval: 1))
            modem = try exchange.addVoiceModem(number: "100", name: "voice", path: dir.file("ttyV"))
            peer = exchange.addSoftModemLine(number: "200")
            exchange.addBehaviourLine(number: "300", profile: LineProfile(answering: .busy))
            exchange.start()
            terminal = try TerminalClient(path: modem.devicePath)
        }
    }

    @Test func aTerminalDrivesTheVoiceModem() throws {
        let bed = try Bed()
        defer { bed.exchange.stop() }
        let t = bed.terminal
        #expect(t.command("ATE0") .last == "OK")
        #expect(t.command("ATI3") == ["SwiftFax Virtual V.253 voice modem 1.0", "OK"])
        #expect(t.command("AT+FCLASS=?") == ["0,8", "OK"])
        #expect(t.command("AT+VSM=1,8000") == ["ERROR"])  // voice commands need +FCLASS=8
        #expect(t.command("AT+FCLASS=8;+VSM=1,8000") == ["OK"])
        #expect(t.command("AT+VTX") == ["ERROR"])  // on hook
        #expect(t.command("AT+FMI?") == ["SwiftFax", "OK"])
        #expect(t.command("AT+VXX") == ["ERROR"])
        #expect(t.command("ATD300", timeout: 10) == ["BUSY"])
        #expect(t.command("AT+VLS?") == ["0", "OK"])

        // +VTX: a 1 s 1000 Hz tone, DLE-shielded unsigned 8-bit, heard at the far end.
        bed.peer.ringsBeforeAnswer = 1
        nonisolated(unsafe) var heard: [Int16] = []
        let listener = Thread { [peer = bed.peer] in
            if case .connected = peer.answerCall() { heard = VoiceAudio.talk(on: peer, play: VoiceAudio.silence(1.5) + VoiceAudio.dtmf("42#"), seconds: 15) }
        }
        listener.start()
        #expect(t.command("AT+VRA=0") == ["OK"])  // VCON as soon as the ringback stops
        #expect(t.command("ATD200", timeout: 10) == ["VCON"])
        #expect(t.command("AT+VRX") == ["CONNECT"])
        // The far end's DTMF arrives as <DLE>4 <DLE>2 <DLE># among the audio; <DLE>! ends it.
        var stream: [UInt8] = []
        let deadline = Date().addingTimeInterval(3)
        var chunk = [UInt8](repeating: 0, count: 4096)
        while Date() < deadline {
            let n = read(t.fd, &chunk, chunk.count)
            if n > 0 { stream += chunk[..<n] }
            if digits(in: stream).hasSuffix("#") { break }
            usleep(20000)
        }
        #expect(digits(in: stream) == "42#")
        _ = write(t.fd, [UInt8]([0x10, 0x21]), 2)
        let end = t.readUntilFinal(timeout: 3)
        #expect(end.last == "OK")

        let tone = VoiceAudio.sine(1000, seconds: 1).map { UInt8(truncatingIfNeeded: (Int($0) >> 8) + 128) }
        #expect(t.command("AT+VTX") == ["CONNECT"])
        let started = Date()
        let shielded = V253Shielding.shield(tone) + [0x10, 0x03]
        shielded.withUnsafeBytes { _ = write(t.fd, $0.baseAddress, $0.count) }
        #expect(t.readUntilFinal(timeout: 5).last == "OK")
        let playedFor = Date().timeIntervalSince(started)
        #expect(playedFor > 0.9 && playedFor < 1.5, "the OK after <DLE><ETX> comes once the tone has played: \(playedFor) s")
        // +VTR: the same tone at 1500 Hz while the far end's audio streams back; <DLE><ETX> ends it
        // once the tone has played, with <DLE><ETX> and OK from the modem.
        let tone2 = VoiceAudio.sine(1500, seconds: 1).map { UInt8(truncatingIfNeeded: (Int($0) >> 8) + 128) }
        #expect(t.command("AT+VTR") == ["CONNECT"])
        (V253Shielding.shield(tone2) + [0x10, 0x03]).withUnsafeBytes { _ = write(t.fd, $0.baseAddress, $0.count) }
        var duplexStream: [UInt8] = []
        let duplexDeadline = Date().addingTimeInterval(4)
        while Date() < duplexDeadline {
            let n = read(t.fd, &chunk, chunk.count)
            if n > 0 { duplexStream += chunk[..<n] }
            if duplexStream.suffix(6) == [0x10, 0x03, 0x0D, 0x0A, 0x4F, 0x4B] || String(decoding: duplexStream.suffix(8), as: UTF8.self).contains("OK") { break }
            usleep(20000)
        }
        #expect(duplexStream.count > 6000, "+VTR streamed \(duplexStream.count) bytes to the DTE")
        #expect(String(decoding: duplexStream.suffix(8), as: UTF8.self).contains("OK"))
        #expect(t.command("AT+VLS=0") == ["OK"])
        #expect(eventually(timeout: 8) { !heard.isEmpty }, "the far end never heard the modem hang up")
        let seconds = VoiceAudio.toneSeconds(heard, frequency: 1000)
        #expect(abs(seconds - 1) < 0.1, "1000 Hz for \(seconds) s")
        let duplexSeconds = VoiceAudio.toneSeconds(heard, frequency: 1500)
        #expect(abs(duplexSeconds - 1) < 0.1, "1500 Hz (+VTR) for \(duplexSeconds) s")
    }

    /// The DTMF digits among the DLE codes of a +VRX stream.
    func digits(in stream: [UInt8]) -> String {
        var out = ""
        var i = 0
        while i + 1 < stream.count {
            if stream[i] == 0x10 {
                let code = stream[i + 1]
                if (code >= 0x30 && code <= 0x39) || code == 0x23 || code == 0x2A { out.append(Character(UnicodeScalar(code))) }
                i += 2
            } else {
                i += 1
            }
        }
        return out
    }
}
