// SoftModemLine: an exchange line for in-process equipment. It is the AudioLinePort a
// SoftModemFrontEnd runs over, so a FaxSession can place or answer calls on the exchange.

import FaxOutcome
import Foundation
import T30

public final class SoftModemLine: ExchangeLine, AudioLinePort, @unchecked Sendable {
    public let number: String
    public let name: String
    public let profile: LineProfile
    /// Rings to wait before answering in `answerCall()`.
    public var ringsBeforeAnswer: Int
    let events = LineEventQueue()
    private unowned let exchange: VirtualExchange
    /// The current call's audio; touched only by the thread that owns this line.
    private var link: LockstepAudioLink?
    private var inCall = false
    /// Equipment with a thread of its own behind this line (a fax machine) waits for it here.
    var stopWaiter: ((Double) -> Void)?

    init(exchange: VirtualExchange, number: String, name: String, profile: LineProfile, ringsBeforeAnswer: Int) {
        self.exchange = exchange
        self.number = number
        self.name = name
        self.profile = profile
        self.ringsBeforeAnswer = ringsBeforeAnswer
    }

    func post(_ event: LineEvent) {
        events.post(event)
    }

    func waitUntilStopped(timeout: Double) {
        stopWaiter?(timeout)
    }

    public func placeCall(to number: String) -> CallSetupResult {
        discardStaleEvents()
        inCall = true
        exchange.dial(from: self, number: number)
        while let event = events.next() {
            switch event {
            case .answered(let link):
                self.link = link
                return .connected
            case .callFailed(let failure):
                inCall = false
                return .failed(Self.completion(for: failure))
            case .hungUp, .shutdown:
                inCall = false
                return .failed(.noCarrier)
            default:
                continue
            }
        }
        return .failed(.noCarrier)
    }

    public func answerCall() -> CallSetupResult {
        if link != nil { return .connected }  // already answered by the line's owner
        while let event = events.next() {
            switch event {
            case .ring(let count) where count >= ringsBeforeAnswer:
                inCall = true
                exchange.answer(self)
            case .connected(let link):
                self.link = link
                return .connected
            case .shutdown:
                return .failed(.cancelled)
            default:
                continue
            }
        }
        return .failed(.cancelled)
    }

    /// Takes a call the owner decided to answer (used by equipment that runs its own event loop).
    func accept(_ link: LockstepAudioLink) {
        self.link = link
        inCall = true
    }

    public func exchange(transmit: UnsafeBufferPointer<Int16>, receive: UnsafeMutableBufferPointer<Int16>) -> Bool {
        guard let link else { return false }
        return link.exchange(transmit: transmit, receive: receive)
    }

    public func hangUp() {
        if inCall {
            exchange.hangUp(self)
        }
        inCall = false
        link = nil
    }

    func answerRingingCall() {
        inCall = true
        exchange.answer(self)
    }

    /// Forgets what is left over from an earlier call (a late hang-up, rings of an abandoned
    /// call) — except a shutdown, which still applies.
    private func discardStaleEvents() {
        for case .shutdown in events.drain() {
            events.post(.shutdown)
        }
    }

    static func completion(for failure: CallFailure) -> FaxCompletion {
        switch failure {
        case .busy: .busy
        case .noAnswer: .noAnswer
        case .noDialtone: .noDialtone
        case .unassigned: .unassignedNumber
        }
    }
}

extension VirtualExchange {
    /// Adds a line for in-process equipment: run a FaxSession over `SoftModemFrontEnd(port: line)`.
    public func addSoftModemLine(number: String, name: String = "", profile: LineProfile = LineProfile(), ringsBeforeAnswer: Int = 1) -> SoftModemLine {
        let line = SoftModemLine(exchange: self, number: number, name: name, profile: profile, ringsBeforeAnswer: ringsBeforeAnswer)
        register(line)
        return line
    }
}
