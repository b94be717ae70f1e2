// T32FaxCall: the line side of one Class 2 / 2.0 call — spandsp's T.30 engine and audio fax
// modems (fax_state_t) on the exchange's 20 ms clock, carrying the DTE's pages into T.30 and the
// received pages out of it.
//
// spandsp's T.30 sends from a TIFF file and receives into one, and wants each page the moment
// the protocol reaches it, while a Class 2 DTE streams a page only after +FDT's CONNECT and
// wants a received page only after +FDR. So the call *holds* T.30 at the points where the line
// is quiet and the far end waits (T.30's own timers stopped, silence sent; a DTE on a pty answers
// in milliseconds, far inside the far end's T2/T4):
//   sending:   at the far end's DIS until +FDT; at its CFR until the first page has arrived
//              (it then replaces a blank placeholder page T.30 loaded at DIS: t4_tx_start_page
//              runs again, on the DTE's rows); at its MCF (phase D) until the next page has
//              arrived; and, in Class 2, at the end of each page until +FET (the OK for DLE ETX
//              goes out then, as a real modem's does once its buffer has drained). MPS/EOM/EOP
//              follow the DTE's +FET (or DLE , ; .): at the end of a page the row-read handler is
//              left set only if another page follows (with it set, spandsp's T.4 reports "more
//              pages, same format"), and the document handler answers "another document" for EOM.
//              spandsp 0.0.6 has no callback at the end of a page, so the call listens to T.30's
//              own log for its move to phase D_TX, which comes just before it picks the message.
//   receiving: at each post-page message (phase D, after spandsp has written the page) until
//              +FDR; the page goes to the DTE, and MCF goes out at the DTE's next +FDR.
// This relies on one layout fact of spandsp 0.0.6 (private/t30.h): a t30_state_t begins with
// its T.4 state, so the T.30 pointer is also the t4_tx_state_t pointer.

import CSpanDSP
import CT30Internals
import Foundation
import T4

final class T32FaxCall: @unchecked Sendable {
    private let link: LockstepAudioLink
    private let calling: Bool
    private let dialect: T32ModemDialect
    private let mailbox: T32Mailbox
    private let scratch: String
    private let fax: OpaquePointer
    private let t30: OpaquePointer
    private var finished = false
    private var status = 0
    private var terminateRequested = false
    private var fconSent = false
    private var answerPending: Bool
    private var dialPending: Bool
    /// Sending: waiting for the DIS that starts a document; then for the CFR before its first page.
    private var awaitingDIS = true
    private var awaitingCFR = false
    /// Sending: the post-page message of the page in hand (0 MPS, 1 EOM, 2 EOP; nil until +FET).
    private var ppm: Int? = 2
    /// Sending: a page is on the line (its end is when the post-page message is picked).
    private var pageInFlight = false
    private var documentCount = 0
    private var negotiated = T32Parameters()
    /// The rows the row-read handler hands to T.4 for the next page.
    private var rows: FaxPage?
    private var nextRow = 0
    private var receivedPages = 0
    private let rxPath: String
    private let maxHoldBlocks = 30 * 50

    init(link: LockstepAudioLink, calling: Bool, dialect: T32ModemDialect, localIdentity: String, mailbox: T32Mailbox, scratch: String) {
        self.link = link
        self.calling = calling
        self.dialect = dialect
        self.mailbox = mailbox
        self.scratch = scratch
        answerPending = !calling
        dialPending = calling
        rxPath = scratch + "/received.tif"
        fax = fax_init(nil, calling ? 1 : 0)!
        fax_set_transmit_on_idle(fax, 1)
        t30 = fax_get_t30_state(fax)
        t30_set_tx_ident(t30, localIdentity)
        configure(mailbox.session)
        t30_set_supported_image_sizes(t30, Int32(
            T30_SUPPORT_US_LETTER_LENGTH | T30_SUPPORT_US_LEGAL_LENGTH | T30_SUPPORT_UNLIMITED_LENGTH
                | T30_SUPPORT_A4_LENGTH | T30_SUPPORT_B4_LENGTH | T30_SUPPORT_215MM_WIDTH
        ))
        if calling {
            t30_set_tx_file(t30, placeholderPath, -1, -1)
        } else {
            t30_set_rx_file(t30, rxPath, -1)
        }
        let me = Unmanaged.passUnretained(self).toOpaque()
        t30_set_real_time_frame_handler(t30, { _, userData, incoming, msg, len in
            guard let msg, len >= 3 else { return }
            T32FaxCall.from(userData).frame(incoming: incoming != 0, Array(UnsafeBufferPointer(start: msg, count: Int(len))))
        }, me)
        t30_set_phase_d_handler(t30, { _, userData, fcf in
            T32FaxCall.from(userData).phaseD(fcf: UInt8(truncatingIfNeeded: fcf))
            return Int32(T30_ERR_OK)
        }, me)
        t30_set_phase_e_handler(t30, { _, userData, status in
            let call = T32FaxCall.from(userData)
            call.finished = true
            call.status = Int(status)
        }, me)
        t30_set_document_handler(t30, { _, userData, _ in
            T32FaxCall.from(userData).ppm == 1 ? 1 : 0
        }, me)
        let log = t30_get_logging_state(t30)
        span_log_set_level(log, Int32(SPAN_LOG_FLOW))
        span_log_set_message_handler(log, { _, text in
            guard let text, let call = Thread.current.threadDictionary[T32FaxCall.threadKey] as? T32FaxCall else { return }
            call.logged(String(cString: text))
        })
    }

    private static let threadKey = "T32FaxCall"

    deinit {
        fax_free(fax)
    }

    private static func from(_ userData: UnsafeMutableRawPointer?) -> T32FaxCall {
        Unmanaged<T32FaxCall>.fromOpaque(userData!).takeUnretainedValue()
    }

    private var placeholderPath: String { "\(scratch)/document-\(documentCount).tif" }

    /// What this modem offers T.30, from the DTE's session parameters (+FIS): modems up to BR,
    /// codings up to DF (T.6 only counts with ECM, as T.30 has it), ECM if EC allows it.
    private func configure(_ session: T32Parameters) {
        let modems = session.br >= 4 ? T30_SUPPORT_V17 | T30_SUPPORT_V29 | T30_SUPPORT_V27TER
            : session.br >= 2 ? T30_SUPPORT_V29 | T30_SUPPORT_V27TER : T30_SUPPORT_V27TER
        t30_set_supported_modems(t30, Int32(modems))
        var compressions = T30_SUPPORT_T4_1D_COMPRESSION
        if session.df >= 1 { compressions |= T30_SUPPORT_T4_2D_COMPRESSION }
        if session.df == 3 { compressions |= T30_SUPPORT_T6_COMPRESSION }
        t30_set_supported_compressions(t30, Int32(compressions))
        t30_set_ecm_capability(t30, session.ec > 0 ? 1 : 0)
        let resolutions = session.vr >= 1 ? T30_SUPPORT_STANDARD_RESOLUTION | T30_SUPPORT_FINE_RESOLUTION | T30_SUPPORT_R8_RESOLUTION
            : T30_SUPPORT_STANDARD_RESOLUTION | T30_SUPPORT_R8_RESOLUTION
        t30_set_supported_resolutions(t30, Int32(resolutions))
    }

    // MARK: the audio loop (the call's own thread)

    /// Runs until T.30 reaches phase E or the line drops; returns the T.32 hang-up status.
    func run() -> Int {
        Thread.current.threadDictionary[Self.threadKey] = self
        defer { Thread.current.threadDictionary.removeObject(forKey: Self.threadKey) }
        var received = [Int16](repeating: 0, count: LockstepAudioLink.blockSamples)
        var transmit = [Int16](repeating: 0, count: LockstepAudioLink.blockSamples)
        while !finished {
            let produced = Int(fax_tx(fax, &transmit, Int32(transmit.count)))
            for i in produced..<transmit.count { transmit[i] = 0 }
            guard exchange(transmit, into: &received) else {
                t30_terminate(t30)
                break
            }
            _ = fax_rx(fax, &received, Int32(received.count))
            if (terminateRequested || mailbox.aborted) && !finished {
                t30_terminate(t30)
            }
        }
        return T32FaxCall.hangupStatus(t30Status: status, finished: finished, calling: calling)
    }

    private func exchange(_ transmit: [Int16], into received: inout [Int16]) -> Bool {
        transmit.withUnsafeBufferPointer { tx in
            received.withUnsafeMutableBufferPointer { rx in link.exchange(transmit: tx, receive: rx) }
        }
    }

    /// Holds T.30 (silence on the line, T.30's clock stopped) until `ready` holds. False when the
    /// DTE gave up, the line dropped or the DTE took longer than a far end would wait.
    private func hold(_ ready: () -> Bool) -> Bool {
        let silence = [Int16](repeating: 0, count: LockstepAudioLink.blockSamples)
        var received = silence
        var blocks = 0
        while !mailbox.aborted {
            if ready() { return true }
            guard exchange(silence, into: &received), blocks < maxHoldBlocks else { break }
            blocks += 1
        }
        terminateRequested = true
        return false
    }

    private func respond(_ lines: [String], final: Bool = false) {
        mailbox.post(.respond(lines, final: final))
    }

    private var class2: Bool { dialect == .class2 }

    // MARK: T.30 callbacks (called from inside fax_rx/fax_tx on the call's thread)

    private func frame(incoming: Bool, _ bytes: [UInt8]) {
        let fcf = bytes[2] & 0xFE
        guard incoming else {
            if fcf == 0x82, let dcs = T32Parameters(dcs: bytes, class2: class2) { negotiated = dcs }
            return
        }
        if !fconSent {
            fconSent = true
            respond(["+FCON"])
        }
        switch fcf {
        case 0x40 where calling:  // CSI
            respond([class2 ? "+FCSI: \"\(t30Identity(frame: bytes))\"" : "+FCI: \"\(t30Identity(frame: bytes))\""])
        case 0x80 where calling && awaitingDIS:  // DIS: the far end is ready to receive
            if let dis = T32Parameters(dis: bytes, class2: class2) {
                respond([(class2 ? "+FDIS: " : "+FIS: ") + dis.description])
            }
            if dialPending {
                dialPending = false
                respond(["OK"], final: true)
            }
            guard hold({ mailbox.transmitRequested }) else { return }
            startDocument()
        case 0x84 where calling && awaitingCFR:  // CFR: the first page of a document goes now
            awaitingCFR = false
            report(negotiated)
            takePageAndLoad(first: true)
        case 0x42 where !calling:  // TSI
            respond([class2 ? "+FTSI: \"\(t30Identity(frame: bytes))\"" : "+FTI: \"\(t30Identity(frame: bytes))\""])
        case 0x82 where !calling:  // DCS
            if let dcs = T32Parameters(dcs: bytes, class2: class2) {
                negotiated = dcs
                report(dcs)
            }
            if answerPending {
                answerPending = false
                respond(["OK"], final: true)
            }
        default:
            break
        }
    }

    /// At the DIS that starts a document: T.30 will load page 1 of the tx file now, to build its
    /// DCS from it; it gets a blank page of the DTE's format (+FIS), replaced at CFR.
    private func startDocument() {
        awaitingDIS = false
        awaitingCFR = true
        let session = mailbox.session
        configure(session)
        documentCount += 1
        let placeholder = FaxPage(length: 1, resolution: session.vr == 1 ? .fine : .standard)
        do {
            try TIFFFaxWriter.write([placeholder], to: placeholderPath, compression: .t4OneDimensional)
        } catch {
            terminateRequested = true
            return
        }
        t30_set_tx_file(t30, placeholderPath, -1, -1)
    }

    /// CONNECT for the DTE's page, then waits for it and its post-page message, and gives its rows
    /// to T.4 (`first`: T.4 already holds the placeholder, so it is coded again now).
    private func takePageAndLoad(first: Bool) {
        mailbox.transmitRequested = false
        mailbox.post(.connectForPage)
        guard hold({ mailbox.page != nil }), let page = mailbox.takePage() else { return }
        let df = negotiated.df
        guard let pixels = T32PageCoding.decode(page.bytes, df: df, vr: negotiated.vr, scratch: "\(scratch)/dte-page.tif") else {
            terminateRequested = true
            return
        }
        ppm = page.ppm
        rows = pixels
        nextRow = 0
        pageInFlight = true
        setRowHandler(true)
        if first {
            t4_tx_start_page(t30)  // the T.4 state is the first member of t30_state_t
            // With ECM, T.30 cut the placeholder into its first block of frames at DIS: the
            // block is cut again from the DTE's page.
            if negotiated.ec != 0 { _ = swiftfax_t30_refill_ecm_block(UnsafeMutableRawPointer(t30)) }
        }
    }

    /// +FCS / +FDCS: the session the DCS settled on (sent or received), kept for +FCS?.
    private func report(_ session: T32Parameters) {
        mailbox.post(.negotiated(session))
        respond([(class2 ? "+FDCS: " : "+FCS: ") + session.description])
    }

    private func setRowHandler(_ set: Bool) {
        if set {
            t4_tx_set_row_read_handler(t30, { userData, buffer, length in
                T32FaxCall.from(userData).readRow(into: buffer, length: length)
            }, Unmanaged.passUnretained(self).toOpaque())
        } else {
            t4_tx_set_row_read_handler(t30, nil, nil)
        }
    }

    /// T.30 logged a line: its move to phase D_TX at the end of a page is where the post-page
    /// message is settled (Class 2: once +FET has come).
    private func logged(_ text: String) {
        guard calling, pageInFlight, text.contains("to T30_PHASE_D_TX") else { return }
        pageInFlight = false
        if ppm == nil {
            mailbox.fet = nil
            mailbox.post(.pageSent)
            guard hold({ mailbox.fet != nil }) else { return }
            ppm = mailbox.fet
        }
        setRowHandler(ppm == 0)
    }

    /// T.4 pulls the next row of the page in hand; 0 ends the page.
    private func readRow(into buffer: UnsafeMutablePointer<UInt8>?, length: Int) -> Int32 {
        guard let rows, let buffer, nextRow < rows.length else {
            return 0
        }
        let row = rows.row(nextRow)
        nextRow += 1
        let count = min(length, row.count)
        row.withUnsafeBufferPointer { buffer.update(from: $0.baseAddress!, count: count) }
        if count < length { buffer.advanced(by: count).update(repeating: 0, count: length - count) }
        return Int32(length)
    }

    private func phaseD(fcf: UInt8) {
        if calling {
            sentPageConfirmed(fcf: fcf & 0xFE)
        } else {
            pageReceived(fcf: fcf & 0xFE)
        }
    }

    /// Sending: the far end answered the post-page message.
    private func sentPageConfirmed(fcf: UInt8) {
        let good = fcf == 0x8C || fcf == 0xCC || fcf == 0xAC  // MCF, RTP, PIP
        respond([(class2 ? "+FPTS:" : "+FPS:") + (good ? "1" : "2")])
        guard good else { return }
        switch ppm ?? 2 {
        case 0:
            respond(["OK"], final: true)
            guard hold({ mailbox.transmitRequested }) else { return }
            takePageAndLoad(first: false)
        case 1:
            respond(["OK"], final: true)
            awaitingDIS = true
        default:
            break  // EOP: +FHS and OK follow at phase E
        }
    }

    /// Receiving: a page has been written to the rx file and its post-page message has arrived;
    /// MCF goes out when this returns.
    private func pageReceived(fcf: UInt8) {
        let post = fcf == 0x4E ? 0 : fcf == 0x8E ? 1 : 2  // MPS, EOM, EOP
        receivedPages += 1
        guard let pages = try? TIFFFaxReader.readPages(path: rxPath), pages.count >= receivedPages,
              var coded = T32PageCoding.encode(pages[receivedPages - 1], df: negotiated.df, scratch: "\(scratch)/to-dte.tif") else {
            terminateRequested = true
            return
        }
        // The Class 2 (SP-2388) modems efax and mgetty were written for deliver received data in
        // reversed bit order at +FBOR=0; T.32 (Class 2.0) delivers it as +FBO says.
        let reverse = class2 ? (bitOrder & 1) == 0 : (bitOrder & 1) == 1
        if reverse { coded = T32PageCoding.reversed(coded) }
        guard hold({ mailbox.receiveRequested }) else { return }
        mailbox.receiveRequested = false
        mailbox.pageDelivered = false
        mailbox.post(.sendPage(coded, trailer: [class2 ? "+FPTS:1" : "+FPS:1", "+FET:\(post)", "OK"]))
        _ = hold({ mailbox.pageDelivered && mailbox.receiveRequested })
    }

    /// The +FBO / +FBOR value the DTE set (read once per page).
    var bitOrder = 0

    // MARK: hang-up status

    /// T.32 Table 23 hang-up codes for how T.30 ended.
    static func hangupStatus(t30Status: Int, finished: Bool, calling: Bool) -> Int {
        guard finished else { return 2 }  // the DTE or the line ended the call
        switch t30Status {
        case Int(T30_ERR_OK): return 0
        case Int(T30_ERR_T0_EXPIRED), Int(T30_ERR_T1_EXPIRED): return 11
        case Int(T30_ERR_CANNOT_TRAIN): return 27
        case Int(T30_ERR_CALLDROPPED): return 2
        default: return calling ? 50 : 90
        }
    }
}
