// DocumentOptions: the conversion options `faxctl convert` and `faxctl preview` share, and how errors print.

import ArgumentParser
import FaxDocuments
import Foundation
import T4

extension FaxResolution: ExpressibleByArgument {}
extension BilevelMethod: ExpressibleByArgument {}
extension PaperSize: ExpressibleByArgument {}

struct DocumentOptions: ParsableArguments {
    @Option(help: "standard (204x98), fine (204x196) or superfine (204x391).")
    var resolution: FaxResolution = .fine

    @Option(help: "Bi-level method: automatic, threshold (text) or halftone (photos).")
    var bilevel: BilevelMethod = .automatic

    @Option(help: "Paper the pages are laid out on: a4 or letter.")
    var paper: PaperSize = .a4

    @Option(help: "Sender name for the page header (fax_header); no header without it.")
    var header: String?

    @Option(help: "Sender fax number for the page header (fax_identity).")
    var identity: String = ""

    @Option(help: "Recipient shown in the page header.")
    var recipient: String = ""

    @Option(help: "Time zone for the header's date and time (fax_timezone), e.g. Europe/Berlin.")
    var timezone: String?

    @Option(help: "Header template; placeholders {date} {time} {sender} {number} {recipient} {page} {pages}.")
    var headerTemplate: String = PageHeader.defaultTemplate

    @Option(help: "Conversion time limit per renderer run, in seconds.")
    var timeout: Double = 120

    func conversionOptions(compression: TIFFFaxWriter.Compression = .t6) throws -> ConversionOptions {
        var options = ConversionOptions(resolution: resolution, compression: compression, bilevel: bilevel)
        options.paper = paper
        options.limits.timeoutSeconds = timeout
        if let header {
            var zone = TimeZone.current
            if let timezone {
                guard let named = TimeZone(identifier: timezone) else { throw ValidationError("unknown time zone \(timezone)") }
                zone = named
            }
            options.header = PageHeader(template: headerTemplate, sender: header, number: identity,
                                        recipient: recipient, timeZone: zone)
        }
        return options
    }
}

/// Prints a document error with its completion code and exits non-zero.
func reportDocumentError(_ error: Error) -> ExitCode {
    if let error = error as? DocumentError {
        FileHandle.standardError.write("error \(error.code): \(error)\n".data(using: .utf8)!)
    } else {
        FileHandle.standardError.write("error: \(error)\n".data(using: .utf8)!)
    }
    return ExitCode(1)
}
