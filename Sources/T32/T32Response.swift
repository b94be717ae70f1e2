// T32Response: one information line a Class 2 modem sends during a call, read in either dialect
// (T.32 §8.4 / Class 2): connected, the far end's capabilities, the negotiated session, the far
// end's identities, a page's status, the post-page message, the hang-up report. Anything else
// (or a malformed value) is nil: the driver logs it and carries on — a modem's text never
// crashes or misleads the driver.

public enum T32Response: Sendable, Hashable {
    /// +FCON: the fax connection is made (phase B begins).
    case connected
    /// +FIS / +FDIS: what the far end can do (its DIS or DTC).
    case remoteCapabilities(T32SessionParameters)
    /// +FCS / +FDCS: the session negotiated (DCS sent or received).
    case sessionParameters(T32SessionParameters)
    /// +FTI / +FTSI: the transmitting station's identity.
    case transmitterID(String)
    /// +FCI / +FCSI: the called station's identity.
    case calledID(String)
    /// +FPI / +FCIG: the polling station's identity.
    case pollingID(String)
    /// +FPS / +FPTS: the page's status (and, when given, its line and bad-line counts).
    case pageStatus(T32PageStatus, lines: Int?, badLines: Int?)
    /// +FET: the post-page message the far end sent.
    case postPage(T32PostPageMessage)
    /// +FHS / +FHNG: the call is over, and why.
    case hangUp(T32HangupCode)
    /// +FPO / +FPOLL: the far end has a document to be polled.
    case pollingRequest

    /// The response on `line`, or nil if it is none of these (or its value is malformed).
    public init?(_ line: some StringProtocol, dialect: T32Dialect) {
        let names = dialect.names
        let text = String(line.prefix(512))
        let (name, value) = Self.split(text)
        switch name {
        case names.connected:
            self = .connected
        case names.remoteCapabilities:
            guard let parameters = T32SessionParameters(value) else { return nil }
            self = .remoteCapabilities(parameters)
        case names.sessionParameters:
            guard let parameters = T32SessionParameters(value) else { return nil }
            self = .sessionParameters(parameters)
        case names.transmitterID:
            self = .transmitterID(Self.identity(value))
        case names.calledID:
            self = .calledID(Self.identity(value))
        case names.pollingID:
            self = .pollingID(Self.identity(value))
        case names.pageStatus:
            let fields = value.split(separator: ",", omittingEmptySubsequences: false).map { String($0.filter { $0 != " " }) }
            guard let first = fields.first, first.isDigits(radix: 10), first.utf8.count <= 2, let code = Int(first), let status = T32PageStatus(rawValue: code) else {
                return nil
            }
            func count(_ index: Int) -> Int? {
                // T.32 writes the counts in hex, Class 2 in decimal.
                let radix = dialect == .class20 ? 16 : 10
                guard index < fields.count, fields[index].utf8.count <= 9, fields[index].isDigits(radix: radix) else { return nil }
                return Int(fields[index], radix: radix)
            }
            self = .pageStatus(status, lines: count(1), badLines: count(2))
        case names.postPage:
            let digits = String(value.filter { $0 != " " })
            guard digits.isDigits(radix: 10), digits.utf8.count <= 2, let code = Int(digits), let message = T32PostPageMessage(rawValue: code) else { return nil }
            self = .postPage(message)
        case names.hangUp:
            guard let code = T32HangupCode(value, dialect: dialect) else { return nil }
            self = .hangUp(code)
        case names.polling:
            self = .pollingRequest
        default:
            return nil
        }
    }

    /// "+FCS: 1,5" → ("+FCS", "1,5"); "+FCON" → ("+FCON", "").
    static func split(_ text: String) -> (name: String, value: Substring) {
        let trimmed = text.drop { $0 == " " }
        guard let colon = trimmed.firstIndex(of: ":") else {
            return (String(trimmed.prefix { $0 != " " }).uppercased(), "")
        }
        return (String(trimmed[..<colon]).trimmingSpaces().uppercased(), trimmed[trimmed.index(after: colon)...])
    }

    /// An identity as sent: the text between the quotes (T.32 quotes it; some modems don't),
    /// printable ASCII only, at most 20 characters as T.30 allows.
    static func identity(_ value: Substring) -> String {
        var text = value.trimmingSpaces()
        if text.hasPrefix("\""), text.count >= 2, text.hasSuffix("\"") { text = String(text.dropFirst().dropLast()) }
        return String(text.unicodeScalars.filter { $0.value >= 0x20 && $0.value < 0x7F }.prefix(20).map(Character.init)).trimmingSpaces()
    }
}

/// +FPS / +FPTS: the far end's answer to a page (T.30's post-message responses).
public enum T32PageStatus: Int, Sendable, Hashable {
    /// MCF: the page was received well.
    case confirmed = 1
    /// RTN: not good enough; retrain, and the page is not confirmed.
    case retrainNegative = 2
    /// RTP: received well enough; retrain before the next.
    case retrainPositive = 3
    /// PIN: procedure interrupt, negative.
    case interruptNegative = 4
    /// PIP: procedure interrupt, positive.
    case interruptPositive = 5

    /// Whether the page counts as delivered.
    public var isConfirmed: Bool { self == .confirmed || self == .retrainPositive || self == .interruptPositive }
}

/// +FET: the post-page message (and +FET=n, the one the host asks to send).
public enum T32PostPageMessage: Int, Sendable, Hashable {
    /// MPS: another page follows, same document.
    case multiPage = 0
    /// EOM: end of message; another document follows after phase B again.
    case endOfMessage = 1
    /// EOP: end of procedure: the last page.
    case endOfProcedure = 2
    case priorityMultiPage = 3
    case priorityEndOfMessage = 4
    case priorityEndOfProcedure = 5
}

extension StringProtocol {
    func trimmingSpaces() -> String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}

extension String {
    /// Only digits of `radix` (no sign, no spaces): Int(_:radix:) alone would take "-1" and "+1".
    func isDigits(radix: Int) -> Bool {
        !isEmpty && allSatisfy { $0.isASCII && ($0.isHexDigit) && Int(String($0), radix: radix) != nil }
    }
}
