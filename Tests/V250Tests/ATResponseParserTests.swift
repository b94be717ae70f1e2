// ATResponseParserTests: table-driven tests of result codes, information text, caller ID,
// line endings, echo, over-long lines and control bytes.

import V250
import XCTest

final class ATResponseParserTests: XCTestCase {
    /// Feeds `bytes` to a parser that has a command pending (or not) and returns the events.
    private func parse(_ bytes: [UInt8], pending: Bool = true, format: ATResultFormat = .verbose) -> [ATResponseEvent] {
        var parser = ATResponseParser(resultFormat: format)
        if pending { parser.commandSent("AT") }
        return parser.feed(bytes)
    }

    private func parse(_ text: String, pending: Bool = true, format: ATResultFormat = .verbose) -> [ATResponseEvent] {
        parse(Array(text.utf8), pending: pending, format: format)
    }

    func testEveryVerboseFinalResultCode() {
        let table: [(String, ATResultCode)] = [
            ("OK", .ok), ("CONNECT", .connect(nil)), ("CONNECT 9600", .connect("9600")),
            ("CONNECT 14400/V17", .connect("14400/V17")), ("NO CARRIER", .noCarrier), ("ERROR", .error),
            ("NO DIALTONE", .noDialtone), ("NO DIAL TONE", .noDialtone), ("BUSY", .busy),
            ("NO ANSWER", .noAnswer), ("+FCERROR", .fcError), ("ok", .ok),
        ]
        for (line, code) in table {
            XCTAssertEqual(parse("\r\n\(line)\r\n"), [.final(code)], line)
        }
    }

    func testEveryNumericResultCode() {
        let table: [(String, ATResponseEvent)] = [
            ("0", .final(.ok)), ("1", .final(.connect(nil))), ("2", .unsolicited(.ring)),
            ("3", .final(.noCarrier)), ("4", .final(.error)), ("5", .final(.connect("1200"))),
            ("6", .final(.noDialtone)), ("7", .final(.busy)), ("8", .final(.noAnswer)),
            ("+F4", .final(.fcError)), ("9", .information("9")),
        ]
        for (line, event) in table {
            XCTAssertEqual(parse("\(line)\r", format: .numeric), [event], line)
        }
        XCTAssertEqual(parse("0\r", format: .verbose), [.information("0")], "digits are text in verbose mode")
    }

    func testInformationLinesBeforeTheResult() {
        let table: [String] = [
            "+FCLASS: 0,1,1.0", "0,1,1.0", "24,48,72,73,74,96,97,98,121,122,145,146",
            "U.S. Robotics 56K FAX EXT", "(0-2)",
        ]
        for line in table {
            XCTAssertEqual(parse("\r\n\(line)\r\n\r\nOK\r\n"), [.information(line), .final(.ok)], line)
        }
    }

    func testCallerIDLinesInBothForms() {
        let table: [(String, CallerIDField)] = [
            ("DATE=0321", .date("0321")), ("TIME=1405", .time("1405")),
            ("NMBR=5551234", .number("5551234")), ("NMBR = 5551234", .number("5551234")),
            ("NAME=JOHN DOE", .name("JOHN DOE")), ("NAME = JOHN DOE ", .name("JOHN DOE")),
            ("DDN_NMBR=4711", .dialedNumber("4711")), ("MESG=030802", .message("030802")),
        ]
        for (line, field) in table {
            XCTAssertEqual(parse("\r\n\(line)\r\n", pending: false), [.unsolicited(.callerID(field))], line)
            XCTAssertEqual(parse("\r\n\(line)\r\n", pending: true), [.unsolicited(.callerID(field))], line)
        }
    }

    func testRingIsAlwaysUnsolicitedAndNoCarrierOnlyWhenIdle() {
        XCTAssertEqual(parse("\r\nRING\r\n", pending: false), [.unsolicited(.ring)])
        XCTAssertEqual(parse("\r\nRING\r\n\r\nOK\r\n", pending: true), [.unsolicited(.ring), .final(.ok)])
        XCTAssertEqual(parse("\r\nNO CARRIER\r\n", pending: false), [.unsolicited(.noCarrier)])
        XCTAssertEqual(parse("\r\nNO CARRIER\r\n", pending: true), [.final(.noCarrier)])
        XCTAssertEqual(parse("\r\nNO CARRIER\r\n\r\nNO CARRIER\r\n", pending: true),
                       [.final(.noCarrier), .unsolicited(.noCarrier)], "a final result ends the pending command")
    }

    func testIdleTextIsUnsolicitedAndStaleResultsStillReported() {
        XCTAssertEqual(parse("\r\nHELLO\r\n", pending: false), [.unsolicited(.other("HELLO"))])
        XCTAssertEqual(parse("\r\nOK\r\n", pending: false), [.final(.ok)])
    }

    func testEveryLineEndingAndBlankLineVariant() {
        let variants = [
            "\r\nOK\r\n", "OK\r", "OK\n", "\n\nOK\n\r", "\r\r\r\nOK\r\r\n\n",
            "  OK  \r\n", "\tOK\t\r\n", "\r\n   \r\nOK\r\n",
        ]
        for text in variants {
            XCTAssertEqual(parse(text), [.final(.ok)], text.debugDescription)
        }
        XCTAssertEqual(parse("\r\n0,1\rOK\n"), [.information("0,1"), .final(.ok)], "mixed endings")
    }

    func testEchoOfTheCommandIsDropped() {
        var parser = ATResponseParser()
        parser.commandSent("AT+FCLASS=?")
        let events = parser.feed(Array("AT+FCLASS=?\r\r\n0,1,1.0\r\n\r\nOK\r\n".utf8))
        XCTAssertEqual(events, [.echo("AT+FCLASS=?"), .information("0,1,1.0"), .final(.ok)])
        XCTAssertFalse(events.contains(.information("AT+FCLASS=?")))

        parser.commandSent("ati3")
        XCTAssertEqual(parser.feed(Array("ati3\r\r\nModem\r\n\r\nOK\r\n".utf8)),
                       [.echo("ati3"), .information("Modem"), .final(.ok)], "case-insensitive echo")
        parser.commandSent("AT")
        XCTAssertEqual(parser.feed(Array("\r\nOK\r\n".utf8)), [.final(.ok)], "works without echo too")
    }

    func testOverlongLineIsReportedOnceAsGarbageAndMemoryStaysCapped() {
        var parser = ATResponseParser(maximumLineLength: 256)
        parser.commandSent("AT")
        var events: [ATResponseEvent] = []
        for _ in 0..<10_000 {
            if let event = parser.consume(0x41) { events.append(event) }
            XCTAssertLessThanOrEqual(parser.bufferedByteCount, 256)
        }
        events += parser.feed(Array("\r\nOK\r\n".utf8))
        XCTAssertEqual(events, [.garbage([UInt8](repeating: 0x41, count: 256)), .final(.ok)])
    }

    func testNULAndControlBytesAreTolerated() {
        XCTAssertEqual(parse([0x00, 0x4F, 0x00, 0x4B, 0x00, 0x0D, 0x0A]), [.final(.ok)])
        XCTAssertEqual(parse([0x01, 0x02, 0x7F, 0x0D, 0x0A, 0x4F, 0x4B, 0x0D]), [.garbage([0x01, 0x02, 0x7F]), .final(.ok)])
        XCTAssertEqual(parse([0x10, 0x03, 0x4F, 0x4B, 0x0D]), [.final(.ok)], "stray <DLE><ETX> before a result")
        XCTAssertEqual(parse([0x00, 0x00, 0x0D, 0x0A]), [], "NULs alone make no line")
        XCTAssertEqual(parse([0x4D, 0xFC, 0x6C, 0x6C, 0x65, 0x72, 0x0D]), [.information("Müller")], "Latin-1 text")
    }

    func testALineSplitAcrossFeedsIsJoined() {
        var parser = ATResponseParser()
        parser.commandSent("AT+FCLASS=?")
        XCTAssertEqual(parser.feed(Array("\r\n0,1,".utf8)), [])
        XCTAssertEqual(parser.feed(Array("1.0\r".utf8)), [.information("0,1,1.0")])
        XCTAssertEqual(parser.feed(Array("\n\r\nO".utf8)), [])
        XCTAssertEqual(parser.feed(Array("K\r\n".utf8)), [.final(.ok)])
        XCTAssertFalse(parser.isResultPending)
    }

    func testDiscardPartialLine() {
        var parser = ATResponseParser()
        _ = parser.feed(Array("GARB".utf8))
        XCTAssertEqual(parser.discardPartialLine(), Array("GARB".utf8))
        XCTAssertEqual(parser.bufferedByteCount, 0)
        parser.commandSent("AT")
        XCTAssertEqual(parser.feed(Array("OK\r".utf8)), [.final(.ok)])
    }
}
