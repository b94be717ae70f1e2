// Milliseconds: the spool stores every time as integer milliseconds since 1970 (exact, and
// comparable in SQL); these convert to and from Date.

import Foundation

extension Date {
    var spoolMillis: Int64 { Int64((timeIntervalSince1970 * 1000).rounded(.down)) }
    init(spoolMillis: Int64) { self.init(timeIntervalSince1970: Double(spoolMillis) / 1000) }
}

extension Optional where Wrapped == Date {
    var spoolMillis: Int64? { map(\.spoolMillis) }
}
