// faxctl codes: prints every completion code SwiftFax reports, as docs/error-codes.md lists them.

import ArgumentParser
import FaxOutcome
import T30

struct CodesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "codes",
        abstract: "List the completion codes a fax call can end with."
    )

    @Flag(help: "Print a Markdown table.")
    var markdown = false

    func run() {
        if markdown {
            print("| code | meaning |\n|---|---|")
            for c in FaxCompletion.table { print("| \(c.code) | \(c.description) |") }
        } else {
            for c in FaxCompletion.table { print("\(c.code)\t\(c.description)") }
        }
    }
}
