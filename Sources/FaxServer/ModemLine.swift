// ModemLine: one modem as its worker's thread sees it — open, identify and choose its command set
// (`class:` auto|1|2|2.0|2.1|voice; see FaxClassChoice), reset it under the chosen driver (Class 1:
// the host runs T.30; Class 2 / 2.0: the modem does; voice: the modem carries audio and the host
// runs the soft modem and T.30), a RingCounter kept across short watches (so the
// worker can look at the queue between rings), a liveness check while idle, and running a
// FaxSession over the open modem with the front end of its driver. Touched only on its
// ModemThread, which is why it may be @unchecked Sendable.

import FaxOutcome
import Foundation
import Synchronization
import SerialPort
import T30
import T31
import T32
import V250
import V253

final class ModemLine: @unchecked Sendable {
    let configuration: ModemConfiguration
    let lockDirectory: String?
    /// The station identity set in a Class 2 modem at reset (Class 1 sends the session's own).
    let stationIdentity: String

    /// The open modem, under the driver chosen for it.
    enum Driver {
        case class1(Class1Modem)
        case class2(Class2Modem)
        case voice(V253Modem)

        var channel: ATChannel {
            switch self {
            case .class1(let modem): modem.channel
            case .class2(let modem): modem.channel
            case .voice(let modem): modem.channel
            }
        }
    }

    private(set) var driver: Driver?
    /// The class in use ("1", "2", "2.0", "2.1") once started, and why it was chosen.
    private(set) var faxClass: String?
    private(set) var classReason = ""
    /// Calls in a row that ended in a modem fault under a fax class (the fallback's count).
    private(set) var modemFaults = 0
    private var rings: RingCounter
    /// Closes the open modem from any thread (`abandon`).
    private let closer = Mutex<(@Sendable () -> Void)?>(nil)
    private var lastHeard = ContinuousClock.now

    /// An idle modem is asked `AT` this often, so one that stopped answering goes offline
    /// before a job is given to it.
    static let idleCheckInterval: Duration = .seconds(30)

    init(configuration: ModemConfiguration, lockDirectory: String?, stationIdentity: String = "") {
        self.configuration = configuration
        self.lockDirectory = lockDirectory
        self.stationIdentity = stationIdentity
        rings = RingCounter(ringsToAnswer: configuration.rings)
    }

    /// Opens (if needed), identifies and resets the modem under the driver its class calls for;
    /// returns what it says it is.
    func start() throws(ModemLineError) -> ModemIdentity {
        do throws(ModemLineError) {
            if driver == nil { try open() }
            let identity: ModemIdentity
            switch driver! {
            case .class1(let modem):
                do { try modem.reset() } catch { throw ModemLineError(error) }
                identity = modem.identity
            case .class2(let modem):
                let prefer: T32Dialect = faxClass == FaxClass.class2.rawValue ? .class2 : .class20
                do { try modem.reset(stationIdentity: stationIdentity, prefer: prefer) } catch { throw ModemLineError(error) }
                identity = modem.identity
                faxClass = modem.selectedClass.rawValue
            case .voice(let modem):
                do { try modem.reset() } catch { throw ModemLineError(error) }
                identity = modem.identity
            }
            forgetRings()
            lastHeard = .now
            return identity
        } catch {
            close()
            throw error
        }
    }

    /// Opens the port, asks the modem who it is and which classes it offers, and picks the driver.
    private func open() throws(ModemLineError) {
        let port: SerialPort
        do {
            port = try SerialPort.openModem(path: configuration.device, lockDirectory: lockDirectory)
        } catch {
            throw ModemLineError("\(error)")
        }
        // SerialPort.close may be called from any thread.
        nonisolated(unsafe) let closable = port
        closer.withLock { $0 = { closable.close() } }
        let channel = ATChannel(transport: port)
        guard channel.wake() else {
            port.close()
            throw ModemLineError("the modem is not responding (ATE0)")
        }
        let identity: ModemIdentity
        do {
            identity = try channel.queryIdentity().identity
        } catch {
            port.close()
            throw ModemLineError("\(error)")
        }
        let (chosen, reason) = configuration.faxClass.choose(for: identity, modemFaults: modemFaults, fallbackAfter: configuration.fallbackAfter)
        guard let chosen else {
            port.close()
            throw ModemLineError(reason)
        }
        faxClass = chosen == .voice ? "voice" : chosen.rawValue
        classReason = reason
        driver = chosen.isClass1 ? .class1(Class1Modem(channel: channel, port: port))
            : chosen == .voice ? .voice(V253Modem(channel: channel, port: port))
            : .class2(Class2Modem(channel: channel, port: port))
    }

    /// Counts a finished call toward the fallback: a modem fault under a fax class adds one, any
    /// other end starts the count again.
    private func noteCallEnded(_ completion: FaxCompletion) {
        switch driver {
        case .class1, .class2:
            let faults = [FaxCompletion.modemNotResponding.code, FaxCompletion.modemUnavailable.code]
            modemFaults = faults.contains(completion.code) ? modemFaults + 1 : 0
        case .voice, nil:
            break
        }
    }

    /// The device was unplugged: its port is closed under the line's thread, whose I/O then fails.
    func abandon() {
        closer.withLock { $0 }?()
    }

    func close() {
        closer.withLock { $0 = nil }
        switch driver {
        case .class1(let modem): modem.close()
        case .class2(let modem): modem.close()
        case .voice(let modem): modem.close()
        case nil: break
        }
        driver = nil
        forgetRings()
    }

    /// The phone is ringing and not yet answered.
    var isRinging: Bool { rings.isRinging }

    /// Watches the line for up to `timeout`; returns the call once it has rung `rings` times.
    /// Throws when the modem is gone or no longer answers.
    func watch(timeout: Duration) throws(ModemLineError) -> IncomingCall? {
        guard let channel = driver?.channel else { throw ModemLineError("the modem is closed") }
        rings.forgetIfStale()
        let ringsBefore = rings.rings
        do {
            if let call = try channel.watchForCall(&rings, timeout: timeout) {
                lastHeard = .now
                return call
            }
            if rings.rings > ringsBefore {
                lastHeard = .now
            } else if !isRinging, ContinuousClock.now - lastHeard > Self.idleCheckInterval {
                let result = try channel.send("AT", timeout: .seconds(3))
                guard result.isOK else { throw ModemLineError("AT answered \(result)") }
                lastHeard = .now
            }
        } catch let error as ModemLineError {
            throw error
        } catch {
            throw ModemLineError("\(error)")
        }
        return nil
    }

    /// Runs a session over the open modem: dials `number` or answers `ringing`.
    func run(_ session: FaxSession, setup: FaxCallSetup, ringing: IncomingCall? = nil) -> (FaxSessionResult, CallerID?) {
        let (result, callerID) = runSession(session, setup: setup, ringing: ringing)
        noteCallEnded(result.completion)
        lastHeard = .now
        return (result, callerID)
    }

    private func runSession(_ session: FaxSession, setup: FaxCallSetup, ringing: IncomingCall?) -> (FaxSessionResult, CallerID?) {
        switch driver {
        case .class1(let modem):
            let frontEnd = Class1FrontEnd(modem: modem)
            frontEnd.answerAfterRings = configuration.rings
            frontEnd.ringingCall = ringing
            return (session.run(over: frontEnd, setup: setup), frontEnd.callerID)
        case .class2(let modem):
            let frontEnd = Class2FrontEnd(modem: modem)
            frontEnd.answerAfterRings = configuration.rings
            frontEnd.ringingCall = ringing
            modem.sessionOptions = session.options
            return (session.run(over: frontEnd, setup: setup), frontEnd.callerID)
        case .voice(let modem):
            let frontEnd = V253FrontEnd(modem: modem)
            frontEnd.line.answerAfterRings = configuration.rings
            frontEnd.line.ringingCall = ringing
            return (session.run(over: frontEnd, setup: setup), frontEnd.line.callerID)
        case nil:
            // Closed under the call (unplugged, or failed and not yet reopened): the session
            // ends 5209 and its events end with it, or the worker would wait for them forever.
            return (session.endUnrun(.modemUnavailable), nil)
        }
    }

    private func forgetRings() {
        rings = RingCounter(ringsToAnswer: configuration.rings)
    }
}

/// Why a line could not be started or watched, as text for the modem's status and log.
struct ModemLineError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) { self.description = description }
    init(_ error: some Error) { self.description = "\(error)" }
}
