// `faxd convert-document '<request>'`: faxd's own conversion helper, run by faxd (never by hand)
// in a child process for each job's document, so that a document that crashes or hangs a decoder
// ends this process and fails that one fax (FaxDocuments' IsolatedConverter and ConversionHelper).

import ArgumentParser
import FaxDocuments
import Foundation

struct ConvertDocumentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: ConversionHelper.command,
        abstract: "Convert one document for faxd in a process of its own (run by faxd).",
        shouldDisplay: false
    )

    @Argument(help: "The conversion request, as JSON.")
    var request: String

    func run() throws {
        let status = ConversionHelper.serve(request)
        if status != 0 { throw ExitCode(status) }
    }
}
