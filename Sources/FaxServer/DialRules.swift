// DialRules: between what people type and what a modem dials. `normalize` turns a submitted
// number (E.164, or a national or local form) into E.164; `dialString` turns E.164 into the
// digits for ATD on this site's line (outside-line prefix, national and international prefixes,
// local calls without the area code). Numbering-plan data, not code: one value per site.

import Foundation

public struct DialRules: Codable, Sendable, Hashable {
    /// This site's country calling code, e.g. "1" (NANP) or "44".
    public var countryCode: String = "1"
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

    public init(countryCode: String, areaCode: String = "", internationalPrefix: String, nationalPrefix: String,
                localWithoutAreaCode: Bool = false, outsideLine: String = "") {
        self.countryCode = countryCode
        self.areaCode = areaCode
        self.internationalPrefix = internationalPrefix
        self.nationalPrefix = nationalPrefix
        self.localWithoutAreaCode = localWithoutAreaCode
        self.outsideLine = outsideLine
    }

    enum CodingKeys: String, CodingKey {
        case countryCode = "country_code", areaCode = "area_code", internationalPrefix = "international_prefix"
        case nationalPrefix = "national_prefix", localWithoutAreaCode = "local_without_area_code", outsideLine = "outside_line"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = DialRules()
        countryCode = try c.decodeIfPresent(String.self, forKey: .countryCode) ?? d.countryCode
        areaCode = try c.decodeIfPresent(String.self, forKey: .areaCode) ?? d.areaCode
        internationalPrefix = try c.decodeIfPresent(String.self, forKey: .internationalPrefix) ?? d.internationalPrefix
        nationalPrefix = try c.decodeIfPresent(String.self, forKey: .nationalPrefix) ?? d.nationalPrefix
        localWithoutAreaCode = try c.decodeIfPresent(Bool.self, forKey: .localWithoutAreaCode) ?? d.localWithoutAreaCode
        outsideLine = try c.decodeIfPresent(String.self, forKey: .outsideLine) ?? d.outsideLine
    }

    /// E.164 for what a person typed: "+15551234567", "+1 (555) 123-4567", "011 44 20…" (the
    /// international prefix), "1 555 123 4567" (the national prefix), "5551234567" (national
    /// number), "1234567" (local, when an area code is set). Nil when it cannot be a number.
    public func normalize(_ input: String) -> String? {
        let trimmed = input.trimmingCharacters(in: .whitespaces)
        let separators = Set(" -().\u{00A0}/")
        guard !trimmed.isEmpty, trimmed.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "+" || separators.contains($0)) }),
              trimmed.dropFirst().allSatisfy({ $0 != "+" }) else { return nil }
        let digits = trimmed.filter(\.isNumber)
        let candidate: String
        if trimmed.hasPrefix("+") {
            candidate = digits
        } else if !internationalPrefix.isEmpty, digits.hasPrefix(internationalPrefix) {
            candidate = String(digits.dropFirst(internationalPrefix.count))
        } else if !nationalPrefix.isEmpty, digits.hasPrefix(nationalPrefix), digits.count > nationalPrefix.count + 6 {
            candidate = countryCode + digits.dropFirst(nationalPrefix.count)
        } else if !areaCode.isEmpty, digits.count <= 8 {
            candidate = countryCode + areaCode + digits
        } else {
            candidate = countryCode + digits
        }
        return Self.isE164("+" + candidate) ? "+" + candidate : nil
    }

    /// The digits to dial for an E.164 number on this line.
    public func dialString(_ e164: String) -> String {
        let digits = String(e164.drop(while: { $0 == "+" }))
        let dial: String
        if digits.hasPrefix(countryCode) {
            let national = String(digits.dropFirst(countryCode.count))
            if localWithoutAreaCode, !areaCode.isEmpty, national.hasPrefix(areaCode) {
                dial = String(national.dropFirst(areaCode.count))
            } else {
                dial = nationalPrefix + national
            }
        } else {
            dial = internationalPrefix + digits
        }
        return outsideLine + dial
    }

    /// "+" then 2–15 digits, no leading zero (ITU-T E.164).
    public static func isE164(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count >= 3, bytes.count <= 16, bytes[0] == UInt8(ascii: "+"), bytes[1] != UInt8(ascii: "0") else { return false }
        return bytes.dropFirst().allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }
}
