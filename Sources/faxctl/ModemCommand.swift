// faxctl modem list|probe|send|receive: the modem commands that need no faxd. list shows the
// serial devices udev knows, with their stable identity and whether faxd would use them. probe asks a modem who it is and what it can do, and shows the quirks entry
// the Class 1 driver would use for it.

import ArgumentParser
import T31

struct ModemCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "modem",
        abstract: "Use a fax modem directly, without faxd: probe it, send or receive one fax.",
        subcommands: [ModemListCommand.self, ModemWatchCommand.self, Probe.self, ModemSendCommand.self, ModemReceiveCommand.self]
    )

    struct Probe: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a modem's identity, capabilities and quirks entry.")

        @Argument(help: "The modem's serial device.")
        var device: String

        @Option(help: "UUCP lock directory; empty for no UUCP lock.")
        var lockDirectory: String = "/var/lock"

        func run() throws {
            let modem: Class1Modem
            do {
                modem = try Class1Modem.open(path: device, lockDirectory: lockDirectory.isEmpty ? nil : lockDirectory)
            } catch {
                print("error: \(error)")
                throw ExitCode(2)
            }
            defer { modem.close() }
            do {
                try modem.reset()
            } catch {
                if case .notClass1 = error {
                    print("identity: \(modem.identity.productInfo)")
                }
                print("error: \(error)")
                throw ExitCode(1)
            }
            let id = modem.identity
            print("device:        \(device)")
            print("ATI:           \(id.productInfo)")
            print("manufacturer:  \(id.manufacturer.isEmpty ? "(no answer)" : id.manufacturer)")
            print("model:         \(id.model.isEmpty ? "(no answer)" : id.model)")
            print("revision:      \(id.revision.isEmpty ? "(no answer)" : id.revision)")
            print("classes:       \(id.classes.sorted().map(\.rawValue).joined(separator: ","))")
            print("transmit (FTM): \(id.transmitModulations.sorted().map { "\($0.rawValue) \($0)" }.joined(separator: ", "))")
            print("receive (FRM):  \(id.receiveModulations.sorted().map { "\($0.rawValue) \($0)" }.joined(separator: ", "))")
            let q = modem.quirks
            print("quirks entry:  \(q.name) (init \(q.initCommands.isEmpty ? "-" : q.initCommands.joined(separator: " ")), silence +\(q.silence.rawValue), CONNECT→data delay \(q.connectToDataDelay), DTR hang-up \(q.hangUpByDTR ? "yes" : "no"))")
        }
    }
}
