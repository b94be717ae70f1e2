// faxctl modem receive: waits for a call on a Class 1 fax modem, answers after N rings and stores the
// fax as TIFF/F in a directory, with live progress and the caller ID.

import ArgumentParser
import Foundation
import T30

struct ModemReceiveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "receive",
        abstract: "Answer one call on a Class 1 modem and store the fax."
    )

    @OptionGroup var modem: Class1Options

    @Option(help: "Directory for the received fax.")
    var output: String

    @Option(help: "Answer after this many rings.")
    var rings: Int = 1

    @Option(help: "Give up waiting for a call after this many seconds.")
    var wait: Int = 86_400

    func run() throws {
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        let stamp = Int(Date().timeIntervalSince1970)
        let path = "\(output)/fax-\(stamp).tif"
        let frontEnd = modem.frontEnd()
        frontEnd.answerAfterRings = max(1, rings)
        frontEnd.answerTimeout = .seconds(wait)
        print("waiting for a call on \(modem.device) (answer after \(frontEnd.answerAfterRings) ring(s))")
        let session = FaxSession(.receive(into: path), options: modem.sessionOptions())
        try runWithProgress(session, over: frontEnd, setup: .answer, printLog: modem.log)
        print("stored: \(path)")
    }
}
