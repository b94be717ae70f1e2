// Class2FrontEnd+Receive: answering and receiving on a Class 2 / 2.0 modem. ATA (after the rings)
// makes the modem run T.30's answering side; it reports +FCON, the caller's +FTI/+FTSI and the
// session's +FCS/+FDCS. Then, page by page, +FDR: CONNECT, the host sends the start character
// (DC1 in T.32, DC2 in Class 2, or what the quirks row says), the page streams in DLE-shielded up to
// <DLE><ETX>, and +FPS/+FPTS, +FET (MPS/EOM/EOP) and OK follow. The page is decoded into the TIFF/F
// file, reported as a page event, and only then released by the next +FDR (which lets the modem
// send MCF). After EOP that +FDR brings +FHS/+FHNG and the call is over.
//
// Watchdogs: every wait is bounded — the rings by `answerTimeout` (cancellable each second), each
// +FDR by the call's deadline (cancellable every 100 ms: the abort line is +FK), each page's data
// by 30 s of silence and the call's deadline (cancellable: <CAN>).

import FaxOutcome
import CSpanDSP
import Foundation
import T30
import V250

extension Class2FrontEnd {
    /// How long a page's data may stall before the modem is taken to have gone silent.
    static let pageIdleTimeout: Duration = .seconds(30)

    /// Waits for the rings (unless the owner already counted them) and answers.
    func answer() -> FaxCompletion? {
        do {
            let call: IncomingCall
            if let ringing = ringingCall {
                ringingCall = nil
                call = ringing
            } else {
                let deadline = ContinuousClock.now + answerTimeout
                var counter = RingCounter(ringsToAnswer: answerAfterRings)
                var heard: IncomingCall?
                while heard == nil {
                    if cancellation?.isCancelled == true { return .cancelled }
                    guard ContinuousClock.now < deadline else { return .cancelled }  // no call came
                    heard = try modem.channel.watchForCall(&counter, timeout: .seconds(1))
                }
                call = heard!
            }
            callerID = call.callerID
            let outcome = try modem.channel.sendAbortable("ATA", timeout: .seconds(90)) { cancellation?.isCancelled == true }
            if outcome.aborted { return .cancelled }
            note()
            switch outcome.result.code {
            case .ok, .connect:
                connectedAt = .now
                return nil
            default:
                return hangupCode?.completion ?? .noCarrier
            }
        } catch {
            return Class2Error(error).completion
        }
    }

    /// Receives every page into `path`; returns the call's result.
    func receive(into path: String, options: FaxSessionOptions, onEvent: @escaping (FaxSessionEvent) -> Void) -> FaxSessionResult {
        var result = FaxSessionResult(completion: .ok)
        let deadline = ContinuousClock.now + options.callDeadline
        onEvent(.phase(.b))
        var receiver: T32PageReceiver?
        var announced = false
        var idleRounds = 0
        result.completion = { () -> FaxCompletion in
            do throws(ATChannelError) {
                while true {
                    if cancellation?.isCancelled == true { return abortSession() }
                    if let code = hangupCode { return code.isNormal ? (result.pagesTransferred > 0 ? .ok : code.completion) : code.completion }
                    guard ContinuousClock.now < deadline else { return .callDeadlineExceeded }
                    let outcome = try modem.channel.sendAbortable("AT+FDR", timeout: deadline - .now, abortLine: "AT+FK") {
                        cancellation?.isCancelled == true
                    }
                    note()
                    if !announced, let session = negotiated {
                        announced = true
                        if !remoteIdentity.isEmpty { onEvent(.remoteIdentity(remoteIdentity)) }
                        result.bitRate = session.bitsPerSecond
                        result.compression = session.compressionName
                        result.errorCorrection = session.errorCorrection != 0
                        onEvent(.negotiated(FaxNegotiation(bitRate: session.bitsPerSecond, errorCorrection: session.errorCorrection != 0,
                                                           compression: session.compressionName, xDPI: 204,
                                                           yDPI: session.verticalResolution == 0 ? 98 : session.verticalResolution == 1 ? 196 : 391)))
                        onEvent(.phase(.c))
                    }
                    if outcome.aborted { return .cancelled }
                    switch outcome.result.code {
                    case .connect:
                        idleRounds = 0
                        guard let session = negotiated else { return .t32ReceivePhaseB }
                        if receiver == nil {
                            receiver = T32PageReceiver(path: path, farIdentity: remoteIdentity)
                            guard receiver != nil else { return .internalError("cannot create \(path)") }
                        }
                        let (page, ended) = try receivePage(session: session, deadline: deadline)
                        if cancellation?.isCancelled == true { return .cancelled }  // CAN: the modem ended it (+FK)
                        guard ended.isOK else { return hangupCode?.completion ?? .t32ReceivePhaseC }
                        guard let written = receiver!.addPage(page, session: session) else { return FaxCompletion(t30Status: T30_ERR_RX_NOEOL) }
                        result.pagesTransferred += 1
                        result.badRows += written.badRows
                        onEvent(.page(number: result.pagesTransferred, of: nil, badRows: written.badRows))
                    case .ok:
                        // +FHS (the call is over) or, from some modems, a report without a page yet.
                        idleRounds += 1
                        if hangupCode == nil, idleRounds > 3 { return .t32ReceivePhaseB }
                    default:
                        return hangupCode?.completion ?? (result.pagesTransferred > 0 ? .t32ReceivePhaseD : .t32ReceivePhaseB)
                    }
                }
            } catch {
                return hangupCode?.completion ?? Class2Error(error).completion
            }
        }()
        result.remoteIdentity = remoteIdentity
        if let connectedAt { result.lineSeconds = seconds(connectedAt, .now) }
        onEvent(.phase(.e))
        result.sessionLog = sessionLog()
        return result
    }

    /// After +FDR's CONNECT: starts the flow and collects the page up to <DLE><ETX>; returns the
    /// page's bytes (LSB first) and the result that followed them (+FPS, +FET, OK).
    private func receivePage(session: T32SessionParameters, deadline: ContinuousClock.Instant) throws(ATChannelError) -> ([UInt8], ATResult) {
        let channel = modem.channel
        do {
            try channel.transport.write([modem.quirks.receiveDataTrigger ?? modem.dialect.startOfReceiveData], deadline: .after(.seconds(2)))
        } catch {
            throw .transport(error)
        }
        var page: [UInt8] = []
        var cancelSent = false
        // A cancel mid-page: <CAN> (the DTE's one signal during received data, SP-2388/T.32): the
        // modem ends the data with <DLE><ETX> and hangs up in order, as +FK would.
        let cancelIfAsked = {
            guard !cancelSent, self.cancellation?.isCancelled == true else { return }
            cancelSent = true
            try? channel.transport.write([V250Control.can], deadline: .after(.seconds(1)))
        }
        let remaining = deadline - .now
        let ended = try channel.receiveData(deadline: .after(remaining), idleTimeout: Self.pageIdleTimeout, slice: .milliseconds(200),
                                            onIdle: cancelIfAsked) { chunk in
            page.append(contentsOf: chunk)
            cancelIfAsked()
        }
        note()
        if modem.quirks.reversesReceivedData ?? modem.dialect.receivedDataReversed { page = page.map(\.bitReversed) }
        return (page, ended)
    }
}

extension UInt8 {
    /// The byte with its bit order reversed (MSB-first data to the line's LSB-first order).
    var bitReversed: UInt8 {
        var b = self, r: UInt8 = 0
        for _ in 0..<8 {
            r = (r << 1) | (b & 1)
            b >>= 1
        }
        return r
    }
}
