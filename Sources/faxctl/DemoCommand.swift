// faxctl demo: the end-to-end tour. Starts a virtual exchange whose line 100 is a virtual Class 1
// modem on a pty, drives that modem with SwiftFax's own Class 1 driver — exactly as it drives a
// real USB modem — to send a fax to the fax machine on line 200, and prints the call's progress,
// its result and where the received fax is.

import ArgumentParser
import Foundation
import T30
import T31
import T4
import VirtualExchange

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Send a fax end to end across a virtual exchange and show the result."
    )

    @Option(help: "Directory for the document, the modem device, the received fax and the call log.")
    var directory: String = "/tmp/swiftfax-demo"

    @Option(help: "A TIFF/F document to send (default: a generated 2-page test chart).")
    var document: String?

    @Flag(help: "Send from an in-process soft modem, flat out, instead of through a virtual Class 1 modem in real time.")
    var softModem = false

    @Option(help: "Line speed of the exchange for the Class 1 run (1 = real time; both ends are ours, so faster is fair).")
    var speed: Double = 1

    func run() throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let inbox = "\(directory)/inbox"
        let documentPath: String
        if let document {
            documentPath = document
        } else {
            documentPath = "\(directory)/document.tif"
            try TIFFFaxWriter.write(TestChart.pages(count: 2, resolution: .fine, density: 0.5), to: documentPath)
        }

        let exchange = VirtualExchange(options: ExchangeOptions(speed: softModem ? 0 : speed, callLogPath: "\(directory)/calls.jsonl"))
        defer { exchange.stop() }
        let machine = try exchange.addFaxMachine(number: "200", name: "Fax machine", inbox: inbox,
                                                 options: FaxSessionOptions(localIdentity: "+1 555 0200"))
        let frontEnd: FaxFrontEnd
        if softModem {
            frontEnd = SoftModemFrontEnd(port: exchange.addSoftModemLine(number: "100", name: "SwiftFax demo"))
            print("SwiftFax demo: a soft modem on line 100 calls the fax machine on line 200 (flat out)")
        } else {
            let device = "\(directory)/ttyFAX0"
            _ = try exchange.addModem(number: "100", name: "SwiftFax demo", path: device)
            frontEnd = Class1FrontEnd(devicePath: device, lockDirectory: directory)
            print("SwiftFax demo: the Class 1 driver drives the virtual modem \(device) (line 100)")
            print("and calls the fax machine on line 200, in real time (about a minute)")
        }
        exchange.start()

        print("document: \(documentPath)")
        let session = FaxSession(.transmit(document: documentPath),
                                 options: FaxSessionOptions(localIdentity: "+1 555 0100", pageHeader: "SwiftFax demo"))
        session.onEvent = { event in print("  \(Describe.event(event))") }
        let result = session.run(over: frontEnd, setup: .dial("200"))
        print(Describe.result(result))

        let received = machine.waitForReceived(count: 1, timeout: 30)
        guard let fax = received.first else {
            throw ValidationError("the fax machine received nothing")
        }
        print("received: \(fax.path) (\(fax.result.pagesTransferred) pages, \(fax.result.completion))")
        print("call log: \(directory)/calls.jsonl")
        if !result.isSuccess || !fax.result.isSuccess { throw ExitCode(1) }
    }
}
