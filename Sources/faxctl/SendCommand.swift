// faxctl send: submits a document to faxd and follows the job until it ends — state changes and
// pages as they happen — exiting 0 when the fax was sent, 1 with `error CODE: …` when not.
// --no-wait returns as soon as faxd has the job (durably).

import ArgumentParser
import FaxAPIModels
import FaxClient
import Foundation

struct SendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send",
        abstract: "Send a document (PDF, PostScript, TIFF, PNG, JPEG, GIF, text) through faxd."
    )

    @OptionGroup var client: ClientOptions

    @Argument(help: "The document to send.")
    var file: String

    @Option(help: "Destination: E.164 (+12015550123) or a form the server's dial rules know (the server refuses emergency numbers and what its destination policy forbids).")
    var to: String

    @Option(help: "The sender's number.")
    var from: String?

    @Option(help: "standard, fine or superfine.")
    var resolution: String?

    @Option(help: "Sender name for the page header.")
    var header: String?

    @Option(help: "Station identity (TSI) printed in the header.")
    var identity: String?

    @Flag(inversion: .prefixedNo, help: "Error correction (ECM); the server default when not given.")
    var ecm: Bool?

    @Option(help: "Attempts before giving up.")
    var maxAttempts: Int?

    @Option(help: "Higher goes first.")
    var priority: Int?

    @Option(help: "Send at this time (ISO 8601, e.g. 2026-12-01T08:00:00Z).")
    var sendAt: String?

    @Option(help: "The same key returns the same job instead of a second fax.")
    var idempotencyKey: String?

    @Option(help: "Send through this faxbox (its number, header, identity and retries apply where not given).")
    var faxbox: String?

    @Option(help: "A URL to tell this fax's events (signed with the server's callback secret).")
    var callbackURL: String?

    @Flag(help: "Return once faxd has the job; do not follow it.")
    var noWait = false

    func run() async throws {
        var sendDate: Date?
        if let sendAt {
            guard let date = ISO8601DateFormatter().date(from: sendAt) else { throw ValidationError("--send-at: an ISO 8601 time") }
            sendDate = date
        }
        let request = SubmitFaxRequest(
            to: to, from: from, priority: priority, maxAttempts: maxAttempts, sendAt: sendDate,
            options: FaxOptionsResource(resolution: resolution, header: header, identity: identity, ecm: ecm),
            faxboxId: faxbox, callbackURL: callbackURL)
        let api = client.client
        let fax = try await clientCall { try await api.submit(file: file, request, idempotencyKey: idempotencyKey) }
        if noWait {
            if client.json { try client.printJSON(fax) } else { print(fax.id) }
            return
        }
        if !client.json { print("fax \(fax.id) to \(fax.to): \(fax.state)") }
        let final = try await follow(fax, api: api, quiet: client.json)
        if client.json { try client.printJSON(final) }
        guard final.state == "sent" else {
            let completion = final.completion ?? CompletionResource(code: 5300, description: "ended \(final.state)")
            FileHandle.standardError.write(Data("error \(completion.code): \(completion.description)\n".utf8))
            throw ExitCode(1)
        }
    }

    /// Polls the job's events until it is finished, printing each change.
    private func follow(_ fax: FaxResource, api: FaxClient, quiet: Bool) async throws -> FaxResource {
        var seen = 0
        var pages = 0
        while true {
            let current = try await clientCall { try await api.fax(fax.id) }
            let events = try await clientCall { try await api.events(fax.id) }
            if !quiet {
                for event in events.dropFirst(seen) where event.from != nil {
                    print("  \(FaxText.date(event.at))  \(event.to)  \(event.reason)")
                }
                if current.pagesConfirmed > pages {
                    print("  page \(current.pagesConfirmed)\(current.pagesTotal.map { " of \($0)" } ?? "") confirmed")
                    pages = current.pagesConfirmed
                }
            }
            seen = events.count
            if current.isFinished {
                if !quiet { FaxText.details(current).forEach { print($0) } }
                return current
            }
            try await Task.sleep(for: .milliseconds(500))
        }
    }
}
