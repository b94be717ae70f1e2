// faxctl list: faxes newest first, one line each (or the API's JSON), with filters.

import ArgumentParser
import FaxAPIModels

struct ListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List faxes, newest first.", aliases: ["status"])

    @OptionGroup var client: ClientOptions

    @Option(help: "Only these states (comma-separated: queued,sending,failed,…).")
    var state: String?

    @Option(help: "outbound or inbound.")
    var direction: String?

    @Option(help: "Faxes to or from this number.")
    var number: String?

    @Option(help: "At most this many.")
    var limit: Int = 50

    func run() async throws {
        let api = client.client
        let states = state.map { $0.split(separator: ",").map(String.init) } ?? []
        let page = try await clientCall { try await api.list(states: states, direction: direction, number: number, limit: limit) }
        if client.json { return try client.printJSON(page) }
        if page.data.isEmpty { print("no faxes") }
        page.data.forEach { print(FaxText.line($0)) }
        if page.nextCursor != nil { print("(more: raise --limit)") }
    }
}
