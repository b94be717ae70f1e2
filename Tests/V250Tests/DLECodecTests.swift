// DLECodecTests: DLE stuffing round trips, <DLE><SUB>, <DLE><ETX> across chunk boundaries,
// bytes after the end of data, unknown escapes.

import V250
import XCTest

final class DLECodecTests: XCTestCase {
    private let dle = V250Control.dle
    private let etx = V250Control.etx

    /// Decodes `stream` cut into chunks of the given sizes (cycled).
    private func decode(_ stream: [UInt8], chunkSizes: [Int]) -> DLEDecoder.Output {
        var decoder = DLEDecoder()
        var total = DLEDecoder.Output()
        var start = 0
        var index = 0
        while start < stream.count {
            let end = min(stream.count, start + chunkSizes[index % chunkSizes.count])
            let output = decoder.decode(stream[start..<end])
            total.data += output.data
            total.remainder += output.remainder
            total.unknownEscapes += output.unknownEscapes
            if output.endOfData {
                XCTAssertFalse(total.endOfData, "end of data reported once")
                total.endOfData = true
            }
            start = end
            index += 1
        }
        return total
    }

    func testStuffingDoublesDLEAndFrameEndsWithDLEETX() {
        XCTAssertEqual(DLEEncoder.stuff([0x01, dle, 0x02, dle, dle]), [0x01, dle, dle, 0x02, dle, dle, dle, dle])
        XCTAssertEqual(DLEEncoder.frame([]), [dle, etx])
        XCTAssertEqual(DLEEncoder.frame([dle, etx]), [dle, dle, etx, dle, etx], "data DLE ETX is not an end")
        XCTAssertEqual(DLEEncoder.endOfData, [0x10, 0x03])
        XCTAssertEqual(V250Control.can, 0x18)
    }

    func testRandomBuffersRoundTripForManySeeds() {
        for seed in UInt64(1)...300 {
            var random = SplitMix64(seed: seed)
            let length = Int(random.next() % 3000)
            let dleShare = [0, 8, 64, 128, 255][Int(seed % 5)]
            let original: [UInt8] = (0..<length).map { _ in
                UInt8(random.next() & 0xFF) < dleShare ? 0x10 : UInt8(random.next() & 0xFF)
            }
            let stream = DLEEncoder.frame(original) + Array("\r\nOK\r\n".utf8)
            let chunks = (0..<5).map { _ in 1 + Int(random.next() % 700) }
            let decoded = decode(stream, chunkSizes: chunks)
            XCTAssertEqual(decoded.data, original, "seed \(seed)")
            XCTAssertTrue(decoded.endOfData, "seed \(seed)")
            XCTAssertEqual(decoded.remainder, Array("\r\nOK\r\n".utf8), "seed \(seed)")
            XCTAssertEqual(decoded.unknownEscapes, [], "seed \(seed)")
        }
    }

    func testAllDLEBuffersRoundTripWholeAndByteByByte() {
        for length in [1, 2, 3, 255, 256, 1000] {
            let original = [UInt8](repeating: dle, count: length)
            let stream = DLEEncoder.frame(original)
            XCTAssertEqual(stream.count, 2 * length + 2)
            for sizes in [[stream.count], [1], [2], [3, 1]] {
                let decoded = decode(stream, chunkSizes: sizes)
                XCTAssertEqual(decoded.data, original, "length \(length), chunks \(sizes)")
                XCTAssertTrue(decoded.endOfData)
            }
        }
    }

    func testDLESUBStandsForTwoDLEs() {
        let decoded = decode([0x41, dle, V250Control.sub, 0x42, dle, etx], chunkSizes: [100])
        XCTAssertEqual(decoded.data, [0x41, dle, dle, 0x42])
        let split = decode([0x41, dle, V250Control.sub, 0x42, dle, etx], chunkSizes: [2])
        XCTAssertEqual(split.data, [0x41, dle, dle, 0x42], "DLE and SUB in different chunks")
    }

    func testDLEETXSplitAcrossReadsEndsTheStreamAndReturnsTheRest() {
        var decoder = DLEDecoder()
        let first = decoder.decode([0x01, 0x02, dle])
        XCTAssertEqual(first.data, [0x01, 0x02])
        XCTAssertFalse(first.endOfData)
        let second = decoder.decode([etx] + Array("\r\nOK\r\n".utf8))
        XCTAssertEqual(second.data, [])
        XCTAssertTrue(second.endOfData)
        XCTAssertEqual(second.remainder, Array("\r\nOK\r\n".utf8))
        XCTAssertTrue(decoder.isFinished)
        let third = decoder.decode(Array("more".utf8))
        XCTAssertEqual(third.remainder, Array("more".utf8), "after the end everything is remainder")
        XCTAssertFalse(third.endOfData)
        decoder.reset()
        XCTAssertEqual(decoder.decode([0x07]).data, [0x07])
    }

    func testSameResultForEveryChunkingOfOneStream() {
        var random = SplitMix64(seed: 99)
        let original: [UInt8] = (0..<2000).map { _ in random.next() % 3 == 0 ? dle : UInt8(random.next() & 0xFF) }
        let stream = DLEEncoder.frame(original) + Array("\r\nERROR\r\n".utf8)
        let reference = decode(stream, chunkSizes: [stream.count])
        for sizes in [[1], [2], [7, 1, 3], [512], [1, 1000]] {
            XCTAssertEqual(decode(stream, chunkSizes: sizes), reference, "chunks \(sizes)")
        }
        XCTAssertEqual(reference.data, original)
    }

    func testUnknownEscapesAreDroppedAndReported() {
        let decoded = decode([0x01, dle, 0x61, 0x02, dle, 0x2E, dle, etx], chunkSizes: [1])
        XCTAssertEqual(decoded.data, [0x01, 0x02])
        XCTAssertEqual(decoded.unknownEscapes, [0x61, 0x2E])
        XCTAssertTrue(decoded.endOfData)
    }
}
