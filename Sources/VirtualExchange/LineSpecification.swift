// LineSpecification: a line described in one word, for the command line and config files:
//
//     NUMBER=KIND[,key=value…]
//     100=modem,path=/var/run/swiftfax/ttyFAX0       a virtual Class 1 modem
//     101=modem,class=2.0,path=/tmp/ttyFAX1          a virtual Class 2/2.0 modem (class=2: Class 2 only)
//     102=voice-modem,path=/tmp/ttyV0                 a virtual V.253 (Class 8) voice modem
//                                                     (class1=broken: offers class 1, which fails)
//     200=fax,inbox=/var/spool/swiftfax/in,rings=2   a built-in fax machine
//     300=busy   301=no-answer   302=voice,rings=2,seconds=20
//
// Any line also takes name=TEXT, noise=DBM0, law=alaw|ulaw, dropouts=PER_MINUTE,
// drop-after=SECONDS and no-dialtone; fax lines take ident=TSI, drop-after-page=N, and
// call=NUMBER,document=FILE to call out and send FILE once the exchange runs.

import T30

public struct LineSpecification: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case modem(path: String?)
        /// A Class 2 (SP-2388) or Class 2/2.0 (T.32) modem.
        case class2Modem(path: String?, dialect: T32ModemDialect)
        /// A V.253 voice modem.
        case voiceModem(path: String?, brokenClass1: Bool)
        case faxMachine(inbox: String, rings: Int, identity: String, dropAfterPage: Int?, callOut: CallOut?)
        case busy
        case noAnswer
        case voice(rings: Int, seconds: Double)
    }

    /// A document a fax machine sends once the exchange is running.
    public struct CallOut: Sendable, Hashable {
        public var number: String
        public var document: String
    }

    public var number: String
    public var name: String
    public var kind: Kind
    public var profile: LineProfile

    public init(parsing text: String) throws(LineSpecificationError) {
        guard let equals = text.firstIndex(of: "=") else { throw .malformed(text, "expected NUMBER=KIND") }
        number = String(text[..<equals])
        guard !number.isEmpty, number.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "*" || $0 == "#") }) else {
            throw .malformed(text, "the line number must be digits")
        }
        var parts = text[text.index(after: equals)...].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let kindName = parts.removeFirst()
        var options: [String: String] = [:]
        for part in parts {
            let pair = part.split(separator: "=", maxSplits: 1).map(String.init)
            options[pair[0]] = pair.count > 1 ? pair[1] : ""
        }
        func take(_ key: String) -> String? { options.removeValue(forKey: key) }
        func numeric<T: LosslessStringConvertible>(_ key: String, _ type: T.Type) throws(LineSpecificationError) -> T? {
            guard let raw = take(key) else { return nil }
            guard let value = T(raw) else { throw .malformed(text, "\(key) must be a number") }
            return value
        }

        name = take("name") ?? ""
        var impairments = LineImpairments()
        impairments.noiseDBm0 = try numeric("noise", Double.self)
        if let law = take("law") {
            guard let companding = LineImpairments.Companding(rawValue: law) else { throw .malformed(text, "law must be alaw or ulaw") }
            impairments.companding = companding
        }
        impairments.dropoutsPerMinute = try numeric("dropouts", Double.self) ?? 0
        profile = LineProfile(
            dropAfterSeconds: try numeric("drop-after", Double.self),
            dialTone: take("no-dialtone") == nil,
            impairments: impairments
        )
        switch kindName {
        case "modem":
            switch take("class") ?? "1" {
            case "1": kind = .modem(path: take("path"))
            case "2": kind = .class2Modem(path: take("path"), dialect: .class2)
            case "2.0": kind = .class2Modem(path: take("path"), dialect: .class20)
            case let other: throw .malformed(text, "unknown modem class '\(other)' (1, 2, 2.0)")
            }
        case "voice-modem":
            let class1 = take("class1")
            guard class1 == nil || class1 == "broken" else { throw .malformed(text, "class1 can only be 'broken' (a fault to inject)") }
            kind = .voiceModem(path: take("path"), brokenClass1: class1 == "broken")
        case "fax":
            guard let inbox = take("inbox") else { throw .malformed(text, "a fax line needs inbox=DIRECTORY") }
            var callOut: CallOut?
            switch (take("call"), take("document")) {
            case (nil, nil): callOut = nil
            case (let call?, let document?): callOut = CallOut(number: call, document: document)
            default: throw .malformed(text, "call= and document= go together")
            }
            kind = .faxMachine(inbox: inbox, rings: try numeric("rings", Int.self) ?? 1, identity: take("ident") ?? number,
                               dropAfterPage: try numeric("drop-after-page", Int.self), callOut: callOut)
        case "busy":
            kind = .busy
            profile.answering = .busy
        case "no-answer":
            kind = .noAnswer
            profile.answering = .neverAnswers
        case "voice":
            let rings = try numeric("rings", Int.self) ?? 2
            let seconds = try numeric("seconds", Double.self) ?? 20
            kind = .voice(rings: rings, seconds: seconds)
            profile.answering = .voice(rings: rings, seconds: seconds)
        default:
            throw .malformed(text, "unknown line kind '\(kindName)' (modem, voice-modem, fax, busy, no-answer, voice)")
        }
        if let unknown = options.keys.sorted().first {
            throw .malformed(text, "unknown option '\(unknown)'")
        }
    }
}

public enum LineSpecificationError: Error, Equatable, CustomStringConvertible {
    case malformed(String, String)

    public var description: String {
        switch self {
        case .malformed(let text, let why): "line '\(text)': \(why)"
        }
    }
}

extension VirtualExchange {
    /// The equipment a specification put on the exchange.
    public enum AddedLine {
        case modem(VirtualModemLine)
        case class2Modem(T32ModemLine)
        case voiceModem(V253ModemLine)
        case faxMachine(FaxMachineLine)
        case behaviour
    }

    /// Adds the line a specification describes.
    @discardableResult
    public func add(_ spec: LineSpecification) throws -> AddedLine {
        switch spec.kind {
        case .modem(let path):
            return .modem(try addModem(number: spec.number, name: spec.name, path: path, profile: spec.profile))
        case .class2Modem(let path, let dialect):
            return .class2Modem(try addClass2Modem(number: spec.number, name: spec.name, path: path, dialect: dialect, profile: spec.profile))
        case .voiceModem(let path, let brokenClass1):
            return .voiceModem(try addVoiceModem(number: spec.number, name: spec.name, path: path, profile: spec.profile, brokenClass1: brokenClass1))
        case .faxMachine(let inbox, let rings, let identity, let dropAfterPage, _):
            return .faxMachine(try addFaxMachine(
                number: spec.number, name: spec.name, inbox: inbox, rings: rings,
                options: FaxSessionOptions(localIdentity: identity), profile: spec.profile, dropAfterPage: dropAfterPage
            ))
        case .busy, .noAnswer, .voice:
            addBehaviourLine(number: spec.number, name: spec.name, profile: spec.profile)
            return .behaviour
        }
    }
}
