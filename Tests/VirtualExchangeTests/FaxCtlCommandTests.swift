// faxctl as a user runs it: the demo sends a fax end to end; bad arguments get clear errors.

import FaxTestSupport
import Foundation
import Testing
import T4
import VirtualExchange

@Suite(.serialized) struct FaxCtlCommandTests {
    /// faxctl is built next to the test bundle.
    static let faxctl = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("faxctl").path

    func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        try #require(FileManager.default.isExecutableFile(atPath: Self.faxctl), "faxctl is not built next to the tests")
        return try runTool(Self.faxctl, arguments)
    }

    @Test
    func demoSendsAFaxEndToEnd() throws {
        let dir = ScratchDirectory("demo")
        // At 8× line speed: both ends are ours (make demo runs it in real time).
        let (status, output) = try run(["demo", "--directory", dir.path, "--speed", "8"])
        #expect(status == 0, "\(output)")
        #expect(output.contains("result: OK"))
        #expect(output.contains("page 2 of 2 done"))
        #expect(output.contains("Class 1 driver"))
        let inbox = try FileManager.default.contentsOfDirectory(atPath: dir.file("inbox"))
        let fax = try #require(inbox.first { $0.hasSuffix(".tif") })
        #expect(try TIFFFaxReader.readPages(path: dir.file("inbox/\(fax)")).count == 2)
        #expect(inbox.contains { $0.hasSuffix(".json") } && inbox.contains { $0.hasSuffix(".log") })
        let log = try String(contentsOfFile: dir.file("calls.jsonl"), encoding: .utf8)
        #expect(log.contains("\"outcome\":\"answered\""))
    }

    /// `make demo MODEM_CLASS=2.0`: the demo script's fax goes through faxd's Class 2 driver on a
    /// virtual Class 2.0 modem (one page; the exchange at 4×: both ends are ours).
    @Test
    func demoScriptRunsThroughAClass2Modem() throws {
        let dir = ScratchDirectory("demo-class2")
        let bin = URL(fileURLWithPath: Self.faxctl).deletingLastPathComponent().path
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../scripts/demo.sh").standardized.path
        let (status, output) = try runTool("/bin/bash", [script], environment: ["BIN": bin, "DEMO_DIR": dir.file("demo"), "MODEM_CLASS": "2.0", "DEMO_SPEED": "4"],
                                           directory: URL(fileURLWithPath: script).deletingLastPathComponent().deletingLastPathComponent().path)
        #expect(status == 0, "\(output)")
        #expect(output.contains("state     sent"), "\(output)")
        #expect(output.contains("class 2.0"), "faxctl modems does not show the Class 2.0 driver\n\(output)")
        #expect(output.contains("modem ready class=2.0"), "\(output)")
        let received = try FileManager.default.contentsOfDirectory(atPath: dir.file("demo/machine")).filter { $0.hasSuffix(".tif") }
        #expect(received.count == 1)
    }

    @Test
    func badLinesAreRefusedClearly() throws {
        let (status, output) = try run(["exchange", "--line", "100=teleporter"])
        #expect(status != 0)
        #expect(output.contains("unknown line kind 'teleporter'"))
        let (noLines, message) = try run(["exchange"])
        #expect(noLines != 0)
        #expect(message.contains("give at least one --line"))
    }

    @Test
    func codesListsTheTable() throws {
        let (status, output) = try run(["codes"])
        #expect(status == 0)
        #expect(output.contains("5201\tThe called number is busy"))
        #expect(output.contains("5149\tThe call dropped prematurely"))
    }
}

/// `faxctl modem probe` on the exchange's virtual modems: what each offers and the class faxd
/// would drive it in, for `auto` and for a class it does not offer.
@Suite struct FaxCtlProbeTests {
    @Test func probeShowsClassesQuirksAndTheChoice() throws {
        let dir = ScratchDirectory("probe")
        let exchange = VirtualExchange()
        defer { exchange.stop() }
        _ = try exchange.addModem(number: "100", path: dir.file("class1"))
        _ = try exchange.addClass2Modem(number: "101", path: dir.file("multi"), dialect: .class20)
        _ = try exchange.addClass2Modem(number: "102", path: dir.file("class2"), dialect: .class2)
        exchange.start()
        let faxctl = FaxCtlCommandTests.faxctl

        let (c1, class1) = try runTool(faxctl, ["modem", "probe", dir.file("class1"), "--lock-directory", ""])
        #expect(c1 == 0 && class1.contains("classes:       0,1,1.0") && class1.contains("driver:        Class 1 (T.31"), "\(class1)")
        #expect(class1.contains("class 1 quirks: spandsp T.31 emulator"), "\(class1)")

        let (c2, multi) = try runTool(faxctl, ["modem", "probe", dir.file("multi"), "--lock-directory", ""])
        #expect(c2 == 0 && multi.contains("classes:       0,1,2,2.0"), "\(multi)")
        #expect(multi.contains("class 2 quirks: SwiftFax virtual modem") && multi.contains("driver:        Class 2.0 (T.32"), "\(multi)")
        let (c3, forced) = try runTool(faxctl, ["modem", "probe", dir.file("multi"), "--lock-directory", "", "--class", "1"])
        #expect(c3 == 0 && forced.contains("driver:        Class 1 (T.31") && forced.contains("configured"), "\(forced)")

        let (c4, class2) = try runTool(faxctl, ["modem", "probe", dir.file("class2"), "--lock-directory", "", "--class", "2.0"])
        #expect(c4 != 0 && class2.contains("configured Class 2.0, but the modem does not offer it"), "\(class2)")
        let (c5, auto2) = try runTool(faxctl, ["modem", "probe", dir.file("class2"), "--lock-directory", ""])
        #expect(c5 == 0 && auto2.contains("driver:        Class 2 (T.32"), "\(auto2)")
    }
}
