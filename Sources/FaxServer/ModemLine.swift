// ModemLine: one modem as its worker's thread sees it — open and reset, a RingCounter kept across
// short watches (so the worker can look at the queue between rings), a liveness check while
// idle, and running a FaxSession over the open modem. Touched only on its ModemThread, which is
// why it may be @unchecked Sendable.

import FaxOutcome
import Foundation
import SerialPort
import T30
import T31
import V250

final class ModemLine: @unchecked Sendable {
    let configuration: ModemConfiguration
    let lockDirectory: String?
    private(set) var modem: Class1Modem?
    private var rings: RingCounter
    private var lastHeard = ContinuousClock.now

    /// An idle modem is asked `AT` this often, so one that stopped answering goes offline
    /// before a job is given to it.
    static let idleCheckInterval: Duration = .seconds(30)

    init(configuration: ModemConfiguration, lockDirectory: String?) {
        self.configuration = configuration
        self.lockDirectory = lockDirectory
        rings = RingCounter(ringsToAnswer: configuration.rings)
    }

    /// Opens (if needed) and resets the modem; returns what it says it is.
    func start() throws(Class1Error) -> ModemIdentity {
        if modem == nil {
            modem = try Class1Modem.open(path: configuration.device, lockDirectory: lockDirectory)
        }
        do {
            try modem!.reset()
        } catch {
            close()
            throw error
        }
        forgetRings()
        lastHeard = .now
        return modem!.identity
    }

    func close() {
        modem?.close()
        modem = nil
        forgetRings()
    }

    /// The phone is ringing and not yet answered.
    var isRinging: Bool { rings.isRinging }

    /// Watches the line for up to `timeout`; returns the call once it has rung `rings` times.
    /// Throws when the modem is gone or no longer answers.
    func watch(timeout: Duration) throws(Class1Error) -> Class1IncomingCall? {
        guard let modem else { throw .notResponding(command: "(closed)") }
        rings.forgetIfStale()
        let ringsBefore = rings.rings
        if let call = try modem.watchForCall(&rings, timeout: timeout) {
            lastHeard = .now
            return call
        }
        if rings.rings > ringsBefore {
            lastHeard = .now
        } else if !isRinging, ContinuousClock.now - lastHeard > Self.idleCheckInterval {
            _ = try modem.require("AT")
            lastHeard = .now
        }
        return nil
    }

    /// Runs a session over the open modem: dials `number` or answers `ringing`.
    func run(_ session: FaxSession, setup: FaxCallSetup, ringing: Class1IncomingCall? = nil) -> (FaxSessionResult, CallerID?) {
        guard let modem else { return (FaxSessionResult(completion: .modemUnavailable), nil) }
        let frontEnd = Class1FrontEnd(modem: modem)
        frontEnd.answerAfterRings = configuration.rings
        frontEnd.ringingCall = ringing
        let result = session.run(over: frontEnd, setup: setup)
        lastHeard = .now
        return (result, frontEnd.callerID)
    }

    private func forgetRings() {
        rings = RingCounter(ringsToAnswer: configuration.rings)
    }
}
