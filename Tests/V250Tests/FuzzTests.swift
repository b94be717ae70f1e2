// FuzzTests: random byte streams through the response parser, the DLE decoder and the
// channel itself — no crash, bounded buffers, termination, chunking-independent results.

import SerialPort
import V250
import XCTest

/// An in-memory transport that serves a fixed byte stream in random pieces, then times out.
private final class StreamTransport: ATTransport {
    var stream: [UInt8]
    var random: SplitMix64
    private(set) var written = 0

    init(stream: [UInt8], seed: UInt64) {
        self.stream = stream
        random = SplitMix64(seed: seed)
    }

    func write(_ bytes: [UInt8], deadline: Deadline) throws(SerialPortError) {
        written += bytes.count
    }

    func read(maxCount: Int, deadline: Deadline) throws(SerialPortError) -> [UInt8] {
        guard !stream.isEmpty else { throw .timeout }
        let count = min(stream.count, maxCount, 1 + Int(random.next() % 300))
        defer { stream.removeFirst(count) }
        return Array(stream[..<count])
    }
}

final class FuzzTests: XCTestCase {
    /// Random bytes, or modem-like text built from result codes, CR/LF, DLE and noise.
    private func stream(_ random: inout SplitMix64, count: Int, textLike: Bool) -> [UInt8] {
        guard textLike else { return random.bytes(count) }
        let pieces: [[UInt8]] = [
            "OK", "CONNECT 9600", "RING", "NO CARRIER", "ERROR", "BUSY", "NMBR = 555", "DATE=0101",
            "+FCERROR", "0,1,1.0", "\r", "\n", "\r\n", "AT", " ", "0", "3", "7",
        ].map { Array($0.utf8) } + [[0x10], [0x10, 0x03], [0x10, 0x1A], [0x00], [0xFF], [0x18]]
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count + 16)
        while bytes.count < count {
            if random.next() % 8 == 0 {
                bytes += random.bytes(1 + Int(random.next() % 40))
            } else {
                bytes += pieces[Int(random.next() % UInt64(pieces.count))]
            }
        }
        return bytes
    }

    func testParserSurvivesRandomStreamsWithBoundedMemory() {
        let cap = ATResponseParser.defaultMaximumLineLength
        var total = 0
        for seed in UInt64(1)...8 {
            var random = SplitMix64(seed: seed)
            let bytes = stream(&random, count: 192 * 1024, textLike: seed % 2 == 0)
            total += bytes.count
            var chunked = ATResponseParser(resultFormat: seed % 3 == 0 ? .numeric : .verbose)
            var events: [ATResponseEvent] = []
            var start = 0
            while start < bytes.count {
                if random.next() % 5 == 0 { chunked.commandSent("AT") }
                let end = min(bytes.count, start + 1 + Int(random.next() % 4096))
                events += chunked.feed(bytes[start..<end])
                XCTAssertLessThanOrEqual(chunked.bufferedByteCount, cap)
                start = end
            }
            for event in events {
                switch event {
                case .garbage(let raw): XCTAssertLessThanOrEqual(raw.count, cap)
                case .information(let text), .echo(let text), .unsolicited(.other(let text)):
                    XCTAssertLessThanOrEqual(text.unicodeScalars.count, cap)
                    XCTAssertFalse(text.isEmpty)
                    XCTAssertFalse(text.utf8.contains(0x0D) || text.utf8.contains(0x0A))
                default: break
                }
            }
            if seed % 2 == 0 {
                XCTAssertTrue(events.contains(.final(.ok)), "seed \(seed): text-like streams contain OK lines")
            }
        }
        XCTAssertGreaterThanOrEqual(total, 1_500_000)
    }

    func testParserResultDoesNotDependOnChunking() {
        var random = SplitMix64(seed: 42)
        let bytes = stream(&random, count: 64 * 1024, textLike: true)
        var whole = ATResponseParser()
        whole.commandSent("AT")
        let reference = whole.feed(bytes)
        var byteWise = ATResponseParser()
        byteWise.commandSent("AT")
        let single = bytes.compactMap { byteWise.consume($0) }
        XCTAssertEqual(single, reference)
        XCTAssertGreaterThan(reference.count, 1000)
    }

    func testDLEDecoderSurvivesRandomStreams() {
        var total = 0
        for seed in UInt64(100)...107 {
            var random = SplitMix64(seed: seed)
            let bytes = stream(&random, count: 192 * 1024, textLike: seed % 2 == 1)
            total += bytes.count
            var whole = DLEDecoder()
            let reference = whole.decode(bytes)
            var decoder = DLEDecoder()
            var data: [UInt8] = []
            var remainder: [UInt8] = []
            var start = 0
            while start < bytes.count {
                let end = min(bytes.count, start + 1 + Int(random.next() % 2048))
                let output = decoder.decode(bytes[start..<end])
                XCTAssertLessThanOrEqual(output.data.count, 2 * (end - start), "DLE SUB at most doubles")
                data += output.data
                remainder += output.remainder
                start = end
            }
            XCTAssertEqual(data, reference.data, "seed \(seed)")
            XCTAssertEqual(remainder, reference.remainder, "seed \(seed)")
            XCTAssertEqual(decoder.isFinished, reference.endOfData, "seed \(seed)")
        }
        XCTAssertGreaterThanOrEqual(total, 1_500_000)
    }

    func testChannelSurvivesRandomModemOutput() {
        for seed in UInt64(200)...231 {
            var random = SplitMix64(seed: seed)
            let bytes = stream(&random, count: 16 * 1024, textLike: seed % 4 != 0)
            let transport = StreamTransport(stream: bytes, seed: seed)
            let channel = ATChannel(transport: transport)
            var calls = 0
            // Each call either returns or throws a typed error; the stream is finite, so this ends.
            while !transport.stream.isEmpty {
                calls += 1
                XCTAssertLessThan(calls, 100_000, "seed \(seed): no progress")
                do {
                    if channel.isInDataMode {
                        if random.next() % 2 == 0 {
                            _ = try channel.receiveData(timeout: .milliseconds(5)) { XCTAssertFalse($0.isEmpty) }
                        } else {
                            _ = try channel.abortReceive(timeout: .milliseconds(5))
                        }
                    } else if random.next() % 3 == 0 {
                        _ = try channel.waitForUnsolicited(timeout: .milliseconds(5))
                    } else {
                        _ = try channel.send("AT+FRH=3", timeout: .milliseconds(5))
                    }
                } catch {
                    XCTAssertEqual(error, .timeout(command: error.timeoutCommand ?? ""), "seed \(seed): \(error)")
                }
                XCTAssertLessThanOrEqual(channel.takeUnsolicited().count, 64)
            }
        }
    }
}

extension ATChannelError {
    fileprivate var timeoutCommand: String? {
        if case .timeout(let command) = self { return command }
        return nil
    }
}
