// ModemIdentityTests: parsing AT+FCLASS=? and AT+FTM=?/+FRM=? answers.

import V250
import XCTest

final class ModemIdentityTests: XCTestCase {
    func testFaxClassLists() throws {
        let table: [(String, Set<FaxClass>)] = [
            ("0,1,1.0,2,2.0,2.1,8", [.data, .class1, .class1_0, .class2, .class2_0, .class2_1, .voice]),
            ("(0-2)", [.data, .class1, .class2]),
            ("0,1,2.0", [.data, .class1, .class2_0]),
            ("+FCLASS: (0,1,8)", [.data, .class1, .voice]),
            ("0, 1, 1.0", [.data, .class1, .class1_0]),
            ("(0,1),(1.0)", [.data, .class1, .class1_0]),
            ("01", [.class1]),
        ]
        for (answer, expected) in table {
            XCTAssertEqual(try FaxClass.parseSupported(answer), expected, answer)
        }
        XCTAssertEqual(try FaxClass.parseSupported(["0,1", "", "1.0"]), [.data, .class1, .class1_0])
        XCTAssertTrue(FaxClass.class1_0.isClass1)
        XCTAssertFalse(FaxClass.class2.isClass1)
        XCTAssertEqual([FaxClass.voice, .class1_0, .data, .class1].sorted(), [.data, .class1, .class1_0, .voice])
    }

    func testMalformedListsAreTypedErrors() {
        for answer in ["", "abc", "(0-2", "0-2)", "((0))", "0,,1", "5-2", "1.0-2.0", "0-100000", "1..0", "1-2-3", "OK"] {
            XCTAssertThrowsError(try FaxClass.parseSupported(answer), answer) {
                XCTAssertEqual($0 as? V250ParseError, .malformedList(answer))
            }
        }
        XCTAssertThrowsError(try V250ValueList.integers("1.0"))
    }

    func testModulationLists() throws {
        let all: Set<Modulation> = [
            .v27ter2400, .v27ter4800, .v29_7200, .v17_7200Long, .v17_7200Short, .v29_9600,
            .v17_9600Long, .v17_9600Short, .v17_12000Long, .v17_12000Short, .v17_14400Long, .v17_14400Short,
        ]
        XCTAssertEqual(try Modulation.parseSupported("24,48,72,73,74,96,97,98,121,122,145,146"), all)
        XCTAssertEqual(try Modulation.parseSupported("(24,48,72,73,74,96,97,98,121,122,145,146)"), all)
        XCTAssertEqual(try Modulation.parseSupported("+FTM: 24,48,(72-74),(96-98)"),
                       [.v27ter2400, .v27ter4800, .v29_7200, .v17_7200Long, .v17_7200Short,
                        .v29_9600, .v17_9600Long, .v17_9600Short])
        XCTAssertEqual(try Modulation.parseSupported("3"), [.v21])
        XCTAssertEqual(try Modulation.parseSupported("24,48,200"), [.v27ter2400, .v27ter4800], "unknown codes left out")
        XCTAssertEqual(try Modulation.parseSupported(["24,48", "96"]), [.v27ter2400, .v27ter4800, .v29_9600])
        XCTAssertThrowsError(try Modulation.parseSupported("24,4.8"))
    }

    func testModulationMapping() {
        let table: [(Int, String, Int, Bool)] = [
            (3, "V.21", 300, false), (24, "V.27ter", 2400, false), (48, "V.27ter", 4800, false),
            (72, "V.29", 7200, false), (96, "V.29", 9600, false),
            (73, "V.17", 7200, false), (74, "V.17", 7200, true), (97, "V.17", 9600, false), (98, "V.17", 9600, true),
            (121, "V.17", 12000, false), (122, "V.17", 12000, true), (145, "V.17", 14400, false), (146, "V.17", 14400, true),
        ]
        XCTAssertEqual(table.count, Modulation.allCases.count)
        for (code, recommendation, rate, short) in table {
            let modulation = Modulation(rawValue: code)
            XCTAssertEqual(modulation?.recommendation, recommendation, "\(code)")
            XCTAssertEqual(modulation?.bitRate, rate, "\(code)")
            XCTAssertEqual(modulation?.usesShortTraining, short, "\(code)")
        }
        XCTAssertNil(Modulation(rawValue: 25))
        XCTAssertEqual(Modulation.v17_14400Short.description, "V.17 14400 short")
    }
}
