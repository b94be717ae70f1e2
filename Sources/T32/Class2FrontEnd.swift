// Class2FrontEnd: a Class 2 / 2.0 modem as a FaxSession front end — the modem runs T.30, the host
// dials, streams each page after +FDT (coded as the negotiated +FCS says, ended by T.32's
// <DLE>, / <DLE>. or, in Class 2, <DLE><ETX> and +FET), and turns the modem's reports into the
// same events and result a Class 1 call gives: +FCS → negotiated, +FPS → page confirmed,
// +FHS/+FHNG → the completion code. Answering (ATA, after the rings the owner counted or this
// front end waits for) and receiving (+FDR, page by page into TIFF/F) are in
// Class2FrontEnd+Receive.swift.

import FaxOutcome
import Foundation
import SerialPort
import Synchronization
import T30
import T4
import V250

public final class Class2FrontEnd: FaxFrontEnd {
    public var cancellation: FaxCancellation?
    public let modem: Class2Modem
    /// Answer after this many RINGs.
    public var answerAfterRings = 1
    /// How long `connect(.answer)` waits for a call.
    public var answerTimeout: Duration = .seconds(24 * 3600)
    /// A call the owner already saw ringing: `connect(.answer)` answers it at once.
    public var ringingCall: IncomingCall?
    /// Watchdogs: how long the modem may take to answer +FDT, +FET or +FK, and to report the end
    /// of a page it was given. A modem silent for longer ends the call (5206).
    public var responseTimeout: Duration = .seconds(60)
    /// How long ATD may take to produce a result (the modem's own T.30 T1 ends it sooner).
    public var dialTimeout: Duration = .seconds(120)
    public var pageTimeout: Duration = .seconds(120)
    /// Caller ID of the answered call (nil until one is answered).
    public internal(set) var callerID: CallerID?
    private let trace = ATTraceRecorder()
    var connectedAt: ContinuousClock.Instant?
    var remoteIdentity = ""
    /// How far into the trace the modem's reports have been read.
    private var reportsRead = 0
    var hangupCode: T32HangupCode?

    public init(modem: Class2Modem) {
        self.modem = modem
        trace.attach(to: modem.channel)
    }

    // MARK: FaxFrontEnd

    public func connect(_ setup: FaxCallSetup) -> FaxCompletion? {
        // The session's station identity (+FLI/+FLID; empty keeps the one set at reset) and what its
        // options allow (resolutions, rates, MH/MR/MMR, ECM: +FCC/+FDCC, which is also what the
        // modem's DIS offers when it answers; a document narrows it at +FIS).
        do throws(Class2Error) {
            if !modem.sessionOptions.localIdentity.isEmpty { try modem.setLocalIdentity(modem.sessionOptions.localIdentity) }
            try modem.setCapabilities(T32Offer.capabilities(modem.sessionOptions, dialect: modem.dialect))
        } catch {
            return error.completion
        }
        guard case .dial(let number) = setup else { return answer() }
        do {
            let outcome = try modem.channel.sendAbortable("ATDT\(number)", timeout: dialTimeout) { cancellation?.isCancelled == true }
            if outcome.aborted { return .cancelled }
            note()
            // A modem that could not make the fax connection reports +FHS and may still say OK.
            if let code = hangupCode, !code.isNormal { return code.completion }
            switch outcome.result.code {
            case .ok:
                connectedAt = .now
                return nil
            case .busy: return .busy
            case .noAnswer: return .noAnswer
            case .noDialtone: return .noDialtone
            default: return hangupCode?.completion ?? (outcome.result.code == .noCarrier ? .noCarrier : .t32Unknown)
            }
        } catch {
            return Class2Error(error).completion
        }
    }

    public func run(direction: FaxDirection, calling: Bool, options: FaxSessionOptions,
                    onEvent: @escaping (FaxSessionEvent) -> Void) -> FaxSessionResult {
        guard case .transmit(let document) = direction else {
            guard case .receive(let path) = direction else { return FaxSessionResult(completion: .internalError("unknown direction")) }
            return receive(into: path, options: options, onEvent: onEvent)
        }
        var result = FaxSessionResult(completion: .ok)
        let pages: [FaxPage]
        do {
            pages = try TIFFFaxReader.readPages(path: document)
        } catch {
            return FaxSessionResult(completion: .documentUnreadable, sessionLog: sessionLog())
        }
        result.pagesInDocument = pages.count
        onEvent(.phase(.b))
        if !remoteIdentity.isEmpty { onEvent(.remoteIdentity(remoteIdentity)) }
        result.completion = send(pages, onEvent: onEvent, into: &result)
        result.remoteIdentity = remoteIdentity
        if let connectedAt { result.lineSeconds = seconds(connectedAt, .now) }
        onEvent(.phase(.e))
        result.sessionLog = sessionLog()
        return result
    }

    public func hangUp() {
        if modem.channel.isInDataMode { _ = try? modem.channel.abandonData(timeout: .seconds(5)) }
        _ = try? modem.command("ATH0", timeout: .seconds(5))
    }

    public func setupLog() -> [SessionLogEntry] { sessionLog() }

    // MARK: sending

    /// Streams every page; returns how the call ended.
    private func send(_ pages: [FaxPage], onEvent: (FaxSessionEvent) -> Void, into result: inout FaxSessionResult) -> FaxCompletion {
        let fine = pages.first?.resolution != .standard
        guard pages.allSatisfy({ $0.resolution == pages[0].resolution && $0.resolution != .superfine }) else {
            return FaxCompletion(t30Status: 11)  // far end cannot receive at the resolution of the image
        }
        do {
            try modem.require("AT\(modem.dialect.sessionCommand)=\(T32Offer.session(modem.sessionOptions, dialect: modem.dialect, resolution: fine ? .fine : .standard).text)")
            var index = 0
            var resends = 0
            while index < pages.count {
                if cancellation?.isCancelled == true { return abortSession() }
                let start = try modem.command("AT+FDT", timeout: responseTimeout)
                note()
                guard case .connect = start.code else { return hangupCode?.completion ?? .t32Unknown }
                if index == 0, let session = negotiated {
                    result.bitRate = session.bitsPerSecond
                    result.compression = session.compressionName
                    result.errorCorrection = session.errorCorrection != 0
                    onEvent(.negotiated(FaxNegotiation(bitRate: session.bitsPerSecond, errorCorrection: session.errorCorrection != 0, compression: session.compressionName,
                                                       xDPI: 204, yDPI: session.verticalResolution == 0 ? 98 : 196)))
                    onEvent(.phase(.c))
                }
                let coding: TIFFFaxWriter.Compression = switch negotiated?.dataFormat ?? 0 {
                case 1: .t4TwoDimensional
                case 3: .t6
                default: .t4OneDimensional
                }
                guard let data = pages[index].lineCoded(coding) else { return .internalError("page \(index + 1) could not be coded") }
                let last = index == pages.count - 1
                guard try endPage(data, last: last) != nil else { return abortSession() }
                let status = note().compactMap { response -> T32PageStatus? in
                    if case .pageStatus(let status, _, _) = response { status } else { nil }
                }.last
                if status?.isConfirmed == true {
                    result.pagesTransferred += 1
                    onEvent(.page(number: index + 1, of: pages.count, badRows: 0))
                    index += 1
                    resends = 0
                } else if status == .retrainNegative, resends < 2 {
                    resends += 1  // RTN: the page again, after the modem retrains
                } else if let code = hangupCode, !code.isNormal {
                    return code.completion
                } else {
                    return status == nil ? (hangupCode?.completion ?? .t32Unknown) : FaxCompletion(t30Status: 18)
                }
                if let code = hangupCode { return code.isNormal && index == pages.count ? .ok : code.completion }
            }
            // After EOP the modem reports +FHS/+FHNG with the last page's OK, or on the next line.
            return hangupCode.map { $0.isNormal ? .ok : $0.completion } ?? .ok
        } catch let error {
            return hangupCode?.completion ?? error.completion
        }
    }

    /// Streams one page and ends it: T.32's <DLE>, (more) / <DLE>. (last); Class 2's <DLE><ETX>
    /// and then +FET=0/2. Returns the result whose information lines hold +FPS/+FHS, or nil when
    /// the call was cancelled meanwhile: the data is written a slice at a time and the page's end
    /// awaited in 100 ms steps, and on a cancel the stream is ended where it is (the modem sends
    /// what it already holds — about a second's worth in a real modem's buffer) for +FK to follow.
    private func endPage(_ data: [UInt8], last: Bool) throws(Class2Error) -> ATResult? {
        let channel = modem.channel
        let cancelled = { self.cancellation?.isCancelled == true }
        let ended: ATResult
        do throws(ATChannelError) {
            var offset = 0
            while offset < data.count, !cancelled() {
                let end = min(offset + Self.writeSlice, data.count)
                try channel.writeData(Array(data[offset..<end]), timeout: .seconds(60))
                offset = end
            }
            if cancelled() {
                _ = try? channel.finishData(timeout: .seconds(10))
                return nil
            }
            switch modem.dialect {
            case .class20: try channel.endData(code: last ? 0x2E : 0x2C, timeout: .seconds(10))
            case .class2: try channel.endData(timeout: .seconds(10))
            }
            let deadline = Deadline.after(pageTimeout)
            var result: ATResult?
            while result == nil {
                if cancelled() {
                    // The page is out of our hands; its end still comes (bounded), then +FK.
                    _ = try? channel.poll(until: .after(.seconds(10)))
                    return nil
                }
                guard !deadline.hasPassed else { throw ATChannelError.timeout(command: "<data>") }
                result = try channel.poll(until: min(deadline, .after(.milliseconds(100))))
            }
            if modem.dialect == .class20 { return result }
            ended = result!
        } catch {
            throw Class2Error(error)
        }
        guard ended.isOK else { return ended }
        return try modem.command("AT+FET=\(last ? 2 : 0)", timeout: responseTimeout)
    }

    /// How much page data goes to the modem between looks at the cancellation.
    static let writeSlice = 1024

    /// +FK: the modem ends the session (DCN) and reports +FHS:02.
    func abortSession() -> FaxCompletion {
        _ = try? modem.command("AT+FK", timeout: responseTimeout)
        note()
        return .cancelled
    }

    // MARK: reports

    var negotiated: T32SessionParameters?

    /// The information lines the modem sent since the last look, from the trace: ATResult keeps
    /// them only before OK, and the modem reports before CONNECT (+FCS) and NO CARRIER (+FHS) too.
    private func newReports() -> [String] {
        let (lines, next) = trace.informationLines(from: reportsRead)
        reportsRead = next
        return lines
    }

    /// Takes in the modem's reports: identities, the negotiated session, the hang-up code.
    @discardableResult
    func note() -> [T32Response] {
        let responses = modem.responses(newReports())
        for response in responses {
            switch response {
            case .calledID(let id), .transmitterID(let id): remoteIdentity = id
            case .sessionParameters(let parameters): negotiated = parameters
            case .hangUp(let code): hangupCode = code
            default: break
            }
        }
        return responses
    }

    func sessionLog() -> [SessionLogEntry] { trace.sessionLog() }

    func seconds(_ from: ContinuousClock.Instant, _ to: ContinuousClock.Instant) -> Double {
        let (s, a) = (to - from).components
        return Double(s) + Double(a) / 1e18
    }
}
