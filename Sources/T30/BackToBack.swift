// BackToBack: two soft-modem calls wired directly together on one thread, flat out — no exchange,
// no real time. For tests of the T.30 core and for benchmarks.

import FaxOutcome

public enum BackToBack {
    public struct Outcome: Sendable {
        public var sender: FaxSessionResult
        public var receiver: FaxSessionResult
        /// Line time until both ends finished.
        public var lineSeconds: Double
    }

    /// Sends `document` from a calling soft modem to an answering one that writes `output`.
    public static func run(
        document: String, output: String,
        senderOptions: FaxSessionOptions, receiverOptions: FaxSessionOptions,
        blockSamples: Int = SoftModemFrontEnd.blockSamples
    ) throws(FaxSessionError) -> Outcome {
        let sender = try SoftModemCall(direction: .transmit(document: document), calling: true, options: senderOptions)
        let receiver = try SoftModemCall(direction: .receive(into: output), calling: false, options: receiverOptions)
        var toReceiver = [Int16](repeating: 0, count: blockSamples)
        var toSender = [Int16](repeating: 0, count: blockSamples)
        var scratch = [Int16](repeating: 0, count: blockSamples)
        var graceBlocks = 8000 / blockSamples  // after one end hangs up, the other gets a second to finish
        while !(sender.isFinished && receiver.isFinished) {
            // Each side hears what the other sent in the previous block.
            scratch.withUnsafeMutableBufferPointer { tx in
                toSender.withUnsafeBufferPointer { rx in _ = sender.process(received: rx, transmit: tx) }
            }
            swap(&scratch, &toReceiver)
            scratch.withUnsafeMutableBufferPointer { tx in
                toReceiver.withUnsafeBufferPointer { rx in _ = receiver.process(received: rx, transmit: tx) }
            }
            swap(&scratch, &toSender)
            // Once one side is done it hangs up; a second later the other hears the line drop.
            if sender.isFinished != receiver.isFinished {
                graceBlocks -= 1
                if graceBlocks <= 0 {
                    sender.lineDropped()
                    receiver.lineDropped()
                }
            }
        }
        return Outcome(sender: sender.result(), receiver: receiver.result(), lineSeconds: max(sender.lineSeconds, receiver.lineSeconds))
    }
}
