// Configuration and dial rules: the YAML faxd reads, its checks, and the numbering rules that
// turn what people type into E.164 and E.164 into what a modem dials.
// (The modem worker on its seams: ModemWorkerTests; the pool through a real faxd: Tests/FaxdTests.)

import FaxServer
import Testing

@Suite struct ConfigurationTests {
    @Test func dialRulesAndConfiguration() throws {
        let nanp = DialRules(countryCode: "1", areaCode: "555", internationalPrefix: "011", nationalPrefix: "1",
                             localWithoutAreaCode: true, outsideLine: "9,")
        #expect(nanp.normalize("+1 (555) 123-4567") == "+15551234567")
        #expect(nanp.normalize("1 555 123 4567") == "+15551234567")
        #expect(nanp.normalize("555-123-4567") == "+15551234567")
        #expect(nanp.normalize("123-4567") == "+15551234567")
        #expect(nanp.normalize("011 44 20 7946 0000") == "+442079460000")
        #expect(nanp.normalize("call me") == nil)
        #expect(nanp.normalize("+0123") == nil)
        #expect(nanp.dialString("+15551234567") == "9,1234567")
        #expect(nanp.dialString("+12125550000") == "9,12125550000")
        #expect(nanp.dialString("+442079460000") == "9,011442079460000")

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
        #expect(configuration.dialRules.dialString("+442079460000") == "02079460000")
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
}
