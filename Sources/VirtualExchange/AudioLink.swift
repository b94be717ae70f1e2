// AudioLink: how one party's audio meets the exchange clock, 160 samples (20 ms) per tick.
//
// Each tick the clock takes one block from every party in a connected call, routes it (through
// the listener's impairments) and hands every party what it hears. A party on its own thread
// trades through a LockstepAudioLink; a party the exchange plays itself (a voice answering) is a
// generator called on the clock thread.

import Foundation

/// The clock's view of one party in a connected call.
protocol CallAudioEndpoint: AnyObject, Sendable {
    /// The party's next block, or nil when it did not produce one by `deadline` (the clock then uses silence).
    func takeTransmit(deadline: Date) -> [Int16]?
    /// What the party hears this tick.
    func deliver(_ block: [Int16])
    /// The call is over: wake the party for good.
    func close()
}

/// A lockstep hand-off between the clock thread and a party's own thread.
public final class LockstepAudioLink: CallAudioEndpoint, @unchecked Sendable {
    public static let blockSamples = 160
    private let condition = NSCondition()
    private var transmit: [Int16]?
    private var received: [Int16]?
    private var closed = false
    /// Called (on the clock thread) whenever something arrives for the party, for poll-driven parties.
    private let notify: @Sendable () -> Void

    init(notify: @escaping @Sendable () -> Void = {}) {
        self.notify = notify
    }

    // MARK: party side

    /// Posts this tick's block and waits for what the line delivers. False once the call is over.
    public func exchange(transmit block: UnsafeBufferPointer<Int16>, receive: UnsafeMutableBufferPointer<Int16>) -> Bool {
        post(Array(block))
        condition.lock()
        defer { condition.unlock() }
        while received == nil && !closed {
            condition.wait()
        }
        guard let block = received, !closed else { return false }
        received = nil
        _ = receive.update(fromContentsOf: block.prefix(receive.count))
        return true
    }

    /// Posts the party's next block without waiting (poll-driven parties).
    func post(_ block: [Int16]) {
        condition.lock()
        transmit = block
        condition.signal()
        condition.unlock()
    }

    /// Takes what the line delivered, if anything arrived since the last call.
    func takeReceived() -> [Int16]? {
        condition.lock()
        defer { condition.unlock() }
        let block = received
        received = nil
        return block
    }

    public var isClosed: Bool {
        condition.lock()
        defer { condition.unlock() }
        return closed
    }

    // MARK: clock side

    func takeTransmit(deadline: Date) -> [Int16]? {
        condition.lock()
        defer { condition.unlock() }
        while transmit == nil && !closed {
            if !condition.wait(until: deadline) { break }
        }
        let block = transmit
        transmit = nil
        return block
    }

    func deliver(_ block: [Int16]) {
        condition.lock()
        received = block
        condition.broadcast()
        condition.unlock()
        notify()
    }

    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
        notify()
    }
}

/// A party the exchange plays itself, on the clock thread.
final class GeneratedAudioEndpoint: CallAudioEndpoint, @unchecked Sendable {
    private var generator: (inout [Int16]) -> Void

    init(_ generator: @escaping (inout [Int16]) -> Void) {
        self.generator = generator
    }

    func takeTransmit(deadline: Date) -> [Int16]? {
        var block = [Int16](repeating: 0, count: LockstepAudioLink.blockSamples)
        generator(&block)
        return block
    }

    func deliver(_ block: [Int16]) {}
    func close() {}
}
