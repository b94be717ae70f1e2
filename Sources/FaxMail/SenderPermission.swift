// SenderPermission: who may send faxes by mail through a faxbox — its smtp_permission_list, each
// entry an address (`alice@example.com`), a domain (`example.com`: anyone there), or either with
// `*` (any run of characters) and `?` (one) wildcards (`*@*.example.com`). Globs, not Kazoo's
// regular expressions: an administrator's typo cannot open the box to everyone, and matching
// cannot run away on a hostile address (the matcher is linear).

public enum SenderPermission {
    /// Whether `address` (local@domain) is permitted by one of `entries`.
    public static func permits(_ entries: [String], _ address: String) -> Bool {
        let address = address.lowercased()
        guard let at = address.lastIndex(of: "@") else { return false }
        let domain = String(address[address.index(after: at)...])
        return entries.contains { entry in
            let pattern = entry.trimmingCharacters(in: .whitespaces).lowercased()
            guard !pattern.isEmpty else { return false }
            if pattern.contains("@") { return glob(pattern, address) }
            return glob(pattern, domain)
        }
    }

    /// `*` and `?` wildcards; iterative with one backtrack point, so linear in practice and never
    /// exponential.
    static func glob(_ pattern: String, _ text: String) -> Bool {
        let p = Array(pattern.unicodeScalars), t = Array(text.unicodeScalars)
        var (pi, ti) = (0, 0)
        var star: Int? = nil
        var mark = 0
        while ti < t.count {
            if pi < p.count, p[pi] == "?" || p[pi] == t[ti] {
                pi += 1
                ti += 1
            } else if pi < p.count, p[pi] == "*" {
                star = pi
                mark = ti
                pi += 1
            } else if let s = star {
                pi = s + 1
                mark += 1
                ti = mark
            } else {
                return false
            }
        }
        while pi < p.count, p[pi] == "*" { pi += 1 }
        return pi == p.count
    }
}
