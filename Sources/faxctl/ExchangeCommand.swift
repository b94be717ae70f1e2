// faxctl exchange: runs a virtual phone exchange until interrupted, so SwiftFax (or any Class 1
// fax program) can be tried with no modem and no phone line.

import ArgumentParser
import Foundation
import VirtualExchange

struct ExchangeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exchange",
        abstract: "Run a virtual phone exchange with virtual Class 1, Class 2 and voice modems and built-in fax machines.",
        discussion: """
            Each --line is NUMBER=KIND[,key=value…]:
              100=modem,path=/tmp/swiftfax/ttyFAX0     a virtual Class 1 modem on a pty
              101=modem,class=2.0,path=/tmp/ttyFAX1     a Class 1/2/2.0 modem (class=2: Class 2 only)
              102=voice-modem,path=/tmp/ttyV0           a V.253 (Class 8) voice modem: +VTX/+VRX/+VTR audio
              200=fax,inbox=/tmp/swiftfax/inbox,rings=2 a fax machine receiving into a directory
              201=fax,inbox=/tmp/in2,call=100,document=doc.tif  …that also calls 100 and sends doc.tif
              300=busy  301=no-answer  302=voice,rings=2,seconds=20
            Any line: name=TEXT noise=DBM0 law=alaw|ulaw dropouts=PER_MINUTE drop-after=SECONDS no-dialtone.
            Fax lines: ident=TSI drop-after-page=N call=NUMBER document=FILE.
            """
    )

    @Option(name: .customLong("line"), help: "A line: NUMBER=KIND[,key=value…] (repeatable).")
    var lines: [String] = []

    @Option(help: "Line time per wall-clock time (1 = real time, which modem software needs).")
    var speed: Double = 1

    @Option(help: "Append one JSON line per call to this file.")
    var callLog: String?

    @Option(help: "Seconds a call may ring unanswered.")
    var noAnswerTimeout: Double = 60

    func validate() throws {
        guard !lines.isEmpty else { throw ValidationError("give at least one --line") }
        guard speed > 0 else { throw ValidationError("--speed must be positive for an exchange that modem programs use") }
    }

    func run() throws {
        let specs = try lines.map { try LineSpecification(parsing: $0) }
        let exchange = VirtualExchange(options: ExchangeOptions(speed: speed, noAnswerTimeout: noAnswerTimeout, callLogPath: callLog))
        var callOuts: [(FaxMachineLine, LineSpecification.CallOut)] = []
        for spec in specs {
            switch try exchange.add(spec) {
            case .modem(let modem): print("line \(spec.number): Class 1 modem at \(modem.devicePath)")
            case .class2Modem(let modem): print("line \(spec.number): Class 2 modem at \(modem.devicePath)")
            case .voiceModem(let modem): print("line \(spec.number): V.253 voice modem at \(modem.devicePath)")
            case .faxMachine(let machine):
                print("line \(spec.number): fax machine receiving into \(machine.inbox)")
                if case .faxMachine(_, _, _, _, let callOut?) = spec.kind { callOuts.append((machine, callOut)) }
            case .behaviour: print("line \(spec.number): \(spec.kind)")
            }
        }
        exchange.start()
        for (machine, callOut) in callOuts {
            Thread.detachNewThread {
                let result = machine.send(document: callOut.document, to: callOut.number)
                print("line \(machine.line.number) → \(callOut.number): \(Describe.result(result))")
            }
        }
        print("exchange running (Ctrl-C to stop)")
        waitForTermination()
        exchange.stop()
        print("exchange stopped after \(exchange.callRecords.count) call(s)")
    }
}

/// Blocks until SIGINT or SIGTERM.
func waitForTermination() {
    let done = DispatchSemaphore(value: 0)
    var sources: [DispatchSourceSignal] = []
    for signal in [SIGINT, SIGTERM] {
        Foundation.signal(signal, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: signal, queue: .global())
        source.setEventHandler { done.signal() }
        source.resume()
        sources.append(source)
    }
    done.wait()
    sources.forEach { $0.cancel() }
}
