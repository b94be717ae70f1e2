// SoftModemFrontEnd: the T.30 session over an audio line, with spandsp's soft modems doing the
// modulation. Blocks are 20 ms (160 samples); the line paces them.

import FaxOutcome

public final class SoftModemFrontEnd: FaxFrontEnd {
    public static let blockSamples = 160
    private let port: AudioLinePort
    public var cancellation: FaxCancellation?

    public init(port: AudioLinePort) {
        self.port = port
    }

    public func connect(_ setup: FaxCallSetup) -> FaxCompletion? {
        let outcome: CallSetupResult
        switch setup {
        case .dial(let number): outcome = port.placeCall(to: number)
        case .answer: outcome = port.answerCall()
        }
        if case .failed(let completion) = outcome { return completion }
        return nil
    }

    public func run(
        direction: FaxDirection, calling: Bool, options: FaxSessionOptions,
        onEvent: @escaping (FaxSessionEvent) -> Void
    ) -> FaxSessionResult {
        let call: SoftModemCall
        do {
            call = try SoftModemCall(direction: direction, calling: calling, options: options)
        } catch {
            return FaxSessionResult(completion: .internalError("\(error)"))
        }
        call.engine.onEvent = onEvent
        var received = [Int16](repeating: 0, count: Self.blockSamples)
        var transmit = [Int16](repeating: 0, count: Self.blockSamples)
        while true {
            let running = received.withUnsafeBufferPointer { rx in
                transmit.withUnsafeMutableBufferPointer { tx in call.process(received: rx, transmit: tx) }
            }
            guard running else { break }
            if cancellation?.isCancelled == true {
                call.engine.note("cancelled: hanging up")
                port.hangUp()
                return call.engine.result(completion: .cancelled, lineSeconds: call.lineSeconds)
            }
            let lineUp = transmit.withUnsafeBufferPointer { tx in
                received.withUnsafeMutableBufferPointer { rx in port.exchange(transmit: tx, receive: rx) }
            }
            if !lineUp {
                call.lineDropped()
                break
            }
        }
        port.hangUp()
        return call.result()
    }

    public func hangUp() {
        port.hangUp()
    }
}
