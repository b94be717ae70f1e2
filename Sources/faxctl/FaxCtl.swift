// faxctl: SwiftFax's command-line front door. Each subcommand lives in a file of its own.

import ArgumentParser

@main
struct FaxCtl: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "faxctl",
        abstract: "Send, receive and manage faxes with SwiftFax.",
        subcommands: [
            DemoCommand.self, SendCommand.self, ReceiveCommand.self, ModemCommand.self,
            ConvertCommand.self, PreviewCommand.self, ExchangeCommand.self, CodesCommand.self,
        ]
    )
}
