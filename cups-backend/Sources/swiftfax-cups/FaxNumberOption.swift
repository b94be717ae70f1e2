// FaxNumberOption: the fax number from a print job's options, as desktop dialogs and `lp` send it.
// GTK sends a PPD custom string as `phone=Custom.<text>` and "no value" as `None`; only
// 0-9 # * + - . ( ) p w are kept and `,` becomes a pause (`p`). What comes before the last pause
// is a dialling prefix (an outside line), like `faxPrefix`: faxd's dial rules dial the site's
// outside line themselves, so the prefix is reported and kept with the job, and faxd gets the number.
// LibreOffice and fax4CUPS put the number in the job title instead: a title that is nothing but a
// phone number is the fallback.

import Foundation

struct FaxNumberOption: Equatable {
    /// What faxd receives as `to` ("" when the job has no number).
    var number: String
    /// A dialling prefix given with the number or as `faxPrefix` ("" for none).
    var prefix: String

    static let allowed = Set("0123456789#*+-.()pw")

    /// `phone` and `faxPrefix` as given (either may be nil), then the title as a fallback.
    init(phone: String?, faxPrefix: String?, title: String) {
        var dialled = Self.clean(phone)
        if Self.digitCount(dialled) == 0, let fromTitle = Self.numberInTitle(title) { dialled = fromTitle }
        var prefix = Self.clean(faxPrefix)
        if let pause = dialled.lastIndex(where: { $0 == "p" || $0 == "w" }) {
            prefix += dialled[..<pause].filter { $0 != "p" && $0 != "w" }
            dialled = String(dialled[dialled.index(after: pause)...])
        }
        number = Self.digitCount(dialled) == 0 ? "" : dialled
        self.prefix = prefix.filter { $0 != "p" && $0 != "w" }
    }

    /// `Custom.` stripped, `None` empty, `,` a pause, everything outside the allowed set dropped.
    static func clean(_ value: String?) -> String {
        guard var text = value else { return "" }
        if text.hasPrefix("Custom.") { text.removeFirst("Custom.".count) }
        if text == "None" { return "" }
        return String(text.lowercased().map { $0 == "," ? "p" : $0 }.filter { allowed.contains($0) })
    }

    /// The title when it is nothing but a phone number (digits, spaces and the usual punctuation,
    /// at least three digits).
    static func numberInTitle(_ title: String) -> String? {
        let trimmed = title.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.allSatisfy({ allowed.contains($0) || $0 == " " || $0 == "," }) else { return nil }
        let cleaned = clean(trimmed)
        return digitCount(cleaned) >= 3 ? cleaned : nil
    }

    static func digitCount(_ text: String) -> Int { text.filter(\.isASCII).filter(\.isNumber).count }
}
