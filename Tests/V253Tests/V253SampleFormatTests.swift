// V253SampleFormatTests: reading voice modems' +VSM=? answers (V.253's full form, the short form
// older Rockwell chips give, names of several makers), choosing what carries fax best, refusing
// what cannot (ADPCM, no 8000 Hz, garbage), and coding samples both ways.

import Foundation
import Testing
import V253

@Suite struct V253SampleFormatTests {
    @Test func choosesTheBestMethodForFax() throws {
        let v253 = ["0,\"SIGNED PCM\",8,0,8000,0,0", "1,\"UNSIGNED PCM\",8,0,8000,0,0", "2,\"ADPCM\",4,0,8000,0,0",
                    "4,\"ULAW\",8,0,8000,0,0", "5,\"ALAW\",8,0,8000,0,0"]
        let ulaw = try #require(V253SampleFormat.best(among: v253))
        #expect(ulaw.coding == .ulaw && ulaw.method == 4 && ulaw.command == "AT+VSM=4,8000")

        let usr = ["128,\"8-BIT LINEAR\",8,0,(7200,8000,11025),(0),(0)", "129,\"16-BIT LINEAR\",16,0,(7200,8000,11025),(0),(0)",
                   "130,\"8-BIT ALAW\",8,0,8000,0,0", "132,\"IMA ADPCM\",4,0,(7200,8000,11025),(0),(0)"]
        let linear16 = try #require(V253SampleFormat.best(among: usr))
        #expect(linear16.coding == .linear16 && linear16.method == 129)

        let rockwell = ["128,\"8-BIT LINEAR\",(7200,8000,11025)", "1,\"2-BIT ADPCM\",(7200)"]
        let linear8 = try #require(V253SampleFormat.best(among: rockwell))
        #expect(linear8.coding == .linear8 && linear8.method == 128)
        #expect(V253SampleFormat.best(among: ["1,\"UNSIGNED PCM\",8,0,8000,0,0"])?.coding == .linear8Unsigned)
    }

    @Test func refusesWhatCannotCarryFax() {
        #expect(V253SampleFormat.best(among: ["2,\"ADPCM\",4,0,8000,0,0", "3,\"GSM\",8,0,8000,0,0"]) == nil)
        #expect(V253SampleFormat.best(among: ["129,\"16-BIT LINEAR\",16,0,(11025),(0),(0)"]) == nil, "no 8000 Hz")
        for hostile in ["", ",", "x,\"ULAW\",8000", "999,\"ULAW\",8000", "4,ULAW,8000", "4,\"ULAW", String(repeating: "4,\"", count: 300),
                        "-1,\"ULAW\",8000", "4,\"\",8000"] {
            #expect(V253SampleFormat(offer: hostile) == nil, "\(hostile)")
        }
        var random = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            let line = String((0..<Int.random(in: 0...60, using: &random)).map { _ in Character(UnicodeScalar(UInt8.random(in: 32...126, using: &random))) })
            _ = V253SampleFormat(offer: line)  // never crashes
        }
    }

    @Test func samplesSurviveTheRoundTrip() {
        let samples: [Int16] = (0..<800).map { Int16(12_000 * sin(Double($0) * 2 * .pi * 1800 / 8000)) } + [Int16.min, Int16.max, 0, -1, 1]
        for coding in [V253SampleFormat.Coding.linear16, .ulaw, .alaw, .linear8, .linear8Unsigned] {
            let format = V253SampleFormat(method: 1, name: coding.rawValue, coding: coding)
            var bytes: [UInt8] = []
            samples.withUnsafeBufferPointer { format.encode($0, into: &bytes) }
            #expect(bytes.count == samples.count * coding.bytesPerSample)
            // Fed back in uneven pieces (a serial link's bursts): a 16-bit sample split across reads is kept.
            var decoded: [Int16] = []
            var carry: [UInt8] = []
            var offset = 0
            for size in [1, 7, 64, 3, 1000, 4096] where offset < bytes.count {
                let end = min(bytes.count, offset + size)
                format.decode(Array(bytes[offset..<end]), into: &decoded, carry: &carry)
                offset = end
            }
            if offset < bytes.count { format.decode(Array(bytes[offset...]), into: &decoded, carry: &carry) }
            #expect(decoded.count == samples.count, "\(coding)")
            let worst = zip(decoded, samples).map { abs(Int($0) - Int($1)) }.max() ?? 0
            let allowed = switch coding {
            case .linear16: 0
            case .ulaw, .alaw: 1100  // G.711's step at full scale
            case .linear8, .linear8Unsigned: 256
            }
            #expect(worst <= allowed, "\(coding): worst error \(worst)")
        }
    }

    @Test func eventsAreRead() {
        #expect(V253Event(code: UInt8(ascii: "b")) == .busy && V253Event.busy.endsCall)
        #expect(V253Event(code: UInt8(ascii: "l")) == .hangUp && V253Event.hangUp.endsCall)
        #expect(V253Event(code: UInt8(ascii: "h")) == .handsetOnHook && !V253Event.handsetOnHook.endsCall, "h is the local handset")
        #expect(V253Event(code: UInt8(ascii: "5")) == .dtmf("5") && !V253Event.dtmf("5").endsCall)
        #expect(V253Event(code: UInt8(ascii: "c")) == .faxCallingTone)
        #expect(V253Event(code: 0x7F) == .other(0x7F))
    }
}
