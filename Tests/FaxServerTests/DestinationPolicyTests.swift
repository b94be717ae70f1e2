// Dial rules and the destination policy over a table of numbers: emergency numbers are never
// dialled (typed, as E.164, or hidden in what the line would receive), numbers that cannot exist
// are invalid (4001), and the site's lists refuse the rest (4002). The same check runs at dial
// time on what a spool stored.

import E164
import FaxOutcome
import FaxServer
import Testing

@Suite struct DestinationPolicyTests {
    /// `nil`: accepted; otherwise the refusal's code.
    struct Case: CustomTestStringConvertible, Sendable {
        let typed: String
        let code: Int?
        var testDescription: String { "\"\(typed)\" → \(code.map(String.init) ?? "accepted")" }
        init(_ typed: String, _ code: Int?) { self.typed = typed; self.code = code }
    }

    static let us = ServerConfiguration()  // country code 1, region US, the standard policy

    static var gb: ServerConfiguration {
        var configuration = ServerConfiguration()
        configuration.dialRules = DialRules(countryCode: "44", internationalPrefix: "00", nationalPrefix: "0")
        return configuration
    }

    @Test(arguments: [
        // Emergency numbers, in every form a person or an old spool might give them.
        Case("911", 4002), Case("112", 4002), Case("999", 4002), Case("9-1-1", 4002), Case(" 911 ", 4002),
        Case("+1911", 4002), Case("+1 911", 4002), Case("1 911", 4002), Case("+44999", 4002), Case("+44 112", 4002),
        Case("+49112", 4002), Case("011 44 999", 4002),
        Case("+112", 4002), Case("12", 4002),  // +1 12 would be dialled "112"
        // Numbers that cannot exist in their plan.
        Case("+1 555 0100", 4001), Case("5550100", 4001), Case("+15551234567", 4001), Case("+1201555012", 4001),
        Case("+120155501234", 4001), Case("+0123", 4001), Case("call me", 4001), Case("", 4001), Case("+", 4001),
        Case("2015550123;ATH", 4001), Case("+1234567890123456", 4001),
        // Premium rate: refused by the standard policy.
        Case("+1 900 555 1234", 4002), Case("1-900-555-1234", 4002), Case("+44 909 879 0000", 4002),
        // Numbers that exist.
        Case("+12015550123", nil), Case("201-555-0123", nil), Case("1 (201) 555-0123", nil), Case("+1 800 234 5678", nil),
        Case("+44 20 7946 0000", nil), Case("011 44 20 7946 0000", nil), Case("+1 876 234 5678", nil),
    ])
    func usSite(_ c: Case) {
        expect(c, Self.us)
    }

    @Test(arguments: [
        Case("999", 4002), Case("112", 4002), Case("911", 4002), Case("+44999", 4002), Case("00 1 911", 4002),
        Case("0909 879 0000", 4002), Case("09098790000", 4002), Case("+44 909 879 0000", 4002),
        Case("020 7946 00", 4001), Case("020 7946 0000", nil), Case("+442079460000", nil), Case("00 1 201 555 0123", nil),
    ])
    func gbSite(_ c: Case) {
        expect(c, Self.gb)
    }

    private func expect(_ c: Case, _ configuration: ServerConfiguration, sourceLocation: SourceLocation = #_sourceLocation) {
        do throws(DestinationRefusal) {
            let number = try configuration.destination(c.typed)
            #expect(c.code == nil, "\"\(c.typed)\" was accepted as \(number)", sourceLocation: sourceLocation)
            // What was accepted is also dialled: the dial-time check agrees.
            #expect(throws: Never.self, sourceLocation: sourceLocation) { try configuration.dialString(forStored: number.text) }
        } catch {
            #expect(error.code == c.code, "\"\(c.typed)\": \(error.reason)", sourceLocation: sourceLocation)
            #expect(error.completion.code == error.code, sourceLocation: sourceLocation)
        }
    }

    @Test func refusalsSayWhy() throws {
        func reason(_ typed: String, _ configuration: ServerConfiguration = Self.us) -> String {
            do throws(DestinationRefusal) { _ = try configuration.destination(typed); return "accepted" } catch { return error.reason }
        }
        #expect(reason("911") == "\"911\" is an emergency number: a fax server never dials one")
        #expect(reason("+1911") == "+1911 is an emergency number: a fax server never dials one")
        #expect(reason("12") == "+112 would be dialled 112, which reaches an emergency service: a fax server never dials one")
        #expect(reason("+1 555 0100") == "+15550100 cannot exist: it is too short for the numbering plan of +1 (US)")
        #expect(reason("+15551234567") == "+15551234567 cannot exist: it is not a number in use in the numbering plan of +1 (US)")
        #expect(reason("+19005551234") == "+19005551234 is a premium-rate number, which this site does not dial (destinations.deny_types)")
        #expect(reason("call me") == "\"call me\" is not a phone number (E.164: +12015550123)")
    }

    @Test func dialRulesMakeTheDialString() throws {
        var site = ServerConfiguration()
        site.dialRules = DialRules(countryCode: "1", areaCode: "201", internationalPrefix: "011", nationalPrefix: "1",
                                   localWithoutAreaCode: true, outsideLine: "9,")
        let local = try site.destination("555-0123")
        #expect(local.text == "+12015550123")
        let dial = try site.dialString(forStored: local.text)
        #expect(dial.text == "9,5550123")
        #expect(dial.exchangeDigits == "5550123")
        #expect(dial.number == local)
        #expect(try site.dialString(forStored: "+12125550000").text == "9,12125550000")
        #expect(try site.dialString(forStored: "+442079460000").text == "9,011442079460000")
        #expect(try site.destination("1 212 555 0000").text == "+12125550000")
        #expect(try site.destination("011 44 20 7946 0000").text == "+442079460000")
        // With an area code set, a short typed number is local: "911" is still refused first.
        #expect(throws: DestinationRefusal.self) { try site.destination("911") }

        // Hand-made rules that no dial string may hold.
        var bad = site.dialRules
        bad.outsideLine = "9;ATZ"
        #expect(bad.dialString(for: local) == nil)
        #expect(bad.problem != nil)
    }

    /// A job an older faxd queued (no policy then) is refused when the modem is about to dial it.
    @Test(arguments: ["+1911", "+112", "+15550200", "+19005551234", "911", "+44999", ""])
    func dialTimeCheckRefusesWhatAnOldSpoolHolds(_ stored: String) {
        #expect(throws: DestinationRefusal.self) { try Self.us.dialString(forStored: stored) }
    }

    @Test func policyLists() throws {
        func code(_ typed: String, _ policy: DestinationPolicy, rules: DialRules = DialRules()) -> Int? {
            do throws(DestinationRefusal) { _ = try policy.destination(typed, rules: rules); return nil } catch { return error.code }
        }
        let domestic = DestinationPolicy(international: false)
        #expect(code("+12015550123", domestic) == nil)
        #expect(code("+442079460000", domestic) == 4002)
        #expect(code("+18762345678", domestic) == 4002)  // Jamaica shares +1 but is international from the US

        let denied = DestinationPolicy(denyPrefixes: ["+1 201"])
        #expect(code("+12015550123", denied) == 4002)
        #expect(code("+12125550000", denied) == nil)

        let onlyUK = DestinationPolicy(allowPrefixes: ["+44"])
        #expect(code("+12015550123", onlyUK) == 4002)
        #expect(code("+442079460000", onlyUK) == nil)

        let permissive = DestinationPolicy(denyTypes: [])
        #expect(code("+19005551234", permissive) == nil)
        #expect(code("911", permissive) == 4002)  // no setting allows an emergency number

        let noTollFree = DestinationPolicy(denyTypes: [.premiumRate, .tollFree])
        #expect(code("+18002345678", noTollFree) == 4002)

        let fixedOnly = DestinationPolicy(allowTypes: [.fixedLine])
        let gb = DialRules(countryCode: "44", internationalPrefix: "00", nationalPrefix: "0")
        #expect(code("020 7946 0000", fixedOnly, rules: gb) == nil)
        #expect(code("07400 123456", fixedOnly, rules: gb) == 4002)

        // A private plan (a PBX, the test exchange): not checked against the public plan, still never an emergency number.
        let lab = DestinationPolicy(denyPrefixes: ["+1555099"], privatePrefixes: ["+1555"])
        #expect(code("+1 555 0200", lab) == nil)
        #expect(code("+15550990", lab) == 4002)
        #expect(code("+1 555 0200", DestinationPolicy()) == 4001)
        #expect(code("+1911", DestinationPolicy(privatePrefixes: ["+19"])) == 4002)
        #expect(code("911", DestinationPolicy(privatePrefixes: ["+1"])) == 4002)
    }

    @Test func configuration() throws {
        let yaml = """
        dial_rules: { country_code: "44", region: GB, international_prefix: "00", national_prefix: "0" }
        destinations:
          deny_prefixes: ["+44 70"]
          deny_types: [premium_rate, shared_cost]
          international: false
          private_prefixes: ["+44 1632 960"]
        """
        let configuration = try ServerConfiguration.parse(yaml)
        #expect(configuration.destinations.denyTypes == [.premiumRate, .sharedCost])
        #expect(configuration.destinations.international == false)
        #expect(configuration.dialRules.siteRegion == "GB")
        #expect(ServerConfiguration().destinations.denyTypes == [.premiumRate])
        #expect(ServerConfiguration().dialRules.siteRegion == "US")

        #expect(throws: ConfigurationError.self) { try ServerConfiguration.parse("destinations: { deny_types: [premium] }\n") }
        #expect(throws: ConfigurationError.invalid("<string>", "destinations.deny_prefixes: \"1900\" is not an E.164 prefix (\"+\" and digits, e.g. \"+1900\")")) {
            try ServerConfiguration.parse("destinations: { deny_prefixes: [\"1900\"] }\n")
        }
        #expect(throws: ConfigurationError.invalid("<string>", "dial_rules.region GB is in +44, not +1")) {
            try ServerConfiguration.parse("dial_rules: { region: GB }\n")
        }
        #expect(throws: ConfigurationError.invalid("<string>", "dial_rules.country_code \"999\" is not a country calling code in use")) {
            try ServerConfiguration.parse("dial_rules: { country_code: \"999\" }\n")
        }
        #expect(throws: ConfigurationError.self) { try ServerConfiguration.parse("dial_rules: { outside_line: \"9\\r\\nATZ\" }\n") }
        #expect(throws: ConfigurationError.self) { try ServerConfiguration.parse("dial_rules: { national_prefix: \"1+\" }\n") }
    }
}
