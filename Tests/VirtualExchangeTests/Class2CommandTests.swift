// The virtual Class 2 modem's command layer on its own: reading AT command lines, the T.32 / Class 2
// parameter commands (values, ranges, =? and ?), DIS/DCS conversion and page coding. Bad input is
// ERROR (nil), never a crash.

import FaxTestSupport
import Foundation
import Testing
import T4
@testable import VirtualExchange

struct Class2CommandTests {
    // MARK: command lines

    @Test func basicAndExtendedCommands() {
        #expect(ATCommandLine.parse("AT") == [])
        #expect(ATCommandLine.parse("ATE0V1\r") == [.basic("E", 0), .basic("V", 1)])
        #expect(ATCommandLine.parse("at+fclass=2.0") == [.extended("FCLASS", .set("2.0"))])
        #expect(ATCommandLine.parse("AT+FCLASS=?") == [.extended("FCLASS", .test)])
        #expect(ATCommandLine.parse("AT+FCLASS?") == [.extended("FCLASS", .read)])
        #expect(ATCommandLine.parse("AT+FDT") == [.extended("FDT", .action)])
        #expect(ATCommandLine.parse("AT+FLI=\"ab c\";+FCR=1") == [.extended("FLI", .set("\"ab c\"")), .extended("FCR", .set("1"))])
        #expect(ATCommandLine.parse("AT+FCC=1,5,,2") == [.extended("FCC", .set("1,5,,2"))])
        #expect(ATCommandLine.parse("ATS0=1S7?") == [.sRegister(0, value: 1), .sRegister(7, value: nil)])
        #expect(ATCommandLine.parse("AT&K3&F") == [.basic("&K", 3), .basic("&F", nil)])
        #expect(ATCommandLine.parse("ATZ H0 A") == [.basic("Z", nil), .basic("H", 0), .basic("A", nil)])
        #expect(ATCommandLine.parse("ATDT200") == [.dial("T200")])
        #expect(ATCommandLine.parse("ATX3D 555 0200") == [.basic("X", 3), .dial("555 0200")])
    }

    @Test(arguments: ["", "A", "XT", "AT+", "AT+FLI=\"open", "ATS=1", "ATS0", "AT#", "AT&3", "AT+=1", "AT\u{1}"])
    func malformedLinesAreRejected(_ line: String) {
        #expect(ATCommandLine.parse(line) == nil)
    }

    @Test func noInputCrashesTheParserOrTheSettings() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("AT+F=?,;\"&S0123456789.CLASDRTIHEVZ \r".utf8) + [0x00, 0x10, 0xFF]
        var settings = T32Settings(supportedClasses: ["0", "2", "2.0"])
        for round in 0..<3000 {
            let length = Int.random(in: 0...40, using: &generator)
            var bytes = Array("AT".utf8)
            for _ in 0..<length { bytes.append(alphabet.randomElement(using: &generator)!) }
            let line = String(decoding: bytes, as: UTF8.self)
            settings.fclass = ["0", "2", "2.0"][round % 3]
            for case .extended(let name, let form) in ATCommandLine.parse(line) ?? [] {
                _ = settings.execute(name, form)
            }
        }
    }

    // MARK: parameter commands

    @Test func serviceClassSelection() {
        var settings = T32Settings(supportedClasses: ["0", "2", "2.0"])
        #expect(settings.execute("FCLASS", .test) == .ok(["0,2,2.0"]))
        #expect(settings.execute("FCLASS", .read) == .ok(["0"]))
        #expect(settings.execute("FCLASS", .set("2.0")) == .ok([]))
        #expect(settings.dialect == .class20)
        #expect(settings.execute("FCLASS", .set("1")) == .error)
        #expect(settings.execute("FCLASS", .set("3")) == .error)
        #expect(settings.execute("FCLASS", .read) == .ok(["2.0"]))
        var legacy = T32Settings(supportedClasses: ["0", "2"])
        #expect(legacy.execute("FCLASS", .test) == .ok(["0,2"]))
        #expect(legacy.execute("FCLASS", .set("2.0")) == .error)
    }

    @Test func class20SessionParameters() {
        var settings = T32Settings(supportedClasses: ["0", "2", "2.0"])
        #expect(settings.execute("FCC", .set("1,5,0,2,0,0,0,0")) == .error)  // Class 0: no fax commands
        settings.fclass = "2.0"
        #expect(settings.execute("FCC", .set("1,3,0,2,0,0,0,0")) == .ok([]))
        #expect(settings.execute("FCC", .read) == .ok(["1,3,0,2,0,0,0,0"]))
        #expect(settings.execute("FIS", .read) == .ok(["1,3,0,2,0,0,0,0"]))  // +FCC sets the session too
        #expect(settings.execute("FIS", .set("0,,,1")) == .ok([]))
        #expect(settings.execute("FIS", .read) == .ok(["0,3,0,1,0,0,0,0"]))
        #expect(settings.execute("FCC", .read) == .ok(["1,3,0,2,0,0,0,0"]))
        #expect(settings.execute("FCC", .test) == .ok([T32Parameters.ranges]))
        // MMR and ECM: DF 3 (not 2: no uncompressed mode), EC 0–1 in Class 2.0.
        #expect(settings.execute("FIS", .set(",,,,3,1")) == .ok([]))
        #expect(settings.execute("FIS", .read) == .ok(["0,3,0,1,3,1,0,0"]))
        #expect(settings.execute("FIS", .set(",,,,2")) == .error)
        #expect(settings.execute("FIS", .set(",,,,,2")) == .error)
        #expect(settings.execute("FCC", .set("1,9")) == .error)
        #expect(settings.execute("FCC", .set("x")) == .error)
        #expect(settings.execute("FCC", .set("0,0,0,0,0,0,0,0,0")) == .error)
        #expect(settings.execute("FCC", .set("-1")) == .error)
        #expect(settings.execute("FCS", .set("1")) == .error)
        #expect(settings.execute("FCS", .read) == .ok(["1,5,0,2,0,0,0,0"]))
        #expect(settings.execute("FHS", .read) == .ok(["00"]))
        #expect(settings.execute("FIP", .action) == .ok([]))
        #expect(settings.execute("FIS", .read) == .ok(["1,5,0,2,0,0,0,0"]))
    }

    @Test func class20NumbersAndStrings() {
        var settings = T32Settings(supportedClasses: ["0", "2", "2.0"])
        settings.fclass = "2.0"
        #expect(settings.execute("FLI", .set("\"+1 555 0100\"")) == .ok([]))
        #expect(settings.localIdentity == "+1 555 0100")
        #expect(settings.execute("FLI", .read) == .ok(["\"+1 555 0100\""]))
        #expect(settings.execute("FLI", .set("\"123456789012345678901\"")) == .error)
        #expect(settings.execute("FLI", .set("\"open")) == .error)
        #expect(settings.execute("FCR", .test) == .ok(["(0-1)"]))
        #expect(settings.execute("FCR", .set("2")) == .error)
        #expect(settings.execute("FNR", .set("1,1,1,0")) == .ok([]))
        #expect(settings.execute("FNR", .read) == .ok(["1,1,1,0"]))
        #expect(settings.execute("FNR", .set("1,1,1,1,1")) == .error)
        #expect(settings.execute("FBO", .read) == .ok(["0"]))
        #expect(settings.execute("FBO", .set("1")) == .ok([]))
        #expect(settings.bitOrder == 1)
        #expect(settings.execute("FLO", .set("2")) == .ok([]))
        #expect(settings.execute("FMI", .read) == .ok([T32Settings.manufacturer]))
        #expect(settings.execute("FDT", .action) == .action("FDT", .action))
        #expect(settings.execute("FKS", .action) == .action("FKS", .action))
        #expect(settings.execute("FNOPE", .action) == .error)
    }

    @Test func class2DialectNames() {
        var settings = T32Settings(supportedClasses: ["0", "2", "2.0"])
        settings.fclass = "2"
        #expect(settings.execute("FDCC", .set("1,5,0,2,0,0,0,0")) == .ok([]))
        #expect(settings.execute("FDIS", .read) == .ok(["1,5,0,2,0,0,0,0"]))
        // SP-2388's EC: 1 = ECM with 64-octet frames, 2 = with 256-octet frames.
        #expect(settings.execute("FDIS", .set(",,,,3,2")) == .ok([]))
        #expect(settings.execute("FDCC", .test) == .ok([T32Parameters.class2Ranges]))
        #expect(settings.execute("FDIS", .set(",,,,,3")) == .error)
        #expect(settings.execute("FLID", .set("\"efax\"")) == .ok([]))
        #expect(settings.localIdentity == "efax")
        #expect(settings.execute("FBOR", .set("1")) == .ok([]))
        #expect(settings.bitOrder == 1)
        #expect(settings.execute("FK", .action) == .action("FKS", .action))
        #expect(settings.execute("FET", .set("2")) == .action("FET", .set("2")))
        #expect(settings.execute("FMFR", .read) == .ok([T32Settings.manufacturer]))
        // Class 2.0 names are not Class 2 commands, nor the other way round.
        #expect(settings.execute("FCC", .read) == .error)
        #expect(settings.execute("FLI", .read) == .error)
        settings.fclass = "2.0"
        #expect(settings.execute("FDCC", .read) == .error)
        #expect(settings.execute("FPTS", .set("1")) == .error)
    }

    // MARK: frames and pages

    @Test func dcsAndDISFrames() throws {
        // DCS: V.17 14400 (bits 11–14 = 0001, bit 14), fine (bit 15), T.4 1-D.
        let dcs = try #require(T32Parameters(dcs: [0xFF, 0x13, 0x83, 0x00, 0x60, 0x00, 0x00]))
        #expect(dcs.br == 5 && dcs.vr == 1 && dcs.df == 0 && dcs.ec == 0)
        // DCS: V.29 9600, standard, 2-D.
        let v29 = try #require(T32Parameters(dcs: [0xFF, 0x13, 0x83, 0x00, 0x84, 0x00, 0x00]))
        #expect(v29.br == 3 && v29.vr == 0 && v29.df == 1)
        // DIS: V.17 + V.29 + V.27ter (bits 11, 12, 14), fine, 2-D.
        let dis = try #require(T32Parameters(dis: [0xFF, 0x13, 0x80, 0x00, 0xEC, 0x00, 0x00]))
        #expect(dis.br == 5 && dis.vr == 1 && dis.df == 1)
        #expect(T32Parameters(dcs: [0xFF, 0x13]) == nil)
        // DCS with ECM (bit 27) and T.6 (bit 31), 256-octet frames (bit 28 clear): EC 1 in Class 2.0, 2 in Class 2.
        let mmr: [UInt8] = [0xFF, 0x13, 0x83, 0x00, 0x60, 0x00, 0x44]
        #expect(T32Parameters(dcs: mmr)?.df == 3 && T32Parameters(dcs: mmr)?.ec == 1)
        #expect(T32Parameters(dcs: mmr, class2: true)?.ec == 2)
        // 64-octet frames (bit 28): Class 2's EC 1.
        #expect(T32Parameters(dcs: [0xFF, 0x13, 0x83, 0x00, 0x60, 0x00, 0x4C], class2: true)?.ec == 1)
        // DIS offering ECM and T.6: +FIS DF 3, EC 1.
        let ecmDIS = try #require(T32Parameters(dis: [0xFF, 0x13, 0x80, 0x00, 0xEC, 0x00, 0x44]))
        #expect(ecmDIS.df == 3 && ecmDIS.ec == 1)
        #expect(t30Identity(frame: [0xFF, 0x03, 0x40] + Array("0010 555 1+  ".utf8)) == "+1 555 0100")
    }

    @Test(arguments: [0, 1, 3])
    func pagesSurviveCodingForTheDTE(df: Int) throws {
        let dir = ScratchDirectory("t32-coding")
        let page = TestChart.pages(count: 1, resolution: .fine, seed: 7, density: 0.5)[0]
        let coded = try #require(T32PageCoding.encode(page, df: df, scratch: dir.file("out.tif")))
        #expect(T32PageCoding.reversed(T32PageCoding.reversed(coded)) == coded)
        let decoded = try #require(T32PageCoding.decode(coded, df: df, vr: 1, scratch: dir.file("in.tif")))
        #expect(decoded.width == page.width)
        #expect(decoded.length == page.length)
        #expect(decoded.differingRows(from: page) == 0)
    }

    @Test func dleShielding() {
        #expect(T32PageCoding.shielded([0x01, 0x10, 0x03]) == [0x01, 0x10, 0x10, 0x03])
        #expect(FaxPage.endOfPage(.t4OneDimensional) == [0x00, 0x08, 0x80, 0x00, 0x08, 0x80, 0x00, 0x08, 0x80])
    }

    @Test func classOptionOnModemLines() throws {
        #expect(try LineSpecification(parsing: "100=modem,class=2.0,path=/tmp/x").kind == .class2Modem(path: "/tmp/x", dialect: .class20))
        #expect(try LineSpecification(parsing: "100=modem,class=2").kind == .class2Modem(path: nil, dialect: .class2))
        #expect(try LineSpecification(parsing: "100=modem,class=1,path=/tmp/x").kind == .modem(path: "/tmp/x"))
        #expect(throws: LineSpecificationError.self) { try LineSpecification(parsing: "100=modem,class=3") }
    }
}

extension Class2CommandTests {
    @Test func leavingClass1TakesWholeCommandLines() {
        #expect(T32Class1Mode.leavesClass1("AT+FCLASS=2.0\r"))
        #expect(T32Class1Mode.leavesClass1("AT+FCLASS=2"))
        #expect(T32Class1Mode.leavesClass1("ATZ"))
        #expect(!T32Class1Mode.leavesClass1("AT+FCLASS=1"))
        #expect(!T32Class1Mode.leavesClass1("AT+FTM=96"))
        #expect(!T32Class1Mode.leavesClass1("AT+FCLASS=2;+FCR=1"))
    }
}
