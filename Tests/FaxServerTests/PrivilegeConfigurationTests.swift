// Who faxd runs as, as the configuration says it: swiftfax unless told otherwise, root only with
// `allow_root: true`; the API socket's mode must be an octal mode and its group a name.
// (faxd's behaviour as root is tested on a real process: Tests/FaxdTests/PrivilegeTests.swift.)

import FaxServer
import Testing

@Suite struct PrivilegeConfigurationTests {
    @Test func runAsUser() throws {
        #expect(try ServerConfiguration.parse("spool: /s\n").runAsUser == "swiftfax")
        #expect(try ServerConfiguration.parse("spool: /s\n").allowRoot == false)
        #expect(try ServerConfiguration.parse("spool: /s\nuser: fax\n").runAsUser == "fax")
        #expect(try ServerConfiguration.parse("spool: /s\nallow_root: true\n").runAsUser == nil, "allowed, and no user named: stays root")
        #expect(try ServerConfiguration.parse("spool: /s\nallow_root: true\nuser: swiftfax\n").runAsUser == "swiftfax")
        #expect(throws: ConfigurationError.invalid("<string>", "user is empty (leave it out for swiftfax)")) {
            try ServerConfiguration.parse("user: \"\"\n")
        }
    }

    @Test func socketModeAndGroup() throws {
        #expect(try ServerConfiguration.parse("api: { socket_mode: \"0600\", socket_group: fax }\n").api.socketGroup == "fax")
        for bad in ["rw-rw----", "0x1b6", "0999", "01777777", ""] {
            #expect(throws: ConfigurationError.self, "\(bad)") { try ServerConfiguration.parse("api: { socket_mode: \"\(bad)\" }\n") }
        }
        #expect(throws: ConfigurationError.self) { try ServerConfiguration.parse("api: { socket_group: \"\" }\n") }
    }
}
