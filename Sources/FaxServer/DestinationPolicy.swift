// DestinationPolicy: which numbers this fax server may dial (faxd.yaml `destinations`). Checked
// when a job is submitted (the API answers 4001/4002) and again just before the modem dials, so a
// job from an older spool cannot dial what the policy refuses today.
//
// Never dialled, whatever the configuration: emergency numbers — 911, 112 and 999 everywhere, and
// the site region's own list from libphonenumber's short-number data — typed as such ("911"),
// as E.164 ("+1911", "+44999") or hidden in what the line would receive ("12" read as +1 12 is
// dialled "112"). Refused as invalid (4001): numbers that cannot exist in their country's plan
// (+1 needs 10 digits and a real area code). Refused by policy (4002): deny-listed prefixes and
// number types (premium-rate by default), numbers outside the allow-lists, international numbers
// when `international` is off.

import E164
import FaxOutcome

public struct DestinationPolicy: Codable, Sendable, Hashable {
    /// E.164 prefixes that may be dialled ("+1", "+4420"); empty: any.
    public var allowPrefixes: [String] = []
    /// E.164 prefixes never dialled ("+1900", "+449").
    public var denyPrefixes: [String] = []
    /// Number types that may be dialled; empty: any not in `denyTypes`.
    public var allowTypes: [NumberType] = []
    /// Number types never dialled.
    public var denyTypes: [NumberType] = [.premiumRate]
    /// Numbers outside the site's region may be dialled (from the US, +1 876 Jamaica is international).
    public var international: Bool = true
    /// E.164 prefixes of a private numbering plan (a PBX, a test exchange): numbers under them are not
    /// checked against the public plan or the type and region rules; emergency numbers and
    /// `deny_prefixes` still apply.
    public var privatePrefixes: [String] = []

    public init(allowPrefixes: [String] = [], denyPrefixes: [String] = [], allowTypes: [NumberType] = [],
                denyTypes: [NumberType] = [.premiumRate], international: Bool = true, privatePrefixes: [String] = []) {
        self.allowPrefixes = allowPrefixes
        self.denyPrefixes = denyPrefixes
        self.allowTypes = allowTypes
        self.denyTypes = denyTypes
        self.international = international
        self.privatePrefixes = privatePrefixes
    }

    enum CodingKeys: String, CodingKey {
        case allowPrefixes = "allow_prefixes", denyPrefixes = "deny_prefixes", allowTypes = "allow_types", denyTypes = "deny_types"
        case international, privatePrefixes = "private_prefixes"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = DestinationPolicy()
        allowPrefixes = try c.decodeIfPresent([String].self, forKey: .allowPrefixes) ?? d.allowPrefixes
        denyPrefixes = try c.decodeIfPresent([String].self, forKey: .denyPrefixes) ?? d.denyPrefixes
        allowTypes = try c.decodeIfPresent([NumberType].self, forKey: .allowTypes) ?? d.allowTypes
        denyTypes = try c.decodeIfPresent([NumberType].self, forKey: .denyTypes) ?? d.denyTypes
        international = try c.decodeIfPresent(Bool.self, forKey: .international) ?? d.international
        privatePrefixes = try c.decodeIfPresent([String].self, forKey: .privatePrefixes) ?? d.privatePrefixes
    }

    /// Emergency numbers refused in every region, besides the region's own list.
    public static let universalEmergencyNumbers: Set<String> = ["911", "112", "999"]

    /// What is wrong with this policy, nil when nothing (faxd refuses to start otherwise).
    public var problem: String? {
        for (key, prefixes) in [("allow_prefixes", allowPrefixes), ("deny_prefixes", denyPrefixes), ("private_prefixes", privatePrefixes)] {
            for prefix in prefixes {
                let compact = prefix.filter { $0 != " " }
                guard compact.count >= 2, compact.hasPrefix("+"), compact.dropFirst().allSatisfy({ $0.isASCII && $0.isNumber }) else {
                    return "destinations.\(key): \"\(prefix)\" is not an E.164 prefix (\"+\" and digits, e.g. \"+1900\")"
                }
            }
        }
        return nil
    }

    // MARK: Checks

    /// The destination a person typed for a new job: read by the dial rules, then checked.
    public func destination(_ typed: String, rules: DialRules) throws(DestinationRefusal) -> E164Number {
        // An emergency number as typed, before an area code or country code could be put in front
        // ("911"), also after the national prefix ("1 911": many exchanges connect it to 911 too).
        let trimmed = typed.trimmingCharacters(in: .whitespaces)
        if !trimmed.hasPrefix("+") {
            let compact = trimmed.filter { $0.isASCII && $0.isNumber }
            var candidates = [compact]
            if !rules.nationalPrefix.isEmpty, compact.hasPrefix(rules.nationalPrefix) {
                candidates.append(String(compact.dropFirst(rules.nationalPrefix.count)))
            }
            if NumberingPlan.isEmergency(trimmed, region: rules.siteRegion) || candidates.contains(where: {
                Self.universalEmergencyNumbers.contains($0) || NumberingPlan.isEmergency($0, region: rules.siteRegion)
            }) {
                throw .emergency(typed, "\"\(typed)\" is an emergency number: a fax server never dials one")
            }
        }
        let number: E164Number
        do throws(E164Error) { number = try rules.number(typed) } catch { throw .invalid(typed, error.description) }
        _ = try check(number, rules: rules)
        return number
    }

    /// What the modem dials for a job's destination as stored in the spool, checked again.
    public func dialString(forStored stored: String, rules: DialRules) throws(DestinationRefusal) -> DialString {
        let number: E164Number
        do throws(E164Error) { number = try E164Number(stored) } catch { throw .invalid(stored, error.description) }
        return try check(number, rules: rules)
    }

    /// Checks a destination; returns what the modem would dial for it.
    @discardableResult
    public func check(_ number: E164Number, rules: DialRules) throws(DestinationRefusal) -> DialString {
        let region = rules.siteRegion
        if number.isEmergency || Self.universalEmergencyNumbers.contains(number.nationalNumber) {
            throw .emergency(number.text, "\(number) is an emergency number: a fax server never dials one")
        }
        guard let dial = rules.dialString(for: number) else {
            throw .notAllowed(number.text, "the dial rules make no dial string for \(number)")
        }
        // What the line receives must not reach an emergency service either ("+112" from the US is dialled "112").
        let exchange = dial.exchangeDigits
        if Self.universalEmergencyNumbers.contains(exchange) || NumberingPlan.connectsToEmergency(exchange, region: region) {
            throw .emergency(number.text, "\(number) would be dialled \(exchange), which reaches an emergency service: a fax server never dials one")
        }
        let isPrivate = privatePrefixes.contains { number.hasPrefix($0) }
        if !isPrivate, !number.isValid {
            throw .invalid(number.text, Self.whyInvalid(number))
        }
        if let prefix = denyPrefixes.first(where: { number.hasPrefix($0) }) {
            throw .notAllowed(number.text, "\(number) starts with \(prefix), which this site does not dial (destinations.deny_prefixes)")
        }
        if !isPrivate, !allowPrefixes.isEmpty, !allowPrefixes.contains(where: { number.hasPrefix($0) }) {
            throw .notAllowed(number.text, "this site dials only numbers starting \(allowPrefixes.joined(separator: ", ")) (destinations.allow_prefixes)")
        }
        if !isPrivate {
            if !international, number.region != region {
                throw .notAllowed(number.text, "\(number) is an international number (\(number.region ?? "+\(number.countryCode)")), and this site dials only \(region) (destinations.international)")
            }
            let type = number.type
            if denyTypes.contains(type) {
                throw .notAllowed(number.text, "\(number) is a \(type.words) number, which this site does not dial (destinations.deny_types)")
            }
            if !allowTypes.isEmpty, !allowTypes.contains(type) {
                throw .notAllowed(number.text, "\(number) is a \(type.words) number; this site dials only \(allowTypes.map(\.words).joined(separator: ", ")) numbers (destinations.allow_types)")
            }
        }
        return dial
    }

    private static func whyInvalid(_ number: E164Number) -> String {
        let plan = "+\(number.countryCode)\(NumberingPlan.mainRegion(countryCode: number.countryCode).map { " (\($0))" } ?? "")"
        switch number.possibility {
        case .tooShort, .localOnly: return "\(number) cannot exist: it is too short for the numbering plan of \(plan)"
        case .tooLong: return "\(number) cannot exist: it is too long for the numbering plan of \(plan)"
        case .invalidLength: return "\(number) cannot exist: no number in the numbering plan of \(plan) has its length"
        default: return "\(number) cannot exist: it is not a number in use in the numbering plan of \(plan)"
        }
    }
}

/// Why a destination is refused: `code` 4001 (not a number that can exist) or 4002 (not allowed).
public struct DestinationRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// Not a phone number, or one that cannot exist in its plan (4001).
        case invalid
        /// An emergency number (4002).
        case emergency
        /// Refused by the site's destination policy (4002).
        case notAllowed
    }

    public let kind: Kind
    /// The number as given or stored.
    public let number: String
    /// What is wrong, for the API's problem detail and the job's log.
    public let reason: String

    public static func invalid(_ number: String, _ reason: String) -> DestinationRefusal { .init(kind: .invalid, number: number, reason: reason) }
    public static func emergency(_ number: String, _ reason: String) -> DestinationRefusal { .init(kind: .emergency, number: number, reason: reason) }
    public static func notAllowed(_ number: String, _ reason: String) -> DestinationRefusal { .init(kind: .notAllowed, number: number, reason: reason) }

    /// The stable code: 4001 or 4002 (the API's problem code and the job's completion code).
    public var code: Int { kind == .invalid ? FaxCompletion.invalidDestination.code : FaxCompletion.destinationNotAllowed.code }

    /// The job's outcome when the refusal comes at dial time.
    public var completion: FaxCompletion { FaxCompletion(code: code, description: reason) }

    public var description: String { reason }
}

extension ServerConfiguration {
    /// The destination a person typed, read by the dial rules and checked by the destination policy.
    public func destination(_ typed: String) throws(DestinationRefusal) -> E164Number {
        try destinations.destination(typed, rules: dialRules)
    }

    /// What to dial for a job's stored destination, checked again by today's policy.
    public func dialString(forStored stored: String) throws(DestinationRefusal) -> DialString {
        try destinations.dialString(forStored: stored, rules: dialRules)
    }
}
