// faxctl show: one fax with every attempt (and, with --log, each call's session log).

import ArgumentParser
import FaxAPIModels

struct ShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a fax, its attempts and its history.")

    @OptionGroup var client: ClientOptions

    @Argument(help: "The fax id.")
    var id: String

    @Flag(help: "Print each attempt's session log (AT commands and T.30 frames).")
    var log = false

    func run() async throws {
        let api = client.client
        let fax = try await clientCall { try await api.fax(id) }
        let attempts = try await clientCall { try await api.attempts(id) }
        let events = try await clientCall { try await api.events(id) }
        if client.json {
            struct Shown: Encodable { var fax: FaxResource; var attempts: [AttemptResource]; var events: [EventResource] }
            return try client.printJSON(Shown(fax: fax, attempts: attempts, events: events))
        }
        FaxText.details(fax).forEach { print($0) }
        print("attempts:")
        if attempts.isEmpty { print("  none yet") }
        for attempt in attempts {
            print(FaxText.line(attempt))
            if log {
                let text = try await clientCall { try await api.sessionLog(id, attempt: attempt.number) }
                text.split(separator: "\n").forEach { print("      \($0)") }
            }
        }
        print("history:")
        events.forEach { print("  \(FaxText.date($0.at))  \($0.from ?? "-") → \($0.to)  \($0.reason)") }
    }
}
