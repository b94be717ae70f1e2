// docs/error-codes.md lists exactly the codes FaxCompletion.table defines.

import FaxOutcome
import FaxTestSupport
import Foundation
import T30
import Testing

@Suite struct ErrorCodeDocumentTests {
    @Test func documentMatchesTheTable() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent("docs/error-codes.md"), encoding: .utf8)
        // The generated table starts at its "| code | meaning |" header.
        let lines = text.split(separator: "\n")
        let start = try #require(lines.firstIndex { $0.hasPrefix("| code | meaning |") })
        let rows = lines[start...].filter { $0.hasPrefix("| ") && $0.dropFirst(2).first?.isNumber == true }
        let documented = rows.compactMap { row -> FaxCompletion? in
            let cells = row.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 2, let code = Int(cells[0]) else { return nil }
            return FaxCompletion(code: code, description: cells[1])
        }
        let table = FaxCompletion.table.filter { $0.code != 0 }
        #expect(documented.filter { $0.code != 0 } == table, "regenerate with: faxctl codes --markdown")
    }
}
