// CallRecord: one line of the exchange's call log (JSON Lines), written when a call ends.

import Foundation

public struct CallRecord: Sendable, Codable, Hashable {
    public var call: Int
    public var from: String
    public var to: String
    /// When the call was dialled (wall clock, ISO 8601).
    public var startedAt: String
    /// "answered", "busy", "no-answer", "no-dialtone", "unassigned" or "abandoned" (caller hung up while ringing).
    public var outcome: String
    /// Line seconds from answer to hang-up, counted in samples (exact).
    public var durationSeconds: Double
    public var samples: Int
    /// Line seconds spent ringing before the answer or the failure.
    public var ringSeconds: Double
    /// The number that hung up, or "exchange" (drop-after, shutdown, no-answer timeout).
    public var endedBy: String
    /// Ticks where a party was late and silence was sent in its place.
    public var underruns: Int

    enum CodingKeys: String, CodingKey {
        case call, from, to, outcome, samples, underruns
        case startedAt = "started_at"
        case durationSeconds = "duration_seconds"
        case ringSeconds = "ring_seconds"
        case endedBy = "ended_by"
    }
}

/// Appends call records to a JSON Lines file.
final class CallLogWriter: @unchecked Sendable {
    private let handle: FileHandle?
    private let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    init(path: String?) {
        guard let path else {
            handle = nil
            return
        }
        if !FileManager.default.fileExists(atPath: path) {
            _ = FileManager.default.createFile(atPath: path, contents: nil)
        }
        handle = FileHandle(forWritingAtPath: path)
        _ = try? handle?.seekToEnd()
    }

    func write(_ record: CallRecord) {
        guard let handle, var data = try? encoder.encode(record) else { return }
        data.append(0x0A)
        try? handle.write(contentsOf: data)
    }
}
