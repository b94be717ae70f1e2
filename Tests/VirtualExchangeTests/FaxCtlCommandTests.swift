// faxctl as a user runs it: the demo sends a fax end to end; bad arguments get clear errors.

import FaxTestSupport
import Foundation
import Testing
import T4

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
