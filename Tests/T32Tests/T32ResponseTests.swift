// T32ResponseTests: Class 2 and Class 2.0 responses read as the modems write them (transcripts of
// efax and mgetty's sendfax against real modems show these forms), hang-up codes in both number
// bases with their completions, session parameters both ways, and bad values refused.

import FaxOutcome
import Testing
import T32
import T4

@Suite struct T32ResponseTests {
    @Test func class20Responses() {
        let d = T32Dialect.class20
        #expect(T32Response("+FCON", dialect: d) == .connected)
        #expect(T32Response("+FCS:1,5,0,2,0,0,0,0", dialect: d) == .sessionParameters(T32SessionParameters(
            verticalResolution: 1, bitRate: 5, pageWidth: 0, pageLength: 2, dataFormat: 0, errorCorrection: 0, fileTransfer: 0, scanTime: 0)))
        #expect(T32Response("+FIS: 1,3,0,2,1,0,0,0", dialect: d) == .remoteCapabilities(T32SessionParameters(
            verticalResolution: 1, bitRate: 3, pageWidth: 0, pageLength: 2, dataFormat: 1)))
        #expect(T32Response("+FTI: \"+1 555 0200\"", dialect: d) == .transmitterID("+1 555 0200"))
        #expect(T32Response("+FCI:\"   +1 555 0100  \"", dialect: d) == .calledID("+1 555 0100"))
        #expect(T32Response("+FPS:1,8C0,0,0,0", dialect: d) == .pageStatus(.confirmed, lines: 0x8C0, badLines: 0))
        #expect(T32Response("+FPS: 2", dialect: d) == .pageStatus(.retrainNegative, lines: nil, badLines: nil))
        #expect(T32Response("+FET:2", dialect: d) == .postPage(.endOfProcedure))
        #expect(T32Response("+FHS:00", dialect: d) == .hangUp(T32HangupCode(value: 0)))
        #expect(T32Response("+FHS:A0", dialect: d) == .hangUp(T32HangupCode(value: 0xA0)))
        #expect(T32Response("+FPO", dialect: d) == .pollingRequest)
        // The other dialect's names are not this one's.
        #expect(T32Response("+FHNG:0", dialect: d) == nil)
        #expect(T32Response("+FDCS:1,5,0,2,0,0,0,0", dialect: d) == nil)
    }

    @Test func class2Responses() {
        let d = T32Dialect.class2
        #expect(T32Response("+FCON", dialect: d) == .connected)
        #expect(T32Response("+FDCS:1,5,0,2,0,0,0,0", dialect: d) == .sessionParameters(T32SessionParameters(verticalResolution: 1, bitRate: 5)))
        #expect(T32Response("+FDIS:1,5,0,2,1,0,0,0", dialect: d) == .remoteCapabilities(T32SessionParameters(
            verticalResolution: 1, bitRate: 5, dataFormat: 1)))
        #expect(T32Response("+FTSI:\"   +1 555 0200\"", dialect: d) == .transmitterID("+1 555 0200"))
        #expect(T32Response("+FCSI: 15550100", dialect: d) == .calledID("15550100"))
        #expect(T32Response("+FPTS:1,2240,0", dialect: d) == .pageStatus(.confirmed, lines: 2240, badLines: 0))
        #expect(T32Response("+FET:0", dialect: d) == .postPage(.multiPage))
        // Decimal hang-up codes: 52 is T.32's 0x52, 100 is 0xA0.
        #expect(T32Response("+FHNG:52", dialect: d) == .hangUp(T32HangupCode(value: 0x52)))
        #expect(T32Response("+FHNG: 100", dialect: d) == .hangUp(T32HangupCode(value: 0xA0)))
        #expect(T32Response("+FHS:00", dialect: d) == nil)
    }

    @Test func hangupCodesBecomeCompletions() {
        #expect(T32HangupCode(value: 0).isNormal && T32HangupCode(value: 0).completion == .ok)
        #expect(T32HangupCode(value: 0x02).completion == .cancelled)
        #expect(T32HangupCode(value: 0x11).completion == .answeredByVoice)  // T.30 T1 expired after the answer
        #expect(T32HangupCode(value: 0x25).completion.code == 5120)  // no response to DCS
        #expect(T32HangupCode(value: 0x27).completion.code == 5106)  // cannot train
        #expect(T32HangupCode(value: 0x52).completion.code == 5121)  // no response after a page
        #expect(T32HangupCode(value: 0x43).completion == .t32Underflow)
        #expect(T32HangupCode(value: 0x93).completion == .t32Overflow)
        #expect(T32HangupCode(value: 0xA0).completion == .t32ReceivePhaseD)
        #expect(T32HangupCode(value: 0xEE).completion == .t32Unknown)
        #expect(T32HangupCode(value: 0x52).description == "52 no response to MPS repeated 3 times")
        #expect(T32HangupCode(value: 0x3).description == "03 no loop current")
        // Every mapped completion has a description from a table, never a placeholder.
        for value in 0...0xFF {
            let completion = T32HangupCode(value: value).completion
            #expect(!completion.description.isEmpty && completion.description != "T.30 failure", "\(value)")
        }
        // Class 2's decimal and T.32's hex name the same code.
        #expect(T32HangupCode(fhng: "73") == T32HangupCode(fhs: "73"))
        #expect(T32HangupCode(fhng: "103") == T32HangupCode(fhs: "A3"))
    }

    @Test(arguments: ["", "G", "123", "-1", "+1", "1 0 0"])
    func malformedHangupValuesAreRefused(_ text: String) {
        #expect(T32HangupCode(fhs: text) == nil)
        if text != "1 0 0" { #expect(T32HangupCode(fhng: text) == nil) }  // spaces are dropped: "100" is Class 2's A0
    }

    @Test(arguments: ["+FHNG:", "+FHNG:200", "+FHNG:-5", "+FHNG:abc"])
    func malformedClass2ResponsesAreRefused(_ line: String) {
        #expect(T32Response(line, dialect: .class2) == nil)
    }

    @Test(arguments: ["+FCS:", "+FCS:1", "+FCS:1,5,0,2,0,0,0,0,0,0,0,0,0,0,0,0,0", "+FCS:1,XYZ", "+FPS:9", "+FPS:", "+FET:7", "+FET:x",
                      "+FHS:", "+FHS:100", "+FPS:1,FFFFFFFFFFFFFFFFFFFF", "+FCON junk but still +FCON"])
    func malformedClass20Responses(_ line: String) {
        let response = T32Response(line, dialect: .class20)
        if line.hasPrefix("+FCON") { #expect(response == .connected) } else {
            if case .pageStatus(_, let lines, _) = response { #expect(lines == nil) } else { #expect(response == nil, "\(line)") }
        }
    }

    @Test func sessionParametersRoundTrip() throws {
        let parameters = T32SessionParameters(verticalResolution: 3, bitRate: 5, pageWidth: 0, pageLength: 2, dataFormat: 3,
                                              errorCorrection: 1, fileTransfer: 0, scanTime: 0, extra: [0])
        #expect(parameters.text == "3,5,0,2,3,1,0,0,0")
        #expect(T32SessionParameters(parameters.text) == parameters)
        #expect(parameters.bitsPerSecond == 14400 && parameters.compressionName == "T.6")
        // Empty fields keep their defaults.
        let sparse = try #require(T32SessionParameters("0,3,,,1"))
        #expect(sparse.pageLength == 2 && sparse.dataFormat == 1 && sparse.bitsPerSecond == 9600)
    }

    @Test func identitiesKeepOnlyPrintableText() {
        #expect(T32Response("+FTI:\"1\n<3>faxd: fake\"", dialect: .class20) == .transmitterID("1<3>faxd: fake"))
        #expect(T32Response("+FTI:\"123456789012345678901234\"", dialect: .class20) == .transmitterID("12345678901234567890"))
        #expect(T32Response("+FTI:\"\u{1B}[31mred\"", dialect: .class20) == .transmitterID("[31mred"))
    }

    /// Random and mutated lines: never a crash, never a hang; whatever is read is within bounds.
    @Test func fuzzedLinesNeverCrash() {
        var rng = SplitMix64(seed: 0x5EED_7320)  // T4's: the fuzz run is the same every time
        let seeds = ["+FCON", "+FCS:1,5,0,2,0,0,0,0", "+FIS:1,3,0,2,1,0,0,0", "+FTI:\"+1 555\"", "+FPS:1,8C0,0", "+FET:2", "+FHS:52",
                     "+FDCS:1,5,0,2,0,0,0,0", "+FPTS:1,2240,0", "+FHNG:100", "+FCSI:12345"]
        let alphabet = Array("+F:,\" 0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcxyz\u{0}\u{7F}\u{FF}é😀-")
        var parsed = 0
        for round in 0..<20_000 {
            var characters = Array(seeds[round % seeds.count])
            for _ in 0..<(1 + Int(rng.next() % 4)) {
                let position = characters.isEmpty ? 0 : Int(rng.next() % UInt64(characters.count + 1))
                switch rng.next() % 3 {
                case 0: characters.insert(alphabet[Int(rng.next() % UInt64(alphabet.count))], at: position)
                case 1: if position < characters.count { characters.remove(at: position) }
                default: if position < characters.count { characters[position] = alphabet[Int(rng.next() % UInt64(alphabet.count))] }
                }
            }
            if round % 100 == 0 { characters += Array(repeating: "9", count: Int(rng.next() % 5000)) }
            let line = String(characters)
            for dialect in T32Dialect.allCases {
                guard let response = T32Response(line, dialect: dialect) else { continue }
                parsed += 1
                switch response {
                case .transmitterID(let id), .calledID(let id), .pollingID(let id): #expect(id.count <= 20)
                case .hangUp(let code): #expect((0...0xFF).contains(code.value))
                case .sessionParameters(let p), .remoteCapabilities(let p): #expect(p.extra.count <= 8)
                default: break
                }
            }
        }
        #expect(parsed > 1000, "the mutations hardly ever kept a response readable: \(parsed)")
    }
}
