// CupsOptions: argv[5] of a backend ("name=value name2='a b' …") read with libcups's own parser,
// so quoting and escapes are exactly what cupsd wrote.

import CCups

enum CupsOptions {
    static func parse(_ text: String) -> [String: String] {
        var options: UnsafeMutablePointer<cups_option_t>?
        let count = cupsParseOptions(text, 0, &options)
        defer { cupsFreeOptions(count, options) }
        var parsed: [String: String] = [:]
        for index in 0..<Int(count) {
            guard let option = options?[index], let name = option.name, let value = option.value else { continue }
            parsed[String(cString: name)] = String(cString: value)
        }
        return parsed
    }
}
