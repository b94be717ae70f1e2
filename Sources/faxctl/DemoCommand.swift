// faxctl demo: the end-to-end tour. Starts a virtual exchange, sends a multi-page fax from one
// line to a fax machine on another, and prints the call's progress, its result and where the
// received fax is.

import ArgumentParser
import Foundation
import T30
import T4
import VirtualExchange

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Send a fax end to end across a virtual exchange and show the result."
    )

    @Option(help: "Directory for the document, the received fax and the call log.")
    var directory: String = "/tmp/swiftfax-demo"

    @Option(help: "A TIFF/F document to send (default: a generated 3-page test chart).")
    var document: String?

    @Option(help: "Line time per wall-clock time; 0 runs flat out.")
    var speed: Double = 0

    func run() throws {
        let fm = FileManager.default
        try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let inbox = "\(directory)/inbox"
        let documentPath: String
        if let document {
            documentPath = document
        } else {
            documentPath = "\(directory)/document.tif"
            try TIFFFaxWriter.write(TestChart.pages(count: 3, resolution: .fine), to: documentPath)
        }

        let exchange = VirtualExchange(options: ExchangeOptions(speed: speed, callLogPath: "\(directory)/calls.jsonl"))
        defer { exchange.stop() }
        let sender = exchange.addSoftModemLine(number: "100", name: "SwiftFax demo")
        let machine = try exchange.addFaxMachine(number: "200", name: "Fax machine", inbox: inbox,
                                                 options: FaxSessionOptions(localIdentity: "+1 555 0200"))
        exchange.start()

        print("SwiftFax demo: line 100 (soft modem) calls line 200 (fax machine) on a virtual exchange")
        print("document: \(documentPath)")
        let session = FaxSession(.transmit(document: documentPath), options: FaxSessionOptions(localIdentity: "+1 555 0100", pageHeader: "SwiftFax demo"))
        session.onEvent = { event in print("  \(Describe.event(event))") }
        let result = session.run(over: SoftModemFrontEnd(port: sender), setup: .dial("200"))
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
