// faxctl fetch: a fax's document — as received, as transmitted (with the header) or the
// original — as PDF or TIFF, to a file.

import ArgumentParser
import FaxAPIModels
import Foundation

struct FetchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "fetch", abstract: "Save a fax's document to a file.")

    @OptionGroup var client: ClientOptions

    @Argument(help: "The fax id.")
    var id: String

    @Option(name: .shortAndLong, help: "Output file (default: <id>.<format>).")
    var output: String?

    @Option(help: "received, transmitted or original (default: received for inbound, original for outbound).")
    var kind: String?

    @Option(help: "pdf or tiff.")
    var format: String = "pdf"

    func run() async throws {
        let api = client.client
        let bytes = try await clientCall { try await api.document(id, kind: kind, format: format) }
        let path = output ?? "\(id).\(kind == "original" ? "bin" : (format == "tiff" ? "tif" : "pdf"))"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        print("\(path): \(bytes.count) bytes")
    }
}
