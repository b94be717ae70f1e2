// AudioLinePort: a telephone line carrying 8 kHz 16-bit linear audio, as the soft-modem front end
// sees it: place or take a call, then trade blocks of audio until someone hangs up.

import FaxOutcome

public enum CallSetupResult: Sendable, Equatable {
    case connected
    /// The call did not connect: busy, no answer, no dial tone, unassigned number, …
    case failed(FaxCompletion)
}

public protocol AudioLinePort: AnyObject {
    /// Dials `number` and waits until the far end answers or the attempt fails.
    func placeCall(to number: String) -> CallSetupResult
    /// Waits for an incoming call and answers it.
    func answerCall() -> CallSetupResult
    /// Sends one block and waits for the line's next block of the same length (real time on a
    /// real or virtual line). Returns false once the line has hung up.
    func exchange(transmit: UnsafeBufferPointer<Int16>, receive: UnsafeMutableBufferPointer<Int16>) -> Bool
    /// Ends the call from this side.
    func hangUp()
}
