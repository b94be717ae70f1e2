// DialRules: between what people type and what a modem dials. `number` reads a typed number
// (E.164, or a national or local form as dialled at this site) into an E164Number, using
// libphonenumber's plan for the site's region; `dialString` turns an E164Number into the
// `DialString` ATD gets on this site's line (outside-line prefix, national and international
// prefixes, local calls without the area code). Numbering-plan settings, not code: one value per site.
// Whether a number may be dialled at all is DestinationPolicy's question.

import E164
import Foundation

public struct DialRules: Codable, Sendable, Hashable {
    /// This site's country calling code, e.g. "1" (NANP) or "44".
    public var countryCode: String = "1"
    /// This site's region (ISO 3166: "US", "CA", "GB"): how national numbers and emergency numbers
    /// are read. Nil: the country code's main region ("1" → US, "44" → GB).
    public var region: String? = nil
    /// This site's area code; numbers in it may be dialled without it ("" for none).
    public var areaCode: String = ""
    /// Dialled before an international number ("011" in NANP, "00" in most of the world).
    public var internationalPrefix: String = "011"
    /// Dialled before a national number outside the area ("1" in NANP, "0" in most of the world).
    public var nationalPrefix: String = "1"
    /// Dial local numbers (same area) without the area code.
    public var localWithoutAreaCode: Bool = false
    /// Dialled before everything to get an outside line (e.g. "9,"), "" for none.
    public var outsideLine: String = ""

    public init() {}

    public init(countryCode: String, region: String? = nil, areaCode: String = "", internationalPrefix: String, nationalPrefix: String,
                localWithoutAreaCode: Bool = false, outsideLine: String = "") {
        self.countryCode = countryCode
        self.region = region
        self.areaCode = areaCode
        self.internationalPrefix = internationalPrefix
        self.nationalPrefix = nationalPrefix
        self.localWithoutAreaCode = localWithoutAreaCode
        self.outsideLine = outsideLine
    }

    enum CodingKeys: String, CodingKey {
        case countryCode = "country_code", region, areaCode = "area_code", internationalPrefix = "international_prefix"
        case nationalPrefix = "national_prefix", localWithoutAreaCode = "local_without_area_code", outsideLine = "outside_line"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = DialRules()
        countryCode = try c.decodeIfPresent(String.self, forKey: .countryCode) ?? d.countryCode
        region = try c.decodeIfPresent(String.self, forKey: .region)
        areaCode = try c.decodeIfPresent(String.self, forKey: .areaCode) ?? d.areaCode
        internationalPrefix = try c.decodeIfPresent(String.self, forKey: .internationalPrefix) ?? d.internationalPrefix
        nationalPrefix = try c.decodeIfPresent(String.self, forKey: .nationalPrefix) ?? d.nationalPrefix
        localWithoutAreaCode = try c.decodeIfPresent(Bool.self, forKey: .localWithoutAreaCode) ?? d.localWithoutAreaCode
        outsideLine = try c.decodeIfPresent(String.self, forKey: .outsideLine) ?? d.outsideLine
    }

    /// The region numbers are read in: `region`, or the country code's main region.
    public var siteRegion: String {
        region ?? Int(countryCode).flatMap { NumberingPlan.mainRegion(countryCode: $0) } ?? "ZZ"
    }

    /// What is wrong with these rules, nil when nothing (faxd refuses to start otherwise).
    public var problem: String? {
        let digits = { (text: String) in text.allSatisfy { $0.isASCII && $0.isNumber } }
        guard !countryCode.isEmpty, countryCode.count <= 3, digits(countryCode), let code = Int(countryCode),
              NumberingPlan.mainRegion(countryCode: code) != nil else {
            return "dial_rules.country_code \"\(countryCode)\" is not a country calling code in use"
        }
        if let region {
            guard let regionCode = NumberingPlan.countryCode(region: region) else {
                return "dial_rules.region \"\(region)\" is not a region (ISO 3166, e.g. US, GB)"
            }
            guard regionCode == code else { return "dial_rules.region \(region) is in +\(regionCode), not +\(countryCode)" }
        }
        for (key, value) in [("area_code", areaCode), ("international_prefix", internationalPrefix), ("national_prefix", nationalPrefix)]
            where !digits(value) {
            return "dial_rules.\(key) \"\(value)\": digits only"
        }
        guard outsideLine.allSatisfy(DialString.characters.contains) else {
            return "dial_rules.outside_line \"\(outsideLine)\": digits, * # A-D and the dial modifiers , W T P ! @ only"
        }
        return nil
    }

    /// The number a person typed, as dialled at this site: "+1 (201) 555-0123", "011 44 20 7946 0000"
    /// (the international prefix), "1 201 555 0123" (the national prefix), "201-555-0123" (a national
    /// number), "555-0123" (local, when an area code is set). Typed national forms are read by the
    /// site region's plan (libphonenumber). An emergency number typed here ("911") comes out as
    /// "+1911": DestinationPolicy refuses it.
    public func number(_ typed: String) throws(E164Error) -> E164Number {
        let trimmed = typed.trimmingCharacters(in: .whitespaces)
        let digits = trimmed.filter { $0.isASCII && $0.isNumber }
        var text = trimmed
        if !trimmed.hasPrefix("+") {
            if !internationalPrefix.isEmpty, digits.hasPrefix(internationalPrefix), digits.count > internationalPrefix.count {
                text = "+" + digits.dropFirst(internationalPrefix.count)
            } else if !areaCode.isEmpty, digits.count <= 8,
                      !(digits.hasPrefix(nationalPrefix) && digits.count > nationalPrefix.count + 6) {
                text = areaCode + digits
            }
        }
        do throws(E164Error) {
            return try E164Number(parsing: text, region: siteRegion)
        } catch {
            throw Self.retitled(error, as: typed)
        }
    }

    private static func retitled(_ error: E164Error, as typed: String) -> E164Error {
        switch error {
        case .notANumber: .notANumber(typed)
        case .unknownCountryCode: .unknownCountryCode(typed)
        case .tooShort: .tooShort(typed)
        case .tooLong: .tooLong(typed)
        }
    }

    /// What the modem dials for `number` on this line. Nil only when these rules have characters
    /// no dial string may hold (`problem` refuses such a configuration).
    public func dialString(for number: E164Number) -> DialString? {
        let digits = number.digits
        let dial: String
        if number.countryCode == Int(countryCode) {
            let national = number.nationalNumber
            if localWithoutAreaCode, !areaCode.isEmpty, national.hasPrefix(areaCode), national.count > areaCode.count {
                dial = String(national.dropFirst(areaCode.count))
            } else {
                dial = nationalPrefix + national
            }
        } else {
            dial = internationalPrefix + digits
        }
        return DialString(outsideLine: outsideLine, number: dial, reaching: number)
    }
}

/// What ATD gets: a V.250 dial string made by `DialRules.dialString(for:)` from an E164Number —
/// the outside-line prefix (if any) and the digits the exchange receives. Holds only dial-string
/// characters, so it can never carry another AT command.
public struct DialString: Sendable, Hashable, CustomStringConvertible {
    /// Digits, * # A–D, and the modifiers , (pause) W (wait for dial tone) T P ! (flash) @ (quiet answer).
    public static let characters: Set<Character> = Set("0123456789*#ABCD,WTP!@")

    /// The whole dial string: "9,12015550123".
    public let text: String
    /// What the public exchange receives after the outside line: "12015550123".
    public let exchangeDigits: String
    /// The number it reaches.
    public let number: E164Number

    init?(outsideLine: String, number dial: String, reaching number: E164Number) {
        let text = outsideLine + dial
        guard !dial.isEmpty, text.allSatisfy(Self.characters.contains) else { return nil }
        self.text = text
        exchangeDigits = dial
        self.number = number
    }

    public var description: String { text }
}
