// V253QuirksTests: the voice quirks rows as data — matched on the modem's identity; a family's
// method numbers trusted over their names (ELSA's 131/132 G.711, its unsigned method 1); the
// Lucent/Agere offer as a Zoom 56Kx gave it (mgetty-voice's README.lucent) read to 16-bit linear
// with the nominal gains set; the IS-101 event codes many modems still send read as the events
// they are, over V.253's own letters.

import Testing
import V250
import V253

@Suite struct V253QuirksTests {
    static func identity(_ maker: String, model: String = "") -> ModemIdentity {
        ModemIdentity(manufacturer: maker, model: model, classes: [FaxClass(rawValue: "0"), FaxClass(rawValue: "8")])
    }

    @Test func rowsAreMatchedOnTheIdentity() {
        #expect(V253Quirks.lookup(Self.identity("ELSA AG")).name == "ELSA voice")
        #expect(V253Quirks.lookup(Self.identity("Lucent")).name == "Lucent/Agere voice")
        #expect(V253Quirks.lookup(Self.identity("U.S. Robotics")).name == "USRobotics voice")
        #expect(V253Quirks.lookup(Self.identity("Acme")).name == "default")
    }

    @Test func aFamilysMethodNumbersAreTrustedOverTheirNames() throws {
        let elsa = V253Quirks.lookup(Self.identity("ELSA AG"))
        // Names that say nothing; the row knows 131 is µ-law. Without the row nothing is usable.
        let offer = ["1,\"8-BIT LINEAR\",(8000)", "129,\"ADPCM4\",(7200)", "131,\"MODE 131\",(8000)", "132,\"MODE 132\",(8000)"]
        let chosen = try #require(V253SampleFormat.best(among: offer, known: elsa.methodCodings))
        #expect(chosen.coding == .ulaw && chosen.command == "AT+VSM=131,8000")
        #expect(V253SampleFormat.best(among: Array(offer.dropFirst()), known: [:]) == nil)
        #expect(V253SampleFormat.best(among: ["1,\"8-BIT LINEAR\",(8000)"], known: elsa.methodCodings)?.coding == .linear8Unsigned)
        #expect(V253SampleFormat.best(among: ["1,\"8-BIT LINEAR\",(8000)"])?.coding == .linear8, "no row: V.253's signed reading")
        #expect(V253SampleFormat(offer: "131,\"MODE 131\",(11025)", known: elsa.methodCodings) == nil, "known, but not at 8000 Hz")
    }

    @Test func theLucentOfferReadsToSixteenBitLinearWithNominalGains() throws {
        // AT+VSM=? on a Zoom FAXMODEM 56Kx (Lucent chipset), as mgetty-voice's README.lucent has it.
        let zoom = ["128,\"8-BIT LINEAR\",(7200,8000,11025)", "129,\"16-BIT LINEAR\",(7200,8000,11025)",
                    "130,\"8-BIT ALAW\",(8000)", "131,\"8-BIT ULAW\",(8000)", "132,\"IMA ADPCM\",(7200,8000,11025)"]
        let lucent = V253Quirks.lookup(Self.identity("Lucent"))
        #expect(V253SampleFormat.best(among: zoom, known: lucent.methodCodings)?.command == "AT+VSM=129,8000")
        #expect(V253SampleFormat.best(among: zoom, preferring: [.ulaw])?.command == "AT+VSM=131,8000")
        #expect(lucent.transmitGain == 128 && lucent.receiveGain == 128)
        #expect(V253Quirks.lookup(Self.identity("Acme")).transmitGain == nil, "the default row leaves the modem's gains")
    }

    @Test func olderEventCodesAreReadAsTheirEvents() {
        let row = V253Quirks.lookup(Self.identity("Acme"))
        #expect(row.event(code: UInt8(ascii: "K")) == .busy && row.event(code: UInt8(ascii: "K")).endsCall)
        #expect(row.event(code: UInt8(ascii: "i")) == .dialTone)
        #expect(row.event(code: UInt8(ascii: "m")) == .faxCallingTone)
        #expect(row.event(code: UInt8(ascii: "P")) == .handsetOffHook)
        #expect(row.event(code: UInt8(ascii: "b")) == .busy, "V.253's own letters still read")
        #expect(V253Event(code: UInt8(ascii: "K")) == .other(UInt8(ascii: "K")), "K is not V.253's: only a row reads it")
        let plain = V253Quirks(name: "V.253 only", eventCodes: [:])
        #expect(plain.event(code: UInt8(ascii: "K")) == .other(UInt8(ascii: "K")))
    }
}
