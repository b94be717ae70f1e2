// JournalLogHandler: swift-log lines for journald — `<N>` priority prefix (sd-daemon(3)), the
// label, the message, then metadata as key=value, one line per entry on standard error. Under
// systemd the journal files them by priority; on a terminal they stay readable.
//
// One entry is always one line: the message and every value are escaped (line breaks, other
// control characters, quotes and backslashes), because many come from the far end — the caller
// ID and name, the remote station's TSI/CSI, modem responses, error texts quoting them. A caller
// whose name is "\n<3>faxd: fake line" gets `\n<3>faxd: fake line` inside faxd's own line, never a
// journal line of its own at priority 3.

import Foundation
import Logging

struct JournalLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]
    /// Prefix lines with a time stamp (on a terminal; the journal keeps its own).
    let timestamps: Bool

    init(label: String, timestamps: Bool) {
        self.label = label
        self.timestamps = timestamps
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var line = "<\(Self.priority(event.level))>"
        if timestamps { line += Self.now() + " " }
        line += "\(label): " + Self.escaped("\(event.message)")
        var all = metadata
        if let extra = event.metadata { all.merge(extra) { _, new in new } }
        for key in all.keys.sorted() {
            line += " " + Self.escaped(key, quoting: false) + "=" + Self.value("\(all[key]!)")
        }
        line += "\n"
        FileHandle.standardError.write(Data(line.utf8))
    }

    /// A metadata value: bare when it is one plain word, else in double quotes.
    static func value(_ text: String) -> String {
        let plain = !text.isEmpty && text.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value != 0x7F && !"\"\\=".unicodeScalars.contains($0) }
        return plain ? escaped(text) : "\"" + escaped(text, quoting: true) + "\""
    }

    /// `text` on one line: control characters (C0, DEL, C1, and the Unicode line and paragraph
    /// separators) as \n, \r, \t or \u{…}; with `quoting`, `"` and `\` too.
    static func escaped(_ text: String, quoting: Bool = false) -> String {
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\"" where quoting: out += "\\\""
            case "\\" where quoting: out += "\\\\"
            default:
                let v = scalar.value
                if v < 0x20 || (0x7F...0x9F).contains(v) || v == 0x2028 || v == 0x2029 {
                    out += "\\u{" + String(v, radix: 16) + "}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }

    static func now() -> String {
        var t = timespec()
        clock_gettime(CLOCK_REALTIME, &t)
        var tm = tm()
        var seconds = t.tv_sec
        gmtime_r(&seconds, &tm)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                      tm.tm_hour, tm.tm_min, tm.tm_sec, t.tv_nsec / 1_000_000)
    }
}
