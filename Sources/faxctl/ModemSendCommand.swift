// faxctl modem send: sends a TIFF/F document through a Class 1 fax modem, with live progress.

import ArgumentParser
import T30

struct ModemSendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send",
        abstract: "Send a TIFF/F fax through a Class 1 modem."
    )

    @OptionGroup var modem: Class1Options

    @Option(help: "The number to dial.")
    var to: String

    @Argument(help: "The TIFF/F document to send.")
    var file: String

    func run() throws {
        print("sending \(file) to \(to) via \(modem.device)")
        let session = FaxSession(.transmit(document: file), options: modem.sessionOptions())
        try runWithProgress(session, over: modem.frontEnd(), setup: .dial(to), printLog: modem.log)
    }
}
