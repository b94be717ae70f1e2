// RetryPolicy: what the spool does after a failed call, by the cause (completion code) — a table,
// not a chain of ifs. docs/spool.md shows the standard table.

public struct RetryRule: Sendable, Hashable {
    /// A name for logs and documentation ("busy or no answer").
    public var name: String
    /// The completion codes this rule covers.
    public var codes: [ClosedRange<Int>]
    /// Seconds to wait before attempt 2, 3, …; the last value repeats. Empty: never retry.
    public var delays: [Double]
    /// Whether an attempt that ended this way counts against the job's `maxAttempts`. A local
    /// modem or line fault is not the job's: it is retried until the kill time instead.
    public var chargesAttempt: Bool

    public init(name: String, codes: [ClosedRange<Int>], delays: [Double], chargesAttempt: Bool = true) {
        self.name = name
        self.codes = codes
        self.delays = delays
        self.chargesAttempt = chargesAttempt
    }

    public var retries: Bool { !delays.isEmpty }

    /// Seconds to wait after attempt `attempt` (1-based) failed, or nil when this cause is not retried.
    public func delay(afterAttempt attempt: Int) -> Double? {
        guard let last = delays.last else { return nil }
        let index = attempt - 1
        return index >= 0 && index < delays.count ? delays[index] : last
    }

    public func covers(_ code: Int) -> Bool { codes.contains { $0.contains(code) } }
}

public struct RetryPolicy: Sendable, Hashable {
    /// Searched in order; the first rule covering the code applies.
    public var rules: [RetryRule]
    /// For codes no rule covers.
    public var fallback: RetryRule

    public init(rules: [RetryRule], fallback: RetryRule) {
        self.rules = rules
        self.fallback = fallback
    }

    public func rule(for code: Int) -> RetryRule {
        rules.first { $0.covers(code) } ?? fallback
    }

    private static let minute = 60.0

    /// The standard table (docs/spool.md).
    public static let standard = RetryPolicy(
        rules: [
            RetryRule(name: "busy or no answer", codes: [5201...5202], delays: [2 * minute, 5 * minute, 10 * minute]),
            RetryRule(name: "no fax answered (no carrier)", codes: [5204...5204], delays: [5 * minute, 10 * minute, 20 * minute]),
            // 5174/5178: page data under- or overflowed between this host and a Class 2 modem.
            RetryRule(name: "local line or modem trouble", codes: [5174...5174, 5178...5178, 5203...5203, 5206...5206, 5209...5209],
                      delays: [1 * minute, 2 * minute, 5 * minute], chargesAttempt: false),
            // Another modem (or the same one plugged back in) can take the fax at once.
            RetryRule(name: "modem removed", codes: [5212...5212], delays: [5, 30, 1 * minute], chargesAttempt: false),
            RetryRule(name: "T.30 protocol failure", codes: [5100...5199], delays: [5 * minute, 15 * minute, 30 * minute]),
            RetryRule(name: "call time limit", codes: [5207...5207], delays: [10 * minute, 30 * minute]),
            RetryRule(name: "answered by voice", codes: [5205...5205], delays: []),
            RetryRule(name: "number not assigned", codes: [5210...5210], delays: []),
            RetryRule(name: "kill time reached", codes: [5211...5211], delays: []),
            RetryRule(name: "cancelled", codes: [5208...5208], delays: []),
            RetryRule(name: "destination refused", codes: [4001...4002], delays: []),
            RetryRule(name: "document error", codes: [4200...4299], delays: []),
            RetryRule(name: "internal error", codes: [5300...5399], delays: [10 * minute, 30 * minute]),
        ],
        fallback: RetryRule(name: "other failure", codes: [], delays: [5 * minute, 15 * minute, 30 * minute])
    )
}
