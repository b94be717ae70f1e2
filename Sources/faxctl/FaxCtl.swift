// faxctl: SwiftFax's command-line front door. Each subcommand lives in a file of its own.

//
// Client commands talk to faxd's REST API (its Unix socket by default; --url and --key for TCP):
// send, list, show, cancel, hold, resume, retry, resubmit, inbox, fetch, modems. The others work
// without faxd: modem (probe, send and receive directly on a modem), convert, preview, exchange,
// demo, codes.

import ArgumentParser

@main
struct FaxCtl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "faxctl",
        abstract: "Send, receive and manage faxes with SwiftFax.",
        subcommands: [
            SendCommand.self, ListCommand.self, ShowCommand.self, JobActionCommand.Cancel.self, JobActionCommand.Hold.self,
            JobActionCommand.Resume.self, JobActionCommand.Retry.self, ResubmitCommand.self, InboxCommand.self, FetchCommand.self,
            ModemsCommand.self, WebhooksCommand.self, ListenCommand.self, FaxboxesCommand.self, FilesCommand.self,
            ModemCommand.self, ConvertCommand.self, PreviewCommand.self, ExchangeCommand.self, DemoCommand.self, CodesCommand.self,
            MailInCommand.self, SMTPLogCommand.self,
        ]
    )
}
