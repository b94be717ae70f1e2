// ModemWorker: one modem's life inside faxd — open and reset it (backing off while it is gone
// or mute), then loop: take the next due job the spool gives this modem and send it, or watch
// the line for a call to answer into the inbox. Blocking modem work runs on the modem's own
// thread (ModemLine on a ModemThread); this async loop only decides and records.

import FaxDocuments
import Foundation
import Logging
import Spool
import T30
import T31

final class ModemWorker: Sendable {
    let configuration: ModemConfiguration
    let context: FaxServerContext
    let logger: Logger
    let line: ModemLine
    let thread: ModemThread

    /// How long one look at the line for rings lasts before the queue is checked again.
    static let watchSlice: Duration = .milliseconds(500)
    /// Waits before reopening a modem that failed, doubling up to the last.
    static let backoff: [Duration] = [.seconds(1), .seconds(2), .seconds(5), .seconds(10)]

    init(configuration: ModemConfiguration, context: FaxServerContext, logger: Logger) {
        self.configuration = configuration
        self.context = context
        var logger = logger
        logger[metadataKey: "modem"] = "\(configuration.name)"
        self.logger = logger
        line = ModemLine(configuration: configuration,
                         lockDirectory: context.configuration.lockDirectory.isEmpty ? nil : context.configuration.lockDirectory)
        thread = ModemThread(name: "modem \(configuration.name)")
    }

    var name: String { configuration.name }

    /// Runs until the task is cancelled (faxd shutting down); a call in progress is finished first.
    func run() async {
        var failures = 0
        while !Task.isCancelled {
            guard await start() else {
                let delay = Self.backoff[min(failures, Self.backoff.count - 1)]
                failures += 1
                try? await Task.sleep(for: delay)
                continue
            }
            failures = 0
            await serve()
        }
        await thread.run { [line] in line.close() }
        thread.stop()
        setStatus { $0.state = .stopped; $0.jobID = nil }
    }

    /// Opens and resets the modem; false (status offline) when it cannot.
    private func start() async -> Bool {
        setStatus { $0.state = .starting }
        let line = self.line
        let outcome = await thread.run { () -> Result<ModemIdentity, Class1Error> in
            Result { () throws(Class1Error) in try line.start() }
        }
        switch outcome {
        case .success(let identity):
            logger.info("modem ready", metadata: ["manufacturer": "\(identity.manufacturer)", "model": "\(identity.model)"])
            setStatus {
                $0.state = .idle
                $0.lastError = nil
                $0.manufacturer = identity.manufacturer
                $0.model = identity.model
                $0.revision = identity.revision
            }
            return true
        case .failure(let error):
            if context.modems.status(name)?.lastError != "\(error)" {
                logger.warning("modem offline", metadata: ["error": "\(error)"])
            }
            setStatus { $0.state = .offline; $0.lastError = "\(error)" }
            return false
        }
    }

    /// The ready loop: returns when the modem fails (to be reopened) or on shutdown.
    private func serve() async {
        let line = self.line
        let slice = Self.watchSlice
        while !Task.isCancelled {
            let ringing = await thread.run { line.isRinging }
            if configuration.dial, !ringing {
                do {
                    if let job = try await context.spool.claimNext(modem: name, groups: configuration.groups) {
                        guard await send(job) else { return }
                        continue
                    }
                } catch {
                    logger.error("spool claim failed", metadata: ["error": "\(error)"])
                }
            }
            if configuration.answer {
                let watched = await thread.run { () -> Result<Class1IncomingCall?, Class1Error> in
                    Result { () throws(Class1Error) in try line.watch(timeout: slice) }
                }
                switch watched {
                case .success(let call?):
                    guard await receive(call) else { return }
                case .success(nil):
                    break
                case .failure(let error):
                    modemFailed("\(error)")
                    return
                }
            } else {
                try? await Task.sleep(for: slice)
            }
        }
    }

    func modemFailed(_ reason: String) {
        logger.warning("modem stopped answering", metadata: ["error": "\(reason)"])
        setStatus { $0.state = .offline; $0.lastError = reason; $0.jobID = nil }
        let line = self.line
        Task { await thread.run { line.close() } }
    }

    func setStatus(_ change: (inout ModemStatus) -> Void) {
        context.modems.update(name, change)
    }

    /// The session options for a call on this modem.
    func sessionOptions(identity: String?, ecm: Bool?) -> FaxSessionOptions {
        let defaults = context.configuration.defaults
        let ident = Self.stationIdentity(identity ?? configuration.identity ?? defaults.identity)
        return FaxSessionOptions(localIdentity: ident, errorCorrection: ecm ?? defaults.ecm,
                                 callDeadline: .seconds(defaults.callDeadline))
    }

    /// T.30's identity field takes digits, '+' and spaces, at most 20.
    static func stationIdentity(_ text: String) -> String {
        String(text.filter { $0.isASCII && ($0.isNumber || $0 == "+" || $0 == " ") }.prefix(20))
    }
}
