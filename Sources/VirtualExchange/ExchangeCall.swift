// ExchangeCall: one call on the exchange, from dialling to hang-up.

import Foundation

final class ExchangeCall {
    enum State { case ringing, connected }

    let id: Int
    let caller: ExchangeLine
    let callee: ExchangeLine
    let startedAt = Date()
    let setupTick: Int
    var state: State = .ringing
    var rings = 0
    var answerTick: Int?
    var samples = 0
    var underruns = 0
    /// The party that hung up first; the other still has the line until `disconnectTick`.
    var hungUpParty: ExchangeLine?
    var disconnectTick: Int?
    var callerEndpoint: CallAudioEndpoint?
    var calleeEndpoint: CallAudioEndpoint?
    /// What each party hears passes through that party's line impairments.
    let callerHears: ImpairmentProcessor
    let calleeHears: ImpairmentProcessor

    init(id: Int, caller: ExchangeLine, callee: ExchangeLine, tick: Int) {
        self.id = id
        self.caller = caller
        self.callee = callee
        self.setupTick = tick
        callerHears = ImpairmentProcessor(caller.profile.impairments)
        calleeHears = ImpairmentProcessor(callee.profile.impairments)
    }

    /// True while `line` is on this call (a party that already hung up is not).
    func involves(_ line: ExchangeLine) -> Bool {
        (caller === line || callee === line) && hungUpParty !== line
    }

    func endpoint(of line: ExchangeLine) -> CallAudioEndpoint? {
        caller === line ? callerEndpoint : calleeEndpoint
    }

    func other(than line: ExchangeLine) -> ExchangeLine {
        caller === line ? callee : caller
    }
}
