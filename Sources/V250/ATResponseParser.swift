// ATResponseParser: turns the bytes a modem sends in command state into line events
// (V.250 §5.7–5.8). Pure: no I/O, no clock. Works on bytes, never on Swift Characters
// ("\r\n" is a single Character, which would hide line ends).

/// Splits modem output into lines and classifies them.
///
/// Line ends may be `\r\n`, a bare `\r` or a bare `\n`; empty lines, NUL bytes and other
/// control bytes are ignored. A line longer than `maximumLineLength` is reported once as
/// `.garbage` and the rest of it is skipped, so memory use is bounded whatever arrives.
public struct ATResponseParser: Sendable {
    /// Default line cap.
    public static let defaultMaximumLineLength = 256

    /// Verbose (ATV1) or numeric (ATV0) result codes.
    public var resultFormat: ATResultFormat
    /// The longest line kept; longer lines are garbage.
    public let maximumLineLength: Int

    private var line: [UInt8] = []
    private var skippingOverlongLine = false
    private var echoToDrop: String?
    /// Whether a final result code is expected (a command line or data stream is in progress).
    /// Decides whether `NO CARRIER` is final or unsolicited, and whether text is information.
    public private(set) var isResultPending = false

    public init(resultFormat: ATResultFormat = .verbose, maximumLineLength: Int = Self.defaultMaximumLineLength) {
        self.resultFormat = resultFormat
        self.maximumLineLength = max(1, maximumLineLength)
        line.reserveCapacity(self.maximumLineLength + 1)
    }

    /// Number of bytes of an unfinished line held (never more than `maximumLineLength`).
    public var bufferedByteCount: Int { line.count }

    /// Tells the parser a command line was sent: a result is now due, and a line equal to
    /// `commandLine` (the modem's echo) is dropped.
    public mutating func commandSent(_ commandLine: String) {
        isResultPending = true
        echoToDrop = commandLine.trimmingSpaces().uppercased()
    }

    /// A final result is due without a command line (after `<DLE><ETX>` or CAN).
    public mutating func expectFinalResult() {
        isResultPending = true
        echoToDrop = nil
    }

    /// Nothing is pending any more (e.g. the caller gave up waiting).
    public mutating func cancelPending() {
        isResultPending = false
        echoToDrop = nil
    }

    /// Drops an unfinished line and returns its bytes.
    public mutating func discardPartialLine() -> [UInt8] {
        let partial = line
        line.removeAll(keepingCapacity: true)
        skippingOverlongLine = false
        return partial
    }

    /// Feeds one byte; returns an event when it completes a line.
    public mutating func consume(_ byte: UInt8) -> ATResponseEvent? {
        switch byte {
        case V250Control.cr, V250Control.lf:
            if skippingOverlongLine {
                skippingOverlongLine = false
                return nil
            }
            guard !line.isEmpty else { return nil }
            let complete = line
            line.removeAll(keepingCapacity: true)
            return classify(complete)
        case V250Control.nul:
            return nil
        default:
            guard !skippingOverlongLine else { return nil }
            line.append(byte)
            guard line.count > maximumLineLength else { return nil }
            skippingOverlongLine = true
            let prefix = Array(line.prefix(maximumLineLength))
            line.removeAll(keepingCapacity: true)
            return .garbage(prefix)
        }
    }

    /// Feeds bytes; returns the events they complete, in order.
    public mutating func feed(_ bytes: some Sequence<UInt8>) -> [ATResponseEvent] {
        var events: [ATResponseEvent] = []
        for byte in bytes {
            if let event = consume(byte) { events.append(event) }
        }
        return events
    }

    private mutating func classify(_ raw: [UInt8]) -> ATResponseEvent? {
        let text = Self.printableText(raw).trimmingSpaces()
        if text.isEmpty {
            let onlyBlanks = raw.allSatisfy { $0 == 0x20 || $0 == 0x09 }
            return onlyBlanks ? nil : .garbage(raw)
        }
        let upper = text.uppercased()
        if let echo = echoToDrop, upper == echo {
            echoToDrop = nil
            return .echo(text)
        }
        if upper == "RING" || (resultFormat == .numeric && text == "2") {
            return .unsolicited(.ring)
        }
        let code = ATResultCode(verbose: text) ?? (resultFormat == .numeric ? ATResultCode(numeric: text) : nil)
        if let code {
            if code == .noCarrier && !isResultPending { return .unsolicited(.noCarrier) }
            cancelPending()
            return .final(code)
        }
        if let field = CallerIDField(line: text) {
            return .unsolicited(.callerID(field))
        }
        return isResultPending ? .information(text) : .unsolicited(.other(text))
    }

    /// The line's printable bytes as Latin-1 text; tabs become spaces, C0/C1 controls and
    /// DEL are dropped.
    private static func printableText(_ raw: [UInt8]) -> String {
        var scalars = String.UnicodeScalarView()
        for byte in raw {
            switch byte {
            case 0x09: scalars.append(" ")
            case 0x20...0x7E, 0xA0...0xFF: scalars.append(Unicode.Scalar(byte))
            default: continue
            }
        }
        return String(scalars)
    }
}
