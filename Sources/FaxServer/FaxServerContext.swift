// FaxServerContext: what the front doors (REST API, and later webhooks, CUPS, udev) share with
// the modem pool inside faxd — configuration, the spool, the document store, the modems' live
// state, and a way to wake the pool when new work arrives (submit, resume, retry).

import Foundation
import Spool

public final class FaxServerContext: Sendable {
    public let configuration: ServerConfiguration
    public let spool: Spool
    public let documents: DocumentStore
    /// Every file a job has (documents, inbox, session logs).
    public let files: SpoolFiles
    public let modems: ModemStatusBoard
    /// The pool waits on this between looks at the queue.
    public let wakeups: AsyncStream<Void>
    private let wakeContinuation: AsyncStream<Void>.Continuation

    public init(configuration: ServerConfiguration, spool: Spool) {
        self.configuration = configuration
        self.spool = spool
        files = SpoolFiles(configuration: configuration)
        documents = files.documents
        // Modems found by discovery join the board when they are plugged in.
        modems = ModemStatusBoard(configuration.modems.filter { $0.match == nil }.map {
            ModemStatus(name: $0.name, device: $0.device, groups: $0.groups, answers: $0.answer)
        })
        (wakeups, wakeContinuation) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    /// New work may be due: the pool looks at the queue now instead of at its next tick.
    public func wake() {
        wakeContinuation.yield()
    }
}
