// faxctl modems: faxd's modems and what each is doing.

import ArgumentParser
import FaxAPIModels
import Foundation

struct ModemsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "modems", abstract: "List faxd's modems and what they are doing.")

    @OptionGroup var client: ClientOptions

    func run() async throws {
        let api = client.client
        let modems = try await clientCall { try await api.modems() }
        if client.json { return try client.printJSON(ListResource(data: modems)) }
        if modems.isEmpty { print("no modems configured") }
        modems.forEach { print(FaxText.line($0)) }
    }
}
