// FaxSession: the one API every fax goes through: send a TIFF/F document or receive into a file,
// over any front end, with progress events and one FaxSessionResult at the end.
//
//     let session = FaxSession(.transmit(document: "doc.tif"), options: options)
//     let result = session.run(over: SoftModemFrontEnd(port: line), setup: .dial("200"))
//
// `run` blocks: timing-critical work belongs on a thread of its own, never on the cooperative
// pool. Async code follows along through `events`.

import FaxOutcome
import T4

public final class FaxSession: @unchecked Sendable {
    public let direction: FaxDirection
    public let options: FaxSessionOptions
    /// Every event of the session, ending after `.completed`.
    public let events: AsyncStream<FaxSessionEvent>
    private let continuation: AsyncStream<FaxSessionEvent>.Continuation
    /// Called for every event on the session's own thread, before it reaches `events`.
    public var onEvent: (@Sendable (FaxSessionEvent) -> Void)?
    /// `cancel()` from any thread stops the call: T.30 ends, the line is hung up, 5208.
    public let cancellation = FaxCancellation()

    public init(_ direction: FaxDirection, options: FaxSessionOptions = FaxSessionOptions()) {
        self.direction = direction
        self.options = options
        (events, continuation) = AsyncStream.makeStream(bufferingPolicy: .unbounded)
    }

    /// Connects and runs the call to its end. Never throws: every failure is a FaxCompletion.
    public func run(over frontEnd: FaxFrontEnd, setup: FaxCallSetup) -> FaxSessionResult {
        let result = runCall(over: frontEnd, setup: setup)
        emit(.completed(result.completion))
        continuation.finish()
        return result
    }

    /// Ends a session that could not run at all (no modem to run it on) with `completion`, so
    /// whoever follows `events` stops waiting. Not for a session that `run` has run.
    public func endUnrun(_ completion: FaxCompletion) -> FaxSessionResult {
        let result = FaxSessionResult(completion: completion)
        emit(.completed(completion))
        continuation.finish()
        return result
    }

    /// Stops the call from any thread (the result is `.cancelled`). A Class 1 dial in progress
    /// is aborted within 100 ms; waiting to answer ends when answering returns.
    public func cancel() { cancellation.cancel() }

    private func runCall(over frontEnd: FaxFrontEnd, setup: FaxCallSetup) -> FaxSessionResult {
        do {
            try options.validate()
        } catch {
            return FaxSessionResult(completion: .internalError(error.description))
        }
        var pagesInDocument: Int? = nil
        if case .transmit(let document) = direction {
            // An unreadable document fails before anyone's phone rings.
            guard let pages = try? TIFFFaxReader.pageInfo(path: document), !pages.isEmpty else {
                return FaxSessionResult(completion: .documentUnreadable)
            }
            pagesInDocument = pages.count
        }
        if cancellation.isCancelled { return FaxSessionResult(completion: .cancelled, pagesInDocument: pagesInDocument) }
        frontEnd.cancellation = cancellation
        emit(.phase(.a))
        if let failure = frontEnd.connect(setup) {
            frontEnd.hangUp()
            return FaxSessionResult(completion: failure, pagesInDocument: pagesInDocument, sessionLog: frontEnd.setupLog())
        }
        if cancellation.isCancelled {
            frontEnd.hangUp()
            return FaxSessionResult(completion: .cancelled, pagesInDocument: pagesInDocument, sessionLog: frontEnd.setupLog())
        }
        let result = frontEnd.run(direction: direction, calling: setup.isCalling, options: options) { [self] event in
            emit(event)
        }
        frontEnd.hangUp()
        return result
    }

    private func emit(_ event: FaxSessionEvent) {
        onEvent?(event)
        continuation.yield(event)
    }
}
