// FaxJobSettings: everything a print job says about its fax, from the job's options first and the
// queue's PPD defaults second: number and dialling prefix, resolution, cover page, modem group,
// and whether to wait for the fax's outcome. PPD option names: docs/cups.md.

import Foundation

struct FaxJobSettings {
    var number: FaxNumberOption
    /// standard | fine | superfine; nil: faxd's default.
    var resolution: String?
    var cover: CoverPageRequest?
    var modemGroup: String?
    /// false: exit as soon as faxd has the fax ("return when queued").
    var waitForOutcome: Bool

    init(options: [String: String], defaults: [String: String], title: String, uri: DeviceURI) {
        func value(_ name: String) -> String? {
            let given = Self.text(options[name])
            return given.isEmpty ? Self.text(defaults[name]).nonEmpty : given
        }
        number = FaxNumberOption(phone: options["phone"], faxPrefix: options["faxPrefix"] ?? defaults["faxPrefix"], title: title)
        resolution = Self.resolution(value("Resolution") ?? value("resolution"))
        modemGroup = value("faxModemGroup") ?? uri.modemGroup
        waitForOutcome = (value("faxReturn") ?? "Outcome").lowercased() != "queued"
        if let to = value("faxCoverTo") {
            cover = CoverPageRequest(to: to, subject: value("faxCoverSubject") ?? "", message: value("faxCoverMessage") ?? "")
        }
    }

    /// A PPD choice or custom value as text: `Custom.` stripped, `None` empty.
    static func text(_ value: String?) -> String {
        guard var text = value else { return "" }
        if text.hasPrefix("Custom.") { text.removeFirst("Custom.".count) }
        return text == "None" ? "" : text
    }

    /// The PPD's resolutions (204x98dpi, 204x196dpi, 204x391dpi) or faxd's own names.
    static func resolution(_ value: String?) -> String? {
        switch value?.lowercased() {
        case "204x98dpi", "standard": "standard"
        case "204x196dpi", "fine": "fine"
        case "204x391dpi", "superfine": "superfine"
        default: nil
        }
    }
}

struct CoverPageRequest: Equatable {
    var to: String
    var subject: String
    var message: String
}

extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
