// faxctl files: upload a document once, list and delete uploads, and send one to several
// recipients at once (one fax each, all of the same document).

import ArgumentParser
import FaxAPIModels
import Foundation

struct FilesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "files", abstract: "Upload documents and send them by id (docs/api.md).",
        subcommands: [Upload.self, List.self, Remove.self, Send.self], defaultSubcommand: List.self)

    struct Upload: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Upload a document; prints its id.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "PDF, PostScript, TIFF, PNG, JPEG, GIF, CUPS raster or text.") var path: String

        func run() async throws {
            let api = client.client
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
            let file = try await clientCall { try await api.uploadFile(bytes, name: (path as NSString).lastPathComponent) }
            if client.json { return try client.printJSON(file) }
            print("\(file.id)  \(file.name)  \(file.format)  \(file.size) bytes")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List uploaded files, newest first.")
        @OptionGroup var client: ClientOptions

        func run() async throws {
            let api = client.client
            let files = try await clientCall { try await api.files() }
            if client.json { return try client.printJSON(ListResource(data: files)) }
            if files.isEmpty { print("no files") }
            for file in files { print("\(file.id)  \(file.name)  \(file.format)  \(file.size) bytes") }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "rm", abstract: "Delete an uploaded file (faxes sent from it keep theirs).")
        @OptionGroup var client: ClientOptions
        @Argument var id: String

        func run() async throws {
            let api = client.client
            try await clientCall { try await api.deleteFile(id) }
            print("deleted \(id)")
        }
    }

    struct Send: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Send an uploaded file: one fax per --to.")
        @OptionGroup var client: ClientOptions
        @Argument var id: String
        @Option(help: "A destination (repeat for several).") var to: [String]
        @Option(help: "Send through this faxbox.") var faxbox: String?

        func validate() throws {
            guard !to.isEmpty else { throw ValidationError("give at least one --to") }
        }

        func run() async throws {
            let api = client.client
            let faxes = try await clientCall {
                try await api.submitMany(SubmitFaxRequest(to: to[0], faxboxId: faxbox, fileId: id, recipients: to))
            }
            if client.json { return try client.printJSON(ListResource(data: faxes)) }
            for fax in faxes { print("\(fax.id)  \(fax.to)  \(fax.state)") }
        }
    }
}
