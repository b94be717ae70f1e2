// ExchangeLine: a numbered line on the exchange, and how it behaves when called.

/// What the exchange does with a call to (or from) a line, beyond what the line's own equipment does.
public struct LineProfile: Sendable, Hashable {
    public enum Answering: Sendable, Hashable {
        /// The line's equipment (modem, fax machine, client) answers.
        case equipment
        /// Always busy.
        case busy
        /// Rings until the caller gives up.
        case neverAnswers
        /// A person answers after `rings` rings, talks for `seconds`, then hangs up.
        case voice(rings: Int, seconds: Double)
    }

    public var answering: Answering
    /// The exchange ends any connected call on this line after this many line seconds.
    public var dropAfterSeconds: Double?
    /// False: calls from this line get no dial tone.
    public var dialTone: Bool
    /// What the line's party hears is impaired this way.
    public var impairments: LineImpairments

    public init(answering: Answering = .equipment, dropAfterSeconds: Double? = nil, dialTone: Bool = true, impairments: LineImpairments = LineImpairments()) {
        self.answering = answering
        self.dropAfterSeconds = dropAfterSeconds
        self.dialTone = dialTone
        self.impairments = impairments
    }
}

/// A line as the exchange sees it.
protocol ExchangeLine: AnyObject, Sendable {
    var number: String { get }
    var name: String { get }
    var profile: LineProfile { get }
    /// Delivers an event to the line's equipment.
    func post(_ event: LineEvent)
    /// Called on the clock thread when audio arrives for the line (poll-driven equipment wakes up).
    func audioArrived()
    /// After `.shutdown` was posted: waits until the line's own thread has finished.
    func waitUntilStopped(timeout: Double)
}

extension ExchangeLine {
    func audioArrived() {}
    func waitUntilStopped(timeout: Double) {}
}

/// A line with no equipment of its own: busy, never answering, or a person answering.
final class BehaviourLine: ExchangeLine, @unchecked Sendable {
    let number: String
    let name: String
    let profile: LineProfile

    init(number: String, name: String, profile: LineProfile) {
        self.number = number
        self.name = name
        self.profile = profile
    }

    func post(_ event: LineEvent) {}
}
