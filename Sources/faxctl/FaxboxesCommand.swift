// faxctl faxboxes: the faxboxes — add, list, show, set (change fields), rm — and a box's inbox.

import ArgumentParser
import FaxAPIModels
import Foundation

struct FaxboxesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "faxboxes", abstract: "Manage faxboxes: identities, inbound routing, inboxes (docs/api.md).",
        subcommands: [Add.self, List.self, Show.self, Set.self, Remove.self, Inbox.self], defaultSubcommand: List.self)

    /// The fields `add` and `set` share.
    struct Fields: ParsableArguments {
        @Option(help: "The box's number (E.164): its faxes' from, TSI and header number.") var callerId: String?
        @Option(help: "Caller name (the header's sender when --header is not given).") var callerName: String?
        @Option(help: "Name printed at the top of its faxes.") var header: String?
        @Option(help: "Number printed at the top and sent as TSI (default: --caller-id).") var identity: String?
        @Option(help: "IANA time zone for the header.") var timezone: String?
        @Option(help: "Attempts in all for its faxes.") var retries: Int?
        @Option(name: .customLong("number"), help: "A called number whose faxes land here (repeat).") var numbers: [String] = []
        @Option(name: .customLong("modem"), help: "A modem whose received faxes land here (repeat).") var modems: [String] = []
        @Option(name: .customLong("caller"), help: "A caller pattern (* and ?) whose faxes land here (repeat).") var callers: [String] = []
        @Option(help: "URL told of received faxes.") var inboundCallback: String?
        @Option(help: "URL told of sent faxes' events.") var outboundCallback: String?
        @Option(name: .customLong("email-inbound"), help: "Mail received faxes (PDF) here (repeat).") var emailInbound: [String] = []
        @Option(name: .customLong("email-outbound"), help: "Mail sent faxes' outcomes here (repeat).") var emailOutbound: [String] = []
        @Option(help: "The box's own mail domain: mail to NUMBER@it is faxed through the box (\"\" clears).") var smtpDomain: String?
        @Option(name: .customLong("smtp-permit"), help: "Who may fax by mail through it: an address or domain, * and ? (repeat).")
        var smtpPermit: [String] = []

        func request(name: String?) -> FaxboxRequest {
            var notifications: FaxboxNotificationsResource?
            if inboundCallback != nil || outboundCallback != nil || !emailInbound.isEmpty || !emailOutbound.isEmpty {
                func direction(_ url: String?, _ mail: [String]) -> FaxboxNotificationsResource.Direction? {
                    url == nil && mail.isEmpty ? nil : .init(callback: url.map { .init(url: $0) }, email: mail.isEmpty ? nil : .init(sendTo: mail))
                }
                notifications = FaxboxNotificationsResource(inbound: direction(inboundCallback, emailInbound),
                                                            outbound: direction(outboundCallback, emailOutbound))
            }
            return FaxboxRequest(name: name, callerId: callerId, callerName: callerName, faxHeader: header, faxIdentity: identity,
                                 faxTimezone: timezone, retries: retries, numbers: numbers.isEmpty ? nil : numbers,
                                 modems: modems.isEmpty ? nil : modems, callers: callers.isEmpty ? nil : callers,
                                 notifications: notifications, customSmtpEmailAddress: smtpDomain,
                                 smtpPermissionList: smtpPermit.isEmpty ? nil : smtpPermit)
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Make a faxbox.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "A friendly name.") var name: String
        @OptionGroup var fields: Fields

        func run() async throws {
            let api = client.client
            let box = try await clientCall { try await api.createFaxbox(fields.request(name: name)) }
            if client.json { return try client.printJSON(box) }
            print("\(box.id)  \(box.name)")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List faxboxes.")
        @OptionGroup var client: ClientOptions

        func run() async throws {
            let api = client.client
            let boxes = try await clientCall { try await api.faxboxes() }
            if client.json { return try client.printJSON(ListResource(data: boxes)) }
            for box in boxes {
                let owns = (box.numbers + box.modems.map { "modem \($0)" } + box.callers.map { "caller \($0)" }).joined(separator: ", ")
                print("\(box.id)  \(box.name)  \(box.faxIdentity ?? box.callerId ?? "-")\(owns.isEmpty ? "" : "  owns: \(owns)")")
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One faxbox, as JSON.")
        @OptionGroup var client: ClientOptions
        @Argument var id: String

        func run() async throws {
            let api = client.client
            try client.printJSON(try await clientCall { try await api.faxbox(id) })
        }
    }

    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change a faxbox (\"\" clears a field).")
        @OptionGroup var client: ClientOptions
        @Argument var id: String
        @Option(help: "A new name.") var name: String?
        @OptionGroup var fields: Fields

        func run() async throws {
            let api = client.client
            let box = try await clientCall { try await api.updateFaxbox(id, fields.request(name: name)) }
            if client.json { return try client.printJSON(box) }
            print("\(box.id)  \(box.name)")
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "rm", abstract: "Delete a faxbox (its faxes move to the default box).")
        @OptionGroup var client: ClientOptions
        @Argument var id: String

        func run() async throws {
            let api = client.client
            try await clientCall { try await api.deleteFaxbox(id) }
            print("deleted \(id)")
        }
    }

    struct Inbox: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The faxes received into a faxbox, newest first.")
        @OptionGroup var client: ClientOptions
        @Argument var id: String
        @Option(help: "At most this many.") var limit: Int?

        func run() async throws {
            let api = client.client
            let page = try await clientCall { try await api.faxboxInbox(id, limit: limit) }
            if client.json { return try client.printJSON(page) }
            if page.data.isEmpty { print("no faxes in \(id)") }
            for fax in page.data {
                print("\(fax.id)  \(fax.state)  from \(fax.from.isEmpty ? "-" : fax.from)  \(fax.pagesConfirmed) page(s)  \(ISO8601DateFormatter().string(from: fax.createdAt))")
            }
        }
    }
}
