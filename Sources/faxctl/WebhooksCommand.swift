// faxctl webhooks: the webhook endpoints — add (prints the secret, once), list, rm, rotate the
// secret, the delivery log, redeliver — and faxctl listen, which prints every fax event as it
// happens for a person at a terminal (the event feed, followed).

import ArgumentParser
import FaxAPIModels
import Foundation

struct WebhooksCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "webhooks", abstract: "Manage webhook endpoints (docs/webhooks.md).",
        subcommands: [Add.self, List.self, Remove.self, Rotate.self, Deliveries.self, Redeliver.self], defaultSubcommand: List.self)

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Register an endpoint; prints its secret (shown only now).")
        @OptionGroup var client: ClientOptions
        @Argument(help: "The URL faxd POSTs events to.") var url: String
        @Option(help: "What it is for.") var description: String?
        @Option(name: .customLong("event"), help: "An event type it wants (repeat; none: every type).") var events: [String] = []

        func run() async throws {
            let api = client.client
            let created = try await clientCall { try await api.createWebhook(CreateWebhookRequest(url: url, description: description, eventTypes: events)) }
            if client.json { return try client.printJSON(created) }
            print("\(created.id)  \(created.url)")
            print("secret: \(created.secret ?? "?")  (shown once: keep it; verify signatures with it)")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List endpoints.")
        @OptionGroup var client: ClientOptions

        func run() async throws {
            let api = client.client
            let endpoints = try await clientCall { try await api.webhooks() }
            if client.json { return try client.printJSON(ListResource(data: endpoints)) }
            if endpoints.isEmpty { print("no webhook endpoints") }
            for e in endpoints {
                let types = e.eventTypes.isEmpty ? "all events" : e.eventTypes.joined(separator: ",")
                let state = e.enabled ? "enabled" : "disabled\(e.disabledReason.map { ": \($0)" } ?? "")"
                print("\(e.id)  \(e.url)  \(types)  \(state)\(e.description.isEmpty ? "" : "  — \(e.description)")")
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "rm", abstract: "Delete an endpoint.")
        @OptionGroup var client: ClientOptions
        @Argument var id: String

        func run() async throws {
            let api = client.client
            try await clientCall { try await api.deleteWebhook(id) }
            print("deleted \(id)")
        }
    }

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "rotate-secret", abstract: "A new secret (the old one still signs for a while).")
        @OptionGroup var client: ClientOptions
        @Argument var id: String

        func run() async throws {
            let api = client.client
            let rotated = try await clientCall { try await api.rotateWebhookSecret(id) }
            if client.json { return try client.printJSON(rotated) }
            print("secret: \(rotated.secret ?? "?")  (shown once)")
        }
    }

    struct Deliveries: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "An endpoint's delivery log, newest first.")
        @OptionGroup var client: ClientOptions
        @Argument var id: String
        @Option(help: "At most this many.") var limit: Int = 50

        func run() async throws {
            let api = client.client
            let log = try await clientCall { try await api.webhookDeliveries(id, limit: limit) }
            if client.json { return try client.printJSON(ListResource(data: log)) }
            if log.isEmpty { print("no deliveries") }
            for d in log {
                let last = d.lastStatus.map { "HTTP \($0)" } ?? d.lastError ?? "-"
                print("\(d.id)  msg_\(d.sequence)  \(d.type ?? "?")  \(d.faxId ?? "")  \(d.state)  tries=\(d.attempts)  last=\(last)\(d.lastLatencyMs.map { " \($0) ms" } ?? "")")
            }
        }
    }

    struct Redeliver: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Send a delivery again.")
        @OptionGroup var client: ClientOptions
        @Argument var id: String
        @Argument var delivery: Int64

        func run() async throws {
            let api = client.client
            let again = try await clientCall { try await api.redeliver(delivery, webhook: id) }
            if client.json { return try client.printJSON(again) }
            print("queued again as delivery \(again.id)")
        }
    }
}

struct ListenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "listen", abstract: "Print every fax's state changes as they happen (Ctrl-C stops).")
    @OptionGroup var client: ClientOptions
    @Option(help: "Start after this event sequence number (default: now).") var after: Int64?
    @Option(help: "Stop after this many events (default: never).") var count: Int?

    func run() async throws {
        let api = client.client
        var position = after
        if position == nil {
            // From now: skip to the end of the feed.
            var last: Int64 = 0
            while true {
                let page = try await clientCall { try await api.eventFeed(after: last, limit: 1000) }
                guard let next = page.nextCursor.flatMap(Int64.init), !page.data.isEmpty else { break }
                last = next
            }
            position = last
        }
        var seen = 0
        while count.map({ seen < $0 }) ?? true {
            let page = try await clientCall { try await api.eventFeed(after: position ?? 0, limit: 200) }
            for event in page.data {
                if client.json {
                    try client.printJSON(event)
                } else {
                    let code = event.code.map { " \($0)" } ?? ""
                    print("\(ISO8601DateFormatter().string(from: event.at))  #\(event.sequence)  \(event.faxID)  \(event.from ?? "-") → \(event.to)\(code)  \(event.reason)")
                }
                seen += 1
                if let count, seen >= count { return }
            }
            if let next = page.nextCursor.flatMap(Int64.init), !page.data.isEmpty { position = next }
            try await Task.sleep(for: .milliseconds(300))
        }
    }
}
