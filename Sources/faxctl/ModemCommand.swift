// faxctl modem list|probe|send|receive: the modem commands that need no faxd. list shows the
// serial devices udev knows, with their stable identity and whether faxd would use them. probe
// asks a modem who it is and what it offers, shows the Class 1 and Class 2 quirks rows that match
// it and the class faxd would drive it in (`--class` as in faxd.yaml).

import ArgumentParser
import SerialPort
import T31
import T32
import V250

struct ModemCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "modem",
        abstract: "Use a fax modem directly, without faxd: probe it, send or receive one fax.",
        subcommands: [ModemListCommand.self, ModemWatchCommand.self, Probe.self, ModemSendCommand.self, ModemReceiveCommand.self]
    )

    struct Probe: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a modem's identity, the fax classes it offers, the quirks rows that match it, and the class faxd would drive it in.")

        @Argument(help: "The modem's serial device.")
        var device: String

        @Option(help: "UUCP lock directory; empty for no UUCP lock.")
        var lockDirectory: String = "/var/lock"

        @Option(name: .customLong("class"), help: "The class setting to decide for, as in faxd.yaml: auto, 1, 2, 2.0, 2.1, voice.")
        var faxClass: FaxClassSetting = .auto

        func run() throws {
            let port: SerialPort
            do {
                port = try SerialPort.openModem(path: device, lockDirectory: lockDirectory.isEmpty ? nil : lockDirectory)
            } catch {
                print("error: \(error)")
                throw ExitCode(2)
            }
            defer { port.close() }
            let channel = ATChannel(transport: port)
            guard channel.wake() else {
                print("error: the modem is not responding (ATE0)")
                throw ExitCode(1)
            }
            var id: ModemIdentity
            do {
                id = try channel.queryIdentity().identity
                if id.supportsClass1 { id = try Class1Modem(channel: channel, port: port).identify() }
            } catch {
                print("error: \(error)")
                throw ExitCode(1)
            }
            print("device:        \(device)")
            print("ATI:           \(id.productInfo)")
            print("manufacturer:  \(id.manufacturer.isEmpty ? "(no answer)" : id.manufacturer)")
            print("model:         \(id.model.isEmpty ? "(no answer)" : id.model)")
            print("revision:      \(id.revision.isEmpty ? "(no answer)" : id.revision)")
            print("classes:       \(id.classes.sorted().map(\.rawValue).joined(separator: ","))")
            if id.supportsClass1 {
                print("transmit (FTM): \(id.transmitModulations.sorted().map { "\($0.rawValue) \($0)" }.joined(separator: ", "))")
                print("receive (FRM):  \(id.receiveModulations.sorted().map { "\($0.rawValue) \($0)" }.joined(separator: ", "))")
                let q = ModemQuirks.lookup(id)
                print("class 1 quirks: \(q.name) (init \(q.initCommands.isEmpty ? "-" : q.initCommands.joined(separator: " ")), silence +\(q.silence.rawValue), CONNECT→data delay \(q.connectToDataDelay), DTR hang-up \(q.hangUpByDTR ? "yes" : "no"))")
            }
            if Class2Modem.choose(from: id.classes) != nil {
                let q = T32Quirks.lookup(id)
                let order = q.reversesReceivedData.map { $0 ? "MSB first" : "as +FBO says" } ?? "as the dialect does"
                print("class 2 quirks: \(q.name) (prefers \(q.preferredClass.map { "Class \($0.rawValue)" } ?? "-"), init \(q.initCommands.isEmpty ? "-" : q.initCommands.joined(separator: " ")), received data \(order))")
            }
            let (chosen, reason) = faxClass.choose(for: id)
            let driver = chosen.map { chosen in
                chosen.isClass1 ? "Class 1 (T.31: SwiftFax runs T.30)"
                    : chosen == .voice ? "voice (V.253 audio: SwiftFax's soft modem runs the modulation and T.30)"
                    : "Class \(chosen.rawValue) (T.32: the modem runs T.30)"
            }
            print("driver:        \(driver ?? "none") — \(reason)")
            if chosen == nil { throw ExitCode(1) }
        }
    }
}

extension FaxClassSetting: ExpressibleByArgument {}
