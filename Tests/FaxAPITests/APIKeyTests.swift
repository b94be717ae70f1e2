// The API key check on TCP. Before, ConstantTime.equal folded the two lengths' difference into
// one byte: a key presented with 256 (or 512, …) extra NUL bytes — or an empty secret against 256
// NULs — compared equal. Now the whole length counts, and the time taken depends on the presented
// key's length only: not on where the first difference is, nor on the secret's length.

@testable import FaxAPI
import Foundation
import Testing

@Suite struct APIKeyTests {
    static let secret = Array("test-key-0123456789abcdef".utf8)

    @Test func comparesTheWholeLength() {
        #expect(ConstantTime.equal(Self.secret, Self.secret))
        #expect(!ConstantTime.equal(Self.secret, Self.secret + [0]))
        #expect(!ConstantTime.equal(Self.secret, Self.secret + [UInt8](repeating: 0, count: 256)), "length differs by 256")
        #expect(!ConstantTime.equal(Self.secret, Self.secret + [UInt8](repeating: 0, count: 512)))
        #expect(!ConstantTime.equal([], [UInt8](repeating: 0, count: 256)))
        #expect(!ConstantTime.equal(Self.secret, Array(Self.secret.prefix(16))), "a prefix")
        #expect(!ConstantTime.equal(Self.secret, []))
        #expect(!ConstantTime.equal(Self.secret, Self.secret + Self.secret), "the key twice")
        var last = Self.secret
        last[last.count - 1] ^= 1
        #expect(!ConstantTime.equal(Self.secret, last))
        #expect(ConstantTime.equal([], []))
    }

    /// Every byte presented is compared whatever the first difference: a wrong first byte costs
    /// as long as a wrong last byte (medians of many runs, generous bound: a real early return
    /// would take ~1/1000 of the time here).
    @Test func takesTheSameTimeWhereverTheDifferenceIs() {
        let secret = [UInt8](repeating: 0x61, count: 4096)
        var firstWrong = secret
        firstWrong[0] = 0x62
        var lastWrong = secret
        lastWrong[secret.count - 1] = 0x62
        func median(_ presented: [UInt8]) -> Double {
            var times: [Double] = []
            for _ in 0..<301 {
                let start = DispatchTime.now().uptimeNanoseconds
                precondition(!ConstantTime.equal(secret, presented))
                times.append(Double(DispatchTime.now().uptimeNanoseconds - start))
            }
            return times.sorted()[150]
        }
        _ = median(firstWrong)  // warm up
        let (first, last) = (median(firstWrong), median(lastWrong))
        #expect(first > last / 4 && first < last * 4, "first byte wrong: \(first) ns, last byte wrong: \(last) ns")
    }
}
