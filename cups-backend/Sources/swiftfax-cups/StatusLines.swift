// StatusLines: the backend's messages to cupsd, one line each on stderr (the status pipe).
// INFO/ERROR set the job's and printer's state message; STATE adds or removes printer-state-reasons;
// PAGE counts impressions; ATTR sets job-media-progress; JOBSTATE sets job-state-reasons.
// A write to a closed pipe (cupsd gone) is ignored: SIGPIPE is ignored in main.swift.

import Foundation

enum StatusLines {
    static func info(_ text: String) { write("INFO: \(text)") }
    static func error(_ text: String) { write("ERROR: \(text)") }
    static func debug(_ text: String) { write("DEBUG: \(text)") }
    static func state(_ change: String) { write("STATE: \(change)") }
    static func page(_ number: Int) { write("PAGE: \(number) 1") }
    static func pagesTotal(_ total: Int) { write("PAGE: total \(total)") }
    static func progress(percent: Int) { write("ATTR: job-media-progress=\(min(100, max(0, percent)))") }
    static func jobState(_ reason: String) { write("JOBSTATE: \(reason)") }

    /// One line, newlines inside the text flattened (cupsd reads line by line).
    static func write(_ line: String) {
        let flat = line.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " ")
        let bytes = Array((flat + "\n").utf8)
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Foundation.write(2, raw.baseAddress! + offset, raw.count - offset)
                if n <= 0 { return }
                offset += n
            }
        }
    }
}
