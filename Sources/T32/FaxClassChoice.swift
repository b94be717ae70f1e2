// FaxClassChoice: which command set to drive a modem with — the `class:` a fax administrator
// configures (auto, 1, 2, 2.0, 2.1, or voice: V.253 class 8 audio with SwiftFax's soft modem) and,
// for auto, the decision from what the modem offers (+FCLASS=?) and what its quirks row says works
// best on that family, else Class 1 (the host runs T.30: every frame logged, every timer ours),
// else the newest Class 2 dialect it offers, else voice (the whole fax in software on the host).

import V250

public enum FaxClassSetting: String, Sendable, Hashable, Codable, CaseIterable {
    case auto
    case class1 = "1"
    case class2 = "2"
    case class20 = "2.0"
    case class21 = "2.1"
    /// The newest Class 2 dialect the modem offers (2.1, 2.0, then 2).
    case anyClass2 = "2.x"
    /// V.253 voice (class 8): the modem carries audio, SwiftFax's soft modem does the fax.
    case voice

    /// The same choice under the names of the `driver:` key (`auto`, `class1`, `class2`,
    /// `softmodem`): by what runs T.30 rather than by command-set number.
    public init?(driver: String) {
        switch driver {
        case "auto": self = .auto
        case "class1": self = .class1
        case "class2": self = .anyClass2
        case "softmodem": self = .voice
        default: return nil
        }
    }

    public static let driverNames = ["auto", "class1", "class2", "softmodem"]

    /// The class to select on a modem with `identity`, and why; nil class when it offers none
    /// that this setting allows. Under `auto`, a modem whose last `modemFaults` calls in a row
    /// failed in the modem itself (not the line, not the far end) falls back to voice with the soft
    /// modem once that reaches `fallbackAfter` (0: never), if it offers voice.
    public func choose(for identity: ModemIdentity, modemFaults: Int = 0, fallbackAfter: Int = 0) -> (faxClass: FaxClass?, reason: String) {
        let offered = identity.classes
        switch self {
        case .auto where fallbackAfter > 0 && modemFaults >= fallbackAfter && offered.contains(.voice):
            return (.voice, "auto: \(modemFaults) calls in a row ended in a modem fault; falling back to voice with the soft modem")
        case .auto:
            let row = T32Quirks.lookup(identity)
            if let preferred = row.preferredClass {
                if preferred.isClass1, identity.supportsClass1 { return (.class1, "auto: the quirks row \"\(row.name)\" prefers Class 1") }
                if !preferred.isClass1, let best = Class2Modem.choose(from: offered, prefer: preferred == .class2 ? .class2 : .class20) {
                    return (best, "auto: the quirks row \"\(row.name)\" prefers Class \(preferred.rawValue)")
                }
            }
            if identity.supportsClass1 { return (.class1, "auto: Class 1 offered (the host runs T.30)") }
            if let best = Class2Modem.choose(from: offered) { return (best, "auto: no Class 1; the newest Class 2 offered") }
            if offered.contains(.voice) { return (.voice, "auto: no fax class; voice (class 8) with the soft modem") }
            return (nil, "the modem offers no fax class and no voice (+FCLASS=? \(offered.sorted().map(\.rawValue).joined(separator: ",")))")
        case .class1:
            return identity.supportsClass1 ? (.class1, "configured") : (nil, "configured Class 1, but the modem does not offer it")
        case .voice:
            return offered.contains(.voice) ? (.voice, "configured") : (nil, "configured voice, but the modem does not offer class 8")
        case .anyClass2:
            return Class2Modem.choose(from: offered).map { ($0, "configured: the newest Class 2 offered") }
                ?? (nil, "configured Class 2, but the modem offers no Class 2 dialect")
        case .class2, .class20, .class21:
            let wanted = FaxClass(rawValue: rawValue)
            return offered.contains(wanted) ? (wanted, "configured") : (nil, "configured Class \(rawValue), but the modem does not offer it")
        }
    }
}
