// faxctl modems: faxd's modems and what each is doing; with --events, the modems that came and
// went (plugged in, pulled out, not a modem), oldest first.

import ArgumentParser
import FaxAPIModels
import Foundation

struct ModemsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "modems", abstract: "List faxd's modems and what they are doing.")

    @OptionGroup var client: ClientOptions
    @Flag(help: "Show the modems plugged in, pulled out or found not to be modems, oldest first.")
    var events = false
    @Option(help: "With --events: only events after this sequence number.")
    var after: Int64 = 0

    func run() async throws {
        let api = client.client
        if events {
            let page = try await clientCall { try await api.modemEvents(after: after) }
            if client.json { return try client.printJSON(page) }
            if page.data.isEmpty { print("no modem events") }
            page.data.forEach { print(FaxText.line($0)) }
            return
        }
        let modems = try await clientCall { try await api.modems() }
        if client.json { return try client.printJSON(ListResource(data: modems)) }
        if modems.isEmpty { print("no modems configured") }
        modems.forEach { print(FaxText.line($0)) }
    }
}
