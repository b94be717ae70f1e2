// Configuration: the YAML faxd reads and its checks. (Dial rules and the destination policy:
// DestinationPolicyTests.)
// (The modem worker on its seams: ModemWorkerTests; the pool through a real faxd: Tests/FaxdTests.)

import E164
import FaxServer
import T32
import Testing

@Suite struct ConfigurationTests {
    @Test func dialRulesAndConfiguration() throws {
        // Dial rules themselves: DestinationPolicyTests.
        let yaml = """
        spool: /tmp/x
        dial_rules: { country_code: "44", international_prefix: "00", national_prefix: "0" }
        defaults: { header: "Ward 7", max_attempts: 5 }
        modems:
          - device: /dev/ttyACM0
            groups: [fax-out]
            rings: 2
        """
        let configuration = try ServerConfiguration.parse(yaml)
        #expect(configuration.modems.first?.name == "ttyACM0")
        #expect(configuration.modems.first?.rings == 2)
        #expect(configuration.defaults.maxAttempts == 5)
        #expect(configuration.dialRules.dialString(for: try E164Number("+442079460000"))?.text == "02079460000")
        #expect(throws: ConfigurationError.self) { try ServerConfiguration.parse("modems:\n  - device: relative/tty\n") }
        #expect(throws: ConfigurationError.self) { try ServerConfiguration.parse("api: { tcp: \"0.0.0.0:8686\" }\n") }
        #expect(throws: ConfigurationError.self) { try ServerConfiguration.parse("modems: [ {device: /dev/a, name: x}, {device: /dev/b, name: x} ]\n") }
        // faxd works in its spool directory: paths must not depend on where it was started.
        #expect(throws: ConfigurationError.invalid("<string>", "spool must be an absolute path")) { try ServerConfiguration.parse("spool: var/spool\n") }
        #expect(throws: ConfigurationError.invalid("<string>", "api.socket must be an absolute path")) {
            try ServerConfiguration.parse("api: { socket: run/faxd.sock }\n")
        }
        #expect(throws: ConfigurationError.invalid("<string>", "lock_directory must be an absolute path")) { try ServerConfiguration.parse("lock_directory: lock\n") }
        #expect(try ServerConfiguration.parse("lock_directory: \"\"\napi: { socket: \"\" }\n").lockDirectory == "")
    }

    /// `class:` per modem: auto by default; YAML numbers 1 and 2.0 read as the class; anything
    /// else is refused naming the choices.
    @Test func modemClassSetting() throws {
        let configuration = try ServerConfiguration.parse("""
        modems:
          - { device: /dev/ttyACM0 }
          - { device: /dev/ttyACM1, class: 1 }
          - { device: /dev/ttyACM2, class: 2.0 }
          - { device: /dev/ttyACM3, class: "2" }
          - { device: /dev/ttyACM4, class: 2.1 }
        """)
        #expect(configuration.modems.map(\.faxClass) == [.auto, .class1, .class20, .class2, .class21])
        do {
            _ = try ServerConfiguration.parse("modems:\n  - { device: /dev/ttyACM0, class: 3 }\n")
            Issue.record("class 3 was accepted")
        } catch {
            #expect("\(error)".contains("class \"3\" is none of auto, 1, 2, 2.0, 2.1, 2.x, voice"), "\(error)")
        }
    }

    /// `driver:` names the same choice by what runs T.30: auto, class1, class2 (the newest
    /// Class 2 offered), softmodem (voice); one that disagrees with `class:` is refused.
    @Test func modemDriverSetting() throws {
        let configuration = try ServerConfiguration.parse("""
        modems:
          - { device: /dev/ttyACM0, driver: auto }
          - { device: /dev/ttyACM1, driver: class1 }
          - { device: /dev/ttyACM2, driver: class2 }
          - { device: /dev/ttyACM3, driver: softmodem, fallback_after: 0 }
          - { device: /dev/ttyACM4, driver: softmodem, class: voice }
        """)
        #expect(configuration.modems.map(\.faxClass) == [.auto, .class1, .anyClass2, .voice, .voice])
        for (yaml, message) in [("driver: modem", "driver \"modem\" is none of auto, class1, class2, softmodem"),
                                ("driver: class1, class: voice", "driver \"class1\" and class \"voice\" disagree")] {
            do {
                _ = try ServerConfiguration.parse("modems:\n  - { device: /dev/ttyACM0, \(yaml) }\n")
                Issue.record("\(yaml) was accepted")
            } catch {
                #expect("\(error)".contains(message), "\(error)")
            }
        }
    }
}
