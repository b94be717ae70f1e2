// PPDDefaults: the queue's own defaults, read from its PPD (cupsd sets $PPD). Options a job did not
// set fall back to these (`lpadmin -p fax -o Resolution=204x98dpi` changes the PPD's default),
// then to faxd's. Only `*DefaultName: value` lines are read.

import Foundation

enum PPDDefaults {
    static func read(_ path: String?) -> [String: String] {
        guard let path, let text = try? String(contentsOfFile: path, encoding: .isoLatin1) else { return [:] }
        var defaults: [String: String] = [:]
        for line in text.split(whereSeparator: \.isNewline) where line.hasPrefix("*Default") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[line.index(line.startIndex, offsetBy: "*Default".count)..<colon]
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            defaults[String(name)] = value
        }
        return defaults
    }
}
