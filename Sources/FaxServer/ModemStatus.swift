// ModemStatus: what each modem is doing right now, kept by the modem pool and read by the API
// (GET /v1/modems) — a board of snapshots behind a lock, written only by each modem's own worker.

import Foundation
import Synchronization

public struct ModemStatus: Sendable, Hashable {
    public enum State: String, Sendable, Hashable, CaseIterable {
        /// Opening and resetting the modem.
        case starting
        /// Ready: waiting for a job or a ring.
        case idle
        case dialing
        case sending
        case receiving
        /// Not answering or not there; the worker retries with backoff.
        case offline
        case stopped
        /// Found by discovery but did not answer the probe as a fax modem: left alone until replugged.
        case notAModem = "not_a_modem"
        /// Unplugged (discovery); its identity, settings and counts come back when it is plugged in again.
        case removed
    }

    public var name: String
    public var device: String
    public var groups: [String]
    public var answers: Bool
    public var state: State = .starting
    public var jobID: String? = nil
    public var manufacturer: String? = nil
    public var model: String? = nil
    public var revision: String? = nil
    /// The fax class the modem is driven in ("1", "2", "2.0", "2.1"), once started.
    public var faxClass: String? = nil
    /// For a modem found by discovery: its stable identity, USB vendor:product and driver.
    public var identity: String? = nil
    public var usbID: String? = nil
    public var driver: String? = nil
    public var lastError: String? = nil
    public var callsMade = 0
    public var callsAnswered = 0
    public var since = Date()

    public init(name: String, device: String, groups: [String], answers: Bool,
                identity: String? = nil, usbID: String? = nil, driver: String? = nil) {
        self.name = name
        self.device = device
        self.groups = groups
        self.answers = answers
        self.identity = identity
        self.usbID = usbID
        self.driver = driver
    }
}

public final class ModemStatusBoard: Sendable {
    private let board: Mutex<(statuses: [String: ModemStatus], order: [String])>

    public init(_ initial: [ModemStatus]) {
        board = Mutex((Dictionary(uniqueKeysWithValues: initial.map { ($0.name, $0) }), initial.map(\.name)))
    }

    /// Every modem: the configured ones in configuration order, then discovered ones as they came.
    public var all: [ModemStatus] {
        board.withLock { board in board.order.compactMap { board.statuses[$0] } }
    }

    public func status(_ name: String) -> ModemStatus? { board.withLock { $0.statuses[name] } }

    /// A modem discovery found: a new entry, or (plugged in again) the same entry with its counts
    /// kept and where it is now.
    public func register(_ status: ModemStatus) {
        board.withLock { board in
            if var known = board.statuses[status.name] {
                known.device = status.device
                known.identity = status.identity
                known.usbID = status.usbID
                known.driver = status.driver
                known.state = .starting
                known.since = Date()
                board.statuses[status.name] = known
            } else {
                board.statuses[status.name] = status
                board.order.append(status.name)
            }
        }
    }

    public func update(_ name: String, _ change: (inout ModemStatus) -> Void) {
        board.withLock { board in
            guard var status = board.statuses[name] else { return }
            let before = status.state
            change(&status)
            if status.state != before { status.since = Date() }
            board.statuses[name] = status
        }
    }
}
