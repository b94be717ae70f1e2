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
    public var lastError: String? = nil
    public var callsMade = 0
    public var callsAnswered = 0
    public var since = Date()

    public init(name: String, device: String, groups: [String], answers: Bool) {
        self.name = name
        self.device = device
        self.groups = groups
        self.answers = answers
    }
}

public final class ModemStatusBoard: Sendable {
    private let statuses: Mutex<[String: ModemStatus]>
    private let order: [String]

    public init(_ initial: [ModemStatus]) {
        order = initial.map(\.name)
        statuses = Mutex(Dictionary(uniqueKeysWithValues: initial.map { ($0.name, $0) }))
    }

    /// Every modem, in configuration order.
    public var all: [ModemStatus] {
        statuses.withLock { current in order.compactMap { current[$0] } }
    }

    public func status(_ name: String) -> ModemStatus? { statuses.withLock { $0[name] } }

    public func update(_ name: String, _ change: (inout ModemStatus) -> Void) {
        statuses.withLock { current in
            guard var status = current[name] else { return }
            let before = status.state
            change(&status)
            if status.state != before { status.since = Date() }
            current[name] = status
        }
    }
}
