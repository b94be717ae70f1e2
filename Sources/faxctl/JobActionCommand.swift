// faxctl cancel | hold | resume | retry: what a person does to a job.

import ArgumentParser
import FaxAPIModels
import FaxClient

enum JobActionCommand {
    struct Cancel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "cancel", abstract: "Cancel a fax (hangs up a call in progress).")
        @OptionGroup var client: ClientOptions
        @Argument(help: "The fax id.") var id: String
        func run() async throws { try await perform(.cancel, id, client) }
    }

    struct Hold: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "hold", abstract: "Hold a fax before its next attempt.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "The fax id.") var id: String
        func run() async throws { try await perform(.hold, id, client) }
    }

    struct Resume: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "resume", abstract: "Resume a held fax.", aliases: ["revive"])
        @OptionGroup var client: ClientOptions
        @Argument(help: "The fax id.") var id: String
        func run() async throws { try await perform(.resume, id, client) }
    }

    struct Retry: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "retry", abstract: "One more attempt for a failed fax.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "The fax id.") var id: String
        func run() async throws { try await perform(.retry, id, client) }
    }

    static func perform(_ action: FaxClient.Action, _ id: String, _ client: ClientOptions) async throws {
        let api = client.client
        let fax = try await clientCall { try await api.perform(action, id) }
        if client.json { return try client.printJSON(fax) }
        print(FaxText.line(fax))
    }
}
