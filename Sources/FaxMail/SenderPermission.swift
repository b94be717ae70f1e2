// SenderPermission: who may send faxes by mail through a faxbox — its smtp_permission_list, each
// entry an address (`alice@example.com`), a domain (`example.com`: anyone there), or either with
// `*` (any run of characters) and `?` (one) wildcards (`*@*.example.com`). Globs, not Kazoo's
// regular expressions: an administrator's typo cannot open the box to everyone, and matching
// cannot run away on a hostile address (Spool's Wildcard never backtracks exponentially).

import Foundation
import Spool

public enum SenderPermission {
    /// Whether `address` (local@domain) is permitted by one of `entries`.
    public static func permits(_ entries: [String], _ address: String) -> Bool {
        let address = address.lowercased()
        guard let at = address.lastIndex(of: "@") else { return false }
        let domain = String(address[address.index(after: at)...])
        return entries.contains { entry in
            let pattern = entry.trimmingCharacters(in: .whitespaces).lowercased()
            guard !pattern.isEmpty else { return false }
            if pattern.contains("@") { return Wildcard.matches(address, pattern: pattern) }
            return Wildcard.matches(domain, pattern: pattern)
        }
    }
}
