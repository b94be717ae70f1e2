// faxctl inbox: received faxes, newest first.

import ArgumentParser
import FaxAPIModels

struct InboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "inbox", abstract: "List received faxes, newest first.")

    @OptionGroup var client: ClientOptions

    @Option(help: "At most this many.")
    var limit: Int = 50

    func run() async throws {
        let api = client.client
        let page = try await clientCall { try await api.inbox(limit: limit) }
        if client.json { return try client.printJSON(page) }
        if page.data.isEmpty { print("no received faxes") }
        page.data.forEach { print(FaxText.line($0)) }
    }
}
