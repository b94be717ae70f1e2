// Row+Lists: list columns — a JSON array of strings in a TEXT column (a faxbox's numbers, an
// endpoint's event types, a mail's recipients, the faxes a message became) — read back.

import Foundation
import GRDB

extension Row {
    /// The column's JSON array of strings; empty when NULL or not such an array.
    func stringList(_ column: String) -> [String] {
        (try? JSONDecoder().decode([String].self, from: Data((self[column] as String? ?? "[]").utf8))) ?? []
    }
}
