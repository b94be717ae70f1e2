// InboundRoute: which faxbox a received fax lands in, from what the line told about the call.
// First match wins, most specific first: the called number (where the line gives it) → a rule
// on the caller → the modem the call came in on → a box whose number is the modem's own station
// identity → the default box. The answer says which rule chose the box (the job's event says it).

import Foundation

public struct InboundCall: Sendable, Hashable {
    /// The caller's number (caller ID), when the line gave it.
    public var caller: String?
    /// The number the caller dialled (DDI/DID), when the line gives it.
    public var calledNumber: String?
    /// The modem that answered.
    public var modem: String
    /// The answering modem's own station identity (CSI).
    public var identity: String

    public init(caller: String? = nil, calledNumber: String? = nil, modem: String, identity: String) {
        self.caller = caller
        self.calledNumber = calledNumber
        self.modem = modem
        self.identity = identity
    }
}

public enum InboundRoute {
    /// The box for `call` among `boxes`, and why.
    public static func choose(_ call: InboundCall, among boxes: [Faxbox]) -> (box: String, reason: String) {
        let digits = { (text: String) in text.filter(\.isNumber) }
        if let called = call.calledNumber.map(digits), !called.isEmpty,
           let box = boxes.first(where: { $0.numbers.contains { digits($0) == called } }) {
            return (box.id, "called number \(called)")
        }
        if let caller = call.caller, !caller.isEmpty,
           let (box, pattern) = boxes.lazy.compactMap({ box in box.callers.first { matches(caller, pattern: $0) }.map { (box, $0) } }).first {
            return (box.id, "caller matches \(pattern)")
        }
        if let box = boxes.first(where: { $0.modems.contains(call.modem) }) {
            return (box.id, "modem \(call.modem)")
        }
        let own = digits(call.identity)
        if !own.isEmpty, let box = boxes.first(where: { $0.identity.map(digits) == own }) {
            return (box.id, "identity \(call.identity)")
        }
        return (Faxbox.defaultID, "no route matched")
    }

    /// Shell-style: `*` any run, `?` one character; digits of a number compare with or without `+`.
    static func matches(_ text: String, pattern: String) -> Bool {
        Wildcard.matches(String(text.hasPrefix("+") ? text.dropFirst() : Substring(text)),
                         pattern: String(pattern.hasPrefix("+") ? pattern.dropFirst() : Substring(pattern)))
    }
}
