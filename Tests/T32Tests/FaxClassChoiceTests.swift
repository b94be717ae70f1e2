// FaxClassChoiceTests: which driver `class:` picks for what a modem offers — the quirks row's
// preference, Class 1 before Class 2, voice when nothing else, the fallback to voice after modem
// faults in a row, and configured classes the modem lacks refused with the reason.

import T32
import Testing
import V250

@Suite struct FaxClassChoiceTests {
    static func modem(_ classes: [String], maker: String = "Acme") -> ModemIdentity {
        ModemIdentity(manufacturer: maker, classes: Set(classes.map { FaxClass(rawValue: $0) }))
    }

    @Test func autoPicksByQuirksThenClass1ThenClass2ThenVoice() {
        #expect(FaxClassSetting.auto.choose(for: Self.modem(["0", "1", "2", "2.0", "8"])).faxClass == .class1)
        #expect(FaxClassSetting.auto.choose(for: Self.modem(["0", "1", "2", "2.0"], maker: "U.S. Robotics")).faxClass == .class2_0)
        #expect(FaxClassSetting.auto.choose(for: Self.modem(["0", "1", "2"], maker: "Conexant")).faxClass == .class1)
        #expect(FaxClassSetting.auto.choose(for: Self.modem(["0", "2", "2.0", "2.1"])).faxClass == .class2_1)
        #expect(FaxClassSetting.auto.choose(for: Self.modem(["0", "2"])).faxClass == .class2)
        #expect(FaxClassSetting.auto.choose(for: Self.modem(["0", "8"])).faxClass == .voice)
        let none = FaxClassSetting.auto.choose(for: Self.modem(["0"]))
        #expect(none.faxClass == nil && none.reason.contains("no fax class and no voice"))
    }

    @Test func autoFallsBackToVoiceAfterModemFaultsInARow() {
        let multi = Self.modem(["0", "1", "8"])
        #expect(FaxClassSetting.auto.choose(for: multi, modemFaults: 1, fallbackAfter: 2).faxClass == .class1)
        let fallen = FaxClassSetting.auto.choose(for: multi, modemFaults: 2, fallbackAfter: 2)
        #expect(fallen.faxClass == .voice && fallen.reason.contains("2 calls in a row"))
        #expect(FaxClassSetting.auto.choose(for: multi, modemFaults: 9, fallbackAfter: 0).faxClass == .class1, "0: never")
        #expect(FaxClassSetting.auto.choose(for: Self.modem(["0", "1"]), modemFaults: 9, fallbackAfter: 2).faxClass == .class1, "no voice to fall back to")
        #expect(FaxClassSetting.class1.choose(for: multi, modemFaults: 9, fallbackAfter: 2).faxClass == .class1, "a configured class stays")
    }

    @Test func configuredClassesTheModemLacksAreRefused() {
        #expect(FaxClassSetting.class20.choose(for: Self.modem(["0", "2"])).reason == "configured Class 2.0, but the modem does not offer it")
        #expect(FaxClassSetting.voice.choose(for: Self.modem(["0", "1"])).faxClass == nil)
        #expect(FaxClassSetting.class1.choose(for: Self.modem(["0", "1.0"])).faxClass == .class1)
        #expect(FaxClassSetting.anyClass2.choose(for: Self.modem(["0", "1"])).reason == "configured Class 2, but the modem offers no Class 2 dialect")
    }

    @Test func driverNamesMapOntoClasses() {
        #expect(["auto", "class1", "class2", "softmodem"].map { FaxClassSetting(driver: $0) } == [.auto, .class1, .anyClass2, .voice])
        #expect(FaxClassSetting(driver: "2.0") == nil)
        #expect(FaxClassSetting.anyClass2.choose(for: Self.modem(["0", "1", "2", "2.0"])).faxClass == .class2_0)
        #expect(FaxClassSetting.anyClass2.choose(for: Self.modem(["0", "2"])).faxClass == .class2)
    }
}
