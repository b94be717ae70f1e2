// FaxSessionResult: everything one call produced, kept with the job's attempt.

import Foundation

public struct FaxSessionResult: Sendable, Hashable, Codable {
    public var completion: FaxCompletion
    /// Pages sent and confirmed by the far end (sending) or received (receiving).
    public var pagesTransferred: Int
    /// Pages in the document being sent; nil when receiving.
    public var pagesInDocument: Int?
    /// Bad rows over all received pages (always 0 when sending: the receiver counts them).
    public var badRows: Int
    public var remoteIdentity: String
    public var bitRate: Int
    public var errorCorrection: Bool
    public var compression: String
    /// Line time from connection to hang-up.
    public var lineSeconds: Double
    /// The call's session log: every T.30 frame (and, on modems, every AT command) with its time.
    public var sessionLog: [SessionLogEntry]

    public var isSuccess: Bool { completion.isSuccess }

    public init(
        completion: FaxCompletion, pagesTransferred: Int = 0, pagesInDocument: Int? = nil, badRows: Int = 0,
        remoteIdentity: String = "", bitRate: Int = 0, errorCorrection: Bool = false, compression: String = "",
        lineSeconds: Double = 0, sessionLog: [SessionLogEntry] = []
    ) {
        self.completion = completion
        self.pagesTransferred = pagesTransferred
        self.pagesInDocument = pagesInDocument
        self.badRows = badRows
        self.remoteIdentity = remoteIdentity
        self.bitRate = bitRate
        self.errorCorrection = errorCorrection
        self.compression = compression
        self.lineSeconds = lineSeconds
        self.sessionLog = sessionLog
    }
}

/// One line of a call's session log.
public struct SessionLogEntry: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Direction: String, Sendable, Codable { case sent = "->", received = "<-", note = "--" }
    /// Seconds of line time since the session started.
    public var time: Double
    public var direction: Direction
    public var text: String

    public init(time: Double, direction: Direction, text: String) {
        self.time = time
        self.direction = direction
        self.text = text
    }

    public var description: String {
        "\(String(format: "%8.3f", time)) \(direction.rawValue) \(text)"
    }
}
