// JobID: a job's one stable identifier for its whole life — a ULID (26 characters, Crockford
// base 32): 48 bits of milliseconds then 80 random bits, so ids sort by creation time.

import Foundation
import GRDB

public struct JobID: RawRepresentable, Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }

    public var description: String { rawValue }

    public static func < (a: JobID, b: JobID) -> Bool { a.rawValue < b.rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

extension JobID: DatabaseValueConvertible {
    public var databaseValue: DatabaseValue { rawValue.databaseValue }
    public static func fromDatabaseValue(_ value: DatabaseValue) -> JobID? {
        String.fromDatabaseValue(value).map(JobID.init(rawValue:))
    }
}

/// Makes ULIDs, strictly increasing even within one millisecond (the random part counts up).
struct ULIDGenerator {
    private static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8)
    private var lastMillis: UInt64 = 0
    private var lastRandom: UInt128 = 0

    mutating func next(at date: Date) -> JobID {
        let millis = UInt64(max(0, date.timeIntervalSince1970 * 1000))
        let randomMask: UInt128 = (1 << 80) - 1
        if millis > lastMillis {
            lastMillis = millis
            lastRandom = (UInt128(UInt64.random(in: .min ... .max)) << 16 | UInt128(UInt16.random(in: .min ... .max))) & randomMask
        } else {
            // Same millisecond (or the clock went back): stay on the last time, count up.
            lastRandom = (lastRandom + 1) & randomMask
            if lastRandom == 0 { lastMillis += 1 }
        }
        let value = UInt128(lastMillis & 0xFFFF_FFFF_FFFF) << 80 | lastRandom
        var chars = [UInt8](repeating: 0, count: 26)
        for i in 0..<26 {
            chars[i] = Self.alphabet[Int((value >> (5 * UInt128(25 - i))) & 31)]
        }
        return JobID(rawValue: String(decoding: chars, as: UTF8.self))
    }
}
