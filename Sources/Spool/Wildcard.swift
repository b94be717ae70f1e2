// Wildcard: shell-style patterns — `*` any run of characters, `?` one — as faxboxes use them for
// caller numbers (InboundRoute) and mail senders (FaxMail's SenderPermission). Iterative, with one
// backtrack point (the last star): never exponential, whatever a hostile text or pattern holds.

public enum Wildcard {
    public static func matches(_ text: String, pattern: String) -> Bool {
        let t = Array(text.unicodeScalars), p = Array(pattern.unicodeScalars)
        var (i, j, star, mark) = (0, 0, -1, 0)
        while i < t.count {
            if j < p.count, p[j] == "?" || p[j] == t[i] {
                i += 1
                j += 1
            } else if j < p.count, p[j] == "*" {
                star = j
                mark = i
                j += 1
            } else if star >= 0 {
                j = star + 1
                mark += 1
                i = mark
            } else {
                return false
            }
        }
        while j < p.count, p[j] == "*" { j += 1 }
        return j == p.count
    }
}
