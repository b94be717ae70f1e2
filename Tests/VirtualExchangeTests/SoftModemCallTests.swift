// Calls between soft-modem equipment through the exchange: delivery, exact line time, and every
// way a call can fail giving its own code.

import FaxOutcome
import FaxTestSupport
import Foundation
import T30
import T4
import Testing
@testable import VirtualExchange

@Suite struct SoftModemCallTests {
    /// A flat-out exchange with a sending line (100) and a fax machine (200).
    func makeExchange(_ dir: ScratchDirectory, machineProfile: LineProfile = LineProfile(), dropAfterPage: Int? = nil, noAnswerTimeout: Double = 60)
        throws -> (VirtualExchange, SoftModemLine, FaxMachineLine)
    {
        let exchange = VirtualExchange(options: ExchangeOptions(speed: 0, noAnswerTimeout: noAnswerTimeout, callLogPath: dir.file("calls.jsonl")))
        let sender = exchange.addSoftModemLine(number: "100", name: "Sender")
        let machine = try exchange.addFaxMachine(
            number: "200", name: "Machine", inbox: dir.file("inbox"),
            options: FaxSessionOptions(localIdentity: "+1 555 0200"), profile: machineProfile, dropAfterPage: dropAfterPage
        )
        exchange.start()
        return (exchange, sender, machine)
    }

    func send(_ document: String, from line: SoftModemLine, to number: String, options: FaxSessionOptions = FaxSessionOptions(localIdentity: "+1 555 0100")) -> FaxSessionResult {
        FaxSession(.transmit(document: document), options: options).run(over: SoftModemFrontEnd(port: line), setup: .dial(number))
    }

    @Test func aFaxCrossesTheExchangeIntact() throws {
        let dir = ScratchDirectory("xchg")
        let (exchange, sender, machine) = try makeExchange(dir)
        defer { exchange.stop() }
        let (document, sent) = try writeChart(dir, pages: 3)

        let result = send(document, from: sender, to: "200")

        #expect(result.completion == .ok)
        #expect(result.pagesTransferred == 3)
        #expect(result.remoteIdentity == "+1 555 0200")
        let received = machine.waitForReceived(count: 1, timeout: 30)
        try #require(received.count == 1)
        #expect(received[0].result.completion == .ok)
        #expect(received[0].caller?.number == "100")
        #expect(received[0].caller?.name == "Sender")
        let pages = try TIFFFaxReader.readPages(path: received[0].path)
        #expect(pages.count == 3)
        for (index, page) in pages.enumerated() {
            #expect(page.differingRows(from: sent[index]) == 0)
        }
        // The sidecar files next to the fax.
        #expect(FileManager.default.fileExists(atPath: received[0].path.replacingOccurrences(of: ".tif", with: ".json")))

        // The call log: one line, answered, its duration an exact count of samples.
        let records = exchange.callRecords
        try #require(records.count == 1)
        #expect(records[0].outcome == "answered")
        #expect(records[0].from == "100" && records[0].to == "200")
        #expect(records[0].samples % 160 == 0)
        #expect(records[0].durationSeconds == Double(records[0].samples) / 8000)
        #expect(abs(records[0].durationSeconds - result.lineSeconds) < 2)
        let logLines = try String(contentsOfFile: dir.file("calls.jsonl"), encoding: .utf8).split(separator: "\n")
        #expect(logLines.count == 1)
        #expect(logLines[0].contains("\"outcome\":\"answered\""))
    }

    @Test func busyLine() throws {
        let dir = ScratchDirectory("busy")
        let (exchange, sender, _) = try makeExchange(dir)
        defer { exchange.stop() }
        exchange.addBehaviourLine(number: "300", profile: LineProfile(answering: .busy))
        let (document, _) = try writeChart(dir, pages: 1)
        let result = send(document, from: sender, to: "300")
        #expect(result.completion == .busy)
        #expect(result.completion.code == 5201)
        #expect(exchange.callRecords.last?.outcome == "busy")
    }

    @Test func noAnswer() throws {
        let dir = ScratchDirectory("noanswer")
        let (exchange, sender, _) = try makeExchange(dir, noAnswerTimeout: 30)
        defer { exchange.stop() }
        exchange.addBehaviourLine(number: "301", profile: LineProfile(answering: .neverAnswers))
        let (document, _) = try writeChart(dir, pages: 1)
        let result = send(document, from: sender, to: "301")
        #expect(result.completion == .noAnswer)
        #expect(result.completion.code == 5202)
        #expect(exchange.callRecords.last?.outcome == "no-answer")
        #expect((exchange.callRecords.last?.ringSeconds ?? 0) >= 29)
    }

    @Test func unassignedNumberAndNoDialTone() throws {
        let dir = ScratchDirectory("unassigned")
        let (exchange, sender, _) = try makeExchange(dir)
        defer { exchange.stop() }
        let dead = exchange.addSoftModemLine(number: "150", profile: LineProfile(dialTone: false))
        let (document, _) = try writeChart(dir, pages: 1)
        #expect(send(document, from: sender, to: "999").completion == .unassignedNumber)
        #expect(send(document, from: dead, to: "200").completion == .noDialtone)
        #expect(send(document, from: dead, to: "200").completion.code == 5203)
    }

    @Test func answeredByVoice() throws {
        let dir = ScratchDirectory("voice")
        let (exchange, sender, _) = try makeExchange(dir)
        defer { exchange.stop() }
        exchange.addBehaviourLine(number: "302", profile: LineProfile(answering: .voice(rings: 2, seconds: 20)))
        let (document, _) = try writeChart(dir, pages: 1)
        let result = send(document, from: sender, to: "302")
        #expect(result.completion == .answeredByVoice)
        #expect(result.completion.code == 5205)
        #expect(result.pagesTransferred == 0)
    }

    @Test func farEndDropsAfterTheFirstPage() throws {
        let dir = ScratchDirectory("drop-page")
        let (exchange, sender, machine) = try makeExchange(dir, dropAfterPage: 1)
        defer { exchange.stop() }
        let (document, _) = try writeChart(dir, pages: 3)
        let result = send(document, from: sender, to: "200")
        #expect(result.completion.code == 5149)  // T30_ERR_CALLDROPPED
        #expect(result.pagesTransferred <= 1)
        let received = machine.waitForReceived(count: 1, timeout: 30)
        #expect(received.first?.result.pagesTransferred == 1)
    }

    @Test func exchangeDropsTheCallAfterTenSeconds() throws {
        let dir = ScratchDirectory("drop-time")
        let (exchange, sender, _) = try makeExchange(dir, machineProfile: LineProfile(dropAfterSeconds: 10))
        defer { exchange.stop() }
        let (document, _) = try writeChart(dir, pages: 2)
        let result = send(document, from: sender, to: "200")
        #expect(result.completion.code == 5149)
        #expect(result.pagesTransferred == 0)
        #expect(exchange.callRecords.last?.durationSeconds == 10)
        #expect(exchange.callRecords.last?.endedBy == "exchange")
    }

    @Test func continuousNoiseEndsAtTheCallDeadline() throws {
        let dir = ScratchDirectory("noise")
        let noisy = LineProfile(impairments: LineImpairments(noiseDBm0: -40, seed: 5))
        let (exchange, _, _) = try makeExchange(dir, machineProfile: noisy)
        defer { exchange.stop() }
        let sender = exchange.addSoftModemLine(number: "101", profile: noisy)
        let (document, _) = try writeChart(dir, pages: 1)
        var options = FaxSessionOptions(localIdentity: "101")
        options.callDeadline = .seconds(90)
        let result = send(document, from: sender, to: "200", options: options)
        #expect(result.completion == .callDeadlineExceeded)
        #expect(result.completion.code == 5207)
        #expect(result.lineSeconds >= 90 && result.lineSeconds < 91)
    }

    @Test(arguments: [LineImpairments.Companding.alaw, .ulaw])
    func g711RoundTripStillDelivers(_ law: LineImpairments.Companding) throws {
        let dir = ScratchDirectory("g711")
        let profile = LineProfile(impairments: LineImpairments(noiseDBm0: -65, companding: law))
        let (exchange, _, machine) = try makeExchange(dir, machineProfile: profile)
        defer { exchange.stop() }
        let sender = exchange.addSoftModemLine(number: "102", profile: profile)
        let (document, sent) = try writeChart(dir, pages: 1)
        let result = send(document, from: sender, to: "200")
        #expect(result.completion == .ok)
        let received = machine.waitForReceived(count: 1, timeout: 30)
        let pages = try TIFFFaxReader.readPages(path: try #require(received.first).path)
        #expect(pages.first?.differingRows(from: sent[0]) == 0)
    }

    @Test func aFaxMachineCallsOutAndSends() throws {
        let dir = ScratchDirectory("machine-out")
        let (exchange, _, receiver) = try makeExchange(dir)
        defer { exchange.stop() }
        let caller = try exchange.addFaxMachine(number: "210", name: "Branch office", inbox: dir.file("inbox-210"),
                                                options: FaxSessionOptions(localIdentity: "+1 555 0210"))
        let (document, sent) = try writeChart(dir, pages: 2)
        let result = caller.send(document: document, to: "200")
        #expect(result.completion == .ok)
        #expect(result.pagesTransferred == 2)
        let received = receiver.waitForReceived(count: 1, timeout: 30)
        let fax = try #require(received.first)
        #expect(fax.caller?.number == "210")
        #expect(fax.result.remoteIdentity == "+1 555 0210")
        let pages = try TIFFFaxReader.readPages(path: fax.path)
        #expect(pages.count == 2 && pages[1].differingRows(from: sent[1]) == 0)
    }
}
