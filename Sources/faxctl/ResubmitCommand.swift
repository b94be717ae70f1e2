// faxctl resubmit: send a fax's document again, as a new fax (optionally to another number).

import ArgumentParser
import FaxAPIModels
import FaxClient

struct ResubmitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "resubmit", abstract: "Send a fax's document again, as a new fax.")
    @OptionGroup var client: ClientOptions
    @Argument(help: "The fax id.") var id: String
    @Option(help: "Another destination.") var to: String?

    func run() async throws {
        let api = client.client
        let fax = try await clientCall { try await api.resubmit(id, to: to) }
        if client.json { return try client.printJSON(fax) }
        print(FaxText.line(fax))
    }
}
