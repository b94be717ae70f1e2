// Back-to-back soft-modem calls: every negotiable ECM × modem × compression combination delivers a
// 3-page document pixel-identical, and the session reports what it negotiated.

import FaxOutcome
import FaxTestSupport
import T30
import T4
import Testing

struct Combination: CustomTestStringConvertible, Sendable {
    var ecm: Bool
    var modem: FaxModems
    var compression: FaxCompressions

    var modemName: String { modem == .v17 ? "V.17" : modem == .v29 ? "V.29" : "V.27ter" }
    var expectedBitRate: Int { modem == .v17 ? 14400 : modem == .v29 ? 9600 : 4800 }
    var compressionName: String {
        compression == .t6 ? "T.6" : compression == .t4TwoDimensional ? "T.4 2-D" : "T.4 1-D"
    }
    var testDescription: String { "ECM \(ecm ? "on" : "off"), \(modemName), \(compressionName)" }

    static var all: [Combination] {
        var list: [Combination] = []
        for ecm in [false, true] {
            for modem in [FaxModems.v17, .v29, .v27ter] {
                // T.6 is only negotiated with ECM.
                for compression in ecm ? [FaxCompressions.t4OneDimensional, .t4TwoDimensional, .t6] : [.t4OneDimensional, .t4TwoDimensional] {
                    list.append(Combination(ecm: ecm, modem: modem, compression: compression))
                }
            }
        }
        return list
    }
}

@Suite struct BackToBackTests {
    @Test(arguments: Combination.all)
    func threePagesArrivePixelIdentical(_ combination: Combination) throws {
        let dir = ScratchDirectory("b2b")
        let (document, sent) = try writeChart(dir, pages: 3, resolution: .fine, seed: 7)
        let output = dir.file("received.tif")
        let options = FaxSessionOptions(
            localIdentity: "+1 555 0100", errorCorrection: combination.ecm,
            modems: combination.modem, compressions: combination.compression
        )
        var receiverOptions = options
        receiverOptions.localIdentity = "+1 555 0200"

        let outcome = try BackToBack.run(document: document, output: output, senderOptions: options, receiverOptions: receiverOptions)

        #expect(outcome.sender.completion == .ok)
        #expect(outcome.receiver.completion == .ok)
        #expect(outcome.sender.pagesTransferred == 3)
        #expect(outcome.sender.pagesInDocument == 3)
        #expect(outcome.receiver.pagesTransferred == 3)
        #expect(outcome.sender.remoteIdentity == "+1 555 0200")
        #expect(outcome.receiver.remoteIdentity == "+1 555 0100")
        #expect(outcome.sender.bitRate == combination.expectedBitRate)
        #expect(outcome.sender.errorCorrection == combination.ecm)
        #expect(outcome.sender.compression == combination.compressionName)
        #expect(outcome.receiver.badRows == 0)

        let received = try TIFFFaxReader.readPages(path: output)
        try #require(received.count == 3)
        for (index, page) in received.enumerated() {
            #expect(page.width == 1728)
            #expect(page.resolution == .fine)
            #expect(page.differingRows(from: sent[index]) == 0, "page \(index + 1) differs")
        }
    }

    @Test func sessionLogRecordsTheT30Dialogue() throws {
        let dir = ScratchDirectory("b2b-log")
        let (document, _) = try writeChart(dir, pages: 1, seed: 7)
        let outcome = try BackToBack.run(
            document: document, output: dir.file("rx.tif"),
            senderOptions: FaxSessionOptions(), receiverOptions: FaxSessionOptions()
        )
        let names = outcome.sender.sessionLog.map(\.text)
        // The sender hears DIS, sends DCS, hears CFR, sends EOP, hears MCF, sends DCN.
        for frame in ["DIS", "DCS", "CFR", "MCF", "DCN"] {
            #expect(names.contains { $0.hasPrefix(frame) }, "no \(frame) in the session log")
        }
        #expect(outcome.sender.lineSeconds > 5)
    }

    @Test func unreadableDocumentFailsBeforeDialling() throws {
        let dir = ScratchDirectory("b2b-bad")
        let bogus = dir.file("not-a-tiff.tif")
        try "this is not a TIFF".write(toFile: bogus, atomically: true, encoding: .utf8)
        final class NeverCalled: AudioLinePort {
            var dialled = false
            func placeCall(to number: String) -> CallSetupResult { dialled = true; return .connected }
            func answerCall() -> CallSetupResult { .connected }
            func exchange(transmit: UnsafeBufferPointer<Int16>, receive: UnsafeMutableBufferPointer<Int16>) -> Bool { false }
            func hangUp() {}
        }
        let line = NeverCalled()
        let result = FaxSession(.transmit(document: bogus)).run(over: SoftModemFrontEnd(port: line), setup: .dial("200"))
        #expect(result.completion == .documentUnreadable)
        #expect(result.completion.code == 4201)
        #expect(!line.dialled)
    }

    @Test func invalidIdentityIsRejected() {
        let options = FaxSessionOptions(localIdentity: "not a number")
        #expect(throws: FaxSessionError.self) { try options.validate() }
        #expect(throws: FaxSessionError.self) { try FaxSessionOptions(localIdentity: String(repeating: "1", count: 21)).validate() }
    }

    @Test func completionCodesFollowSpandsp() {
        #expect(FaxCompletion(t30Status: 1).code == 5101)
        #expect(FaxCompletion(t30Status: 1).description == "The CED tone exceeded 5s")
        #expect(FaxCompletion(t30Status: 49).code == 5149)
        #expect(FaxCompletion(t30Status: 49).description == "The call dropped prematurely")
        #expect(FaxCompletion.table.last?.code == 5302)
        #expect(FaxCompletion.table.contains { $0.code == 5161 })
        #expect(Set(FaxCompletion.table.map(\.code)).count == FaxCompletion.table.count)
    }
}
