// E164Number: a telephone number in ITU-T E.164 form ("+", a country calling code, the national
// significant number; at most 15 digits), made only by parsing and checking text against Google's
// libphonenumber numbering-plan data. Holding one means the text is well formed and its country
// code is assigned; whether the number can exist in its plan (`isValid`), what kind of line it is
// (`type`) and whether it is an emergency number are facts the plan answers, and policy (FaxServer's
// DestinationPolicy) decides what to do with them.

import CPhoneNumber

public struct E164Number: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// "+" and digits, e.g. "+12015550123".
    public let text: String
    /// The country calling code, e.g. 1 or 44.
    public let countryCode: Int

    /// A number already in E.164, exactly: "+12015550123" (no spaces, no national prefix).
    public init(_ text: String) throws(E164Error) {
        guard text.hasPrefix("+"), text.utf8.count > 1, text.utf8.dropFirst().allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            throw .notANumber(text)
        }
        try self.init(parsing: text, region: "ZZ")
        guard self.text == text else { throw .notANumber(text) }
    }

    /// What a person typed, as dialled from `region` (an ISO 3166 code such as "US" or "GB"):
    /// "+1 (201) 555-0123", "201-555-0123", "1 201 555 0123", "011 44 20 7946 0000" from the US,
    /// "020 7946 0000" from GB. Digits, "+" (first only), spaces and - ( ) . / only.
    public init(parsing typed: String, region: String) throws(E164Error) {
        let separators: Set<Character> = [" ", "-", "(", ")", ".", "/", "\u{00A0}"]
        let trimmed = typed.trimmingWhitespace
        guard !trimmed.isEmpty, trimmed.utf8.count <= 64,
              trimmed.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "+" || separators.contains($0)) }),
              trimmed.dropFirst().allSatisfy({ $0 != "+" }), trimmed.contains(where: \.isNumber) else {
            throw .notANumber(typed)
        }
        var buffer = [CChar](repeating: 0, count: Int(CPN_E164_CAPACITY))
        var code: Int32 = 0
        let status = cpn_parse(trimmed, region, &buffer, buffer.count, &code)
        switch Int(status) {
        case CPN_PARSED: break
        case CPN_INVALID_COUNTRY_CODE: throw .unknownCountryCode(typed)
        case CPN_TOO_SHORT_AFTER_IDD, CPN_TOO_SHORT_NSN: throw .tooShort(typed)
        case CPN_TOO_LONG_NSN: throw .tooLong(typed)
        default: throw .notANumber(typed)
        }
        let e164 = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard e164.utf8.count <= 16 else { throw .tooLong(typed) }  // E.164: at most 15 digits
        text = e164
        countryCode = Int(code)
    }

    /// The digits after the country code (the national significant number).
    public var nationalNumber: String { String(text.dropFirst(1 + String(countryCode).count)) }

    /// The digits without "+".
    public var digits: String { String(text.dropFirst()) }

    public var description: String { text }

    public static func < (a: E164Number, b: E164Number) -> Bool { a.text < b.text }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do throws(E164Error) { try self.init(text) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }

    // Facts from the numbering plan.

    /// The number matches a pattern of numbers in use in its country's plan: right length, an
    /// area or service code that exists (+1 needs 10 digits with a real area code; +1 555 … fails).
    public var isValid: Bool { cpn_is_valid(text) == 1 }

    /// How the number's length fits its plan (a lenient check: length only).
    public var possibility: NumberPossibility { NumberPossibility(code: Int(cpn_possibility(text))) }

    /// The kind of line: fixed, mobile, toll-free, premium-rate, …; `.unknown` for invalid numbers.
    public var type: NumberType { NumberType(code: Int(cpn_number_type(text))) }

    /// The region (ISO 3166) the number belongs to, nil when none (an invalid number).
    public var region: String? {
        var buffer = [CChar](repeating: 0, count: Int(CPN_REGION_CAPACITY))
        cpn_region_of_number(text, &buffer, buffer.count)
        let code = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return code == "ZZ" || code.isEmpty ? nil : code
    }

    /// The national number is an emergency number of the country ("+1911", "+44999", "+49112"):
    /// such a number was typed as "911" and prefixed, and dialling it nationally reaches the service.
    public var isEmergency: Bool { cpn_is_emergency_in_country(nationalNumber, Int32(countryCode)) == 1 }

    /// Starts with `prefix` ("+44", "+1900"; spaces ignored).
    public func hasPrefix(_ prefix: String) -> Bool {
        text.hasPrefix(prefix.filter { $0 != " " })
    }
}

/// Why text is not an E.164 number.
public enum E164Error: Error, Sendable, Hashable, CustomStringConvertible {
    case notANumber(String)
    case unknownCountryCode(String)
    case tooShort(String)
    case tooLong(String)

    public var text: String {
        switch self {
        case .notANumber(let t), .unknownCountryCode(let t), .tooShort(let t), .tooLong(let t): t
        }
    }

    public var description: String {
        switch self {
        case .notANumber(let t): "\"\(t)\" is not a phone number (E.164: +12015550123)"
        case .unknownCountryCode(let t): "\"\(t)\" does not start with a country calling code in use"
        case .tooShort(let t): "\"\(t)\" is too short to be a phone number"
        case .tooLong(let t): "\"\(t)\" is too long to be a phone number (E.164: at most 15 digits)"
        }
    }
}

/// What kind of line a number is (libphonenumber's PhoneNumberType); the raw values are the
/// names in faxd.yaml.
public enum NumberType: String, Sendable, Hashable, Codable, CaseIterable {
    case fixedLine = "fixed_line"
    case mobile
    /// Where the plan cannot tell fixed from mobile (NANP).
    case fixedLineOrMobile = "fixed_line_or_mobile"
    case tollFree = "toll_free"
    case premiumRate = "premium_rate"
    case sharedCost = "shared_cost"
    case voip
    case personalNumber = "personal_number"
    case pager
    /// Universal access ("company") numbers.
    case uan
    case voicemail
    case unknown

    init(code: Int) {
        switch code {
        case CPN_FIXED_LINE: self = .fixedLine
        case CPN_MOBILE: self = .mobile
        case CPN_FIXED_LINE_OR_MOBILE: self = .fixedLineOrMobile
        case CPN_TOLL_FREE: self = .tollFree
        case CPN_PREMIUM_RATE: self = .premiumRate
        case CPN_SHARED_COST: self = .sharedCost
        case CPN_VOIP: self = .voip
        case CPN_PERSONAL_NUMBER: self = .personalNumber
        case CPN_PAGER: self = .pager
        case CPN_UAN: self = .uan
        case CPN_VOICEMAIL: self = .voicemail
        default: self = .unknown
        }
    }

    /// Words for messages: "premium-rate".
    public var words: String { rawValue.replacingUnderscores }
}

/// How a number's length fits its plan (libphonenumber's ValidationResult).
public enum NumberPossibility: Sendable, Hashable {
    case possible
    /// Long enough only to be dialled inside its area (a 7-digit NANP number).
    case localOnly
    case unknownCountryCode
    case tooShort
    case invalidLength
    case tooLong

    init(code: Int) {
        switch code {
        case CPN_IS_POSSIBLE: self = .possible
        case CPN_IS_POSSIBLE_LOCAL_ONLY: self = .localOnly
        case CPN_TOO_SHORT: self = .tooShort
        case CPN_INVALID_LENGTH: self = .invalidLength
        case CPN_TOO_LONG: self = .tooLong
        default: self = .unknownCountryCode
        }
    }
}

/// Questions for the numbering plan that are not about one E.164 number.
public enum NumberingPlan {
    /// The plan data's origin, for logs and docs.
    public static let source = "libphonenumber"

    /// The main region of a country calling code: 1 → "US", 44 → "GB"; nil when unassigned.
    public static func mainRegion(countryCode: Int) -> String? {
        guard (1...999).contains(countryCode) else { return nil }
        var buffer = [CChar](repeating: 0, count: Int(CPN_REGION_CAPACITY))
        cpn_region_of_country_code(Int32(countryCode), &buffer, buffer.count)
        let code = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return code == "ZZ" || code == "001" || code.isEmpty ? nil : code
    }

    /// The country calling code of a region ("US" → 1), nil when unknown.
    public static func countryCode(region: String) -> Int? {
        let code = Int(cpn_country_code_of_region(region))
        return code == 0 ? nil : code
    }

    /// `typed`, exactly as dialled in `region`, is an emergency number there ("911", "112", "999").
    /// A "+" number never is here: ask `E164Number.isEmergency`.
    public static func isEmergency(_ typed: String, region: String) -> Bool {
        cpn_is_emergency_number(typed, region) == 1
    }

    /// Dialling `digits` in `region` might reach an emergency service — exactly, or (where the
    /// region's exchanges connect on the prefix) with more digits after it: "9115551234" in US.
    public static func connectsToEmergency(_ digits: String, region: String) -> Bool {
        cpn_connects_to_emergency_number(digits, region) == 1
    }
}

extension String {
    var trimmingWhitespace: String {
        var s = Substring(self)
        while let first = s.first, first.isWhitespace { s = s.dropFirst() }
        while let last = s.last, last.isWhitespace { s = s.dropLast() }
        return String(s)
    }

    var replacingUnderscores: String { String(map { $0 == "_" ? "-" : $0 }) }
}
