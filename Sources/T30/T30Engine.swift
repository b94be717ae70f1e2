// T30Engine: one call's spandsp T.30 state, configured from FaxSessionOptions, turning spandsp's
// phase callbacks into FaxSessionEvents, a session log and a FaxSessionResult.
//
// A front end creates the t30_state_t (fax_init for audio, t30_init for a Class 1 modem) and
// drives it; this class owns everything that is the same whichever front end it is. It is used
// from one thread only: spandsp calls these handlers synchronously from inside the front end's
// calls into it.

import CSpanDSP
import FaxOutcome
import Foundation

public final class T30Engine {
    public let t30: OpaquePointer
    public let direction: FaxDirection
    public let calling: Bool
    public let options: FaxSessionOptions

    /// Called for every event, on the front end's thread.
    public var onEvent: ((FaxSessionEvent) -> Void)?
    /// The front end's clock, in line seconds, for the session log.
    public var clock: () -> Double = { 0 }

    public private(set) var isFinished = false
    public private(set) var t30Status: Int?
    public private(set) var framesReceived = 0
    public private(set) var sessionLog: [SessionLogEntry] = []
    private var phase: T30Phase = .a
    private var lastNegotiation: FaxNegotiation?
    private var lastRemoteIdentity = ""
    private var pagesReported = 0
    private var imageFrames = 0
    private var badRowsTotal = 0
    private var cStrings: [UnsafeMutablePointer<CChar>] = []

    public init(t30: OpaquePointer, direction: FaxDirection, calling: Bool, options: FaxSessionOptions) {
        self.t30 = t30
        self.direction = direction
        self.calling = calling
        self.options = options
        configure()
    }

    deinit {
        cStrings.forEach { free($0) }
    }

    /// Adds a line to the session log (front ends note AT commands and line events here).
    public func note(_ text: String, _ direction: SessionLogEntry.Direction = .note) {
        sessionLog.append(SessionLogEntry(time: clock(), direction: direction, text: text))
    }

    private func configure() {
        let me = Unmanaged.passUnretained(self).toOpaque()
        t30_set_tx_ident(t30, options.localIdentity)
        if let header = options.pageHeader {
            t30_set_tx_page_header_info(t30, header)
            if let tz = options.pageHeaderTimeZone {
                t30_set_tx_page_header_tz(t30, tz)
            }
        }
        t30_set_ecm_capability(t30, options.errorCorrection ? 1 : 0)
        t30_set_supported_modems(t30, Int32(options.modems.rawValue))
        var compressions = options.compressions
        if !options.errorCorrection { compressions.remove(.t6) }  // T.6 needs ECM
        if compressions.isEmpty { compressions = .t4OneDimensional }
        t30_set_supported_compressions(t30, Int32(compressions.rawValue))
        t30_set_supported_resolutions(
            t30, Int32(options.resolutions.rawValue | Int(T30_SUPPORT_R8_RESOLUTION))
        )
        t30_set_supported_image_sizes(
            t30,
            Int32(
                T30_SUPPORT_US_LETTER_LENGTH | T30_SUPPORT_US_LEGAL_LENGTH | T30_SUPPORT_UNLIMITED_LENGTH
                    | T30_SUPPORT_A4_LENGTH | T30_SUPPORT_B4_LENGTH
                    | T30_SUPPORT_215MM_WIDTH | T30_SUPPORT_255MM_WIDTH | T30_SUPPORT_303MM_WIDTH
            )
        )
        switch direction {
        case .transmit(let document):
            t30_set_tx_file(t30, document, -1, -1)
        case .receive(let path):
            t30_set_rx_file(t30, path, -1)
        }
        t30_set_phase_b_handler(t30, { _, userData, result in
            T30Engine.from(userData).phaseB(result: Int(result))
            return Int32(T30_ERR_OK)
        }, me)
        t30_set_phase_d_handler(t30, { _, userData, result in
            T30Engine.from(userData).phaseD(result: Int(result))
            return Int32(T30_ERR_OK)
        }, me)
        t30_set_phase_e_handler(t30, { _, userData, status in
            T30Engine.from(userData).phaseE(status: Int(status))
        }, me)
        t30_set_real_time_frame_handler(t30, { _, userData, incoming, msg, len in
            guard let msg, len > 0 else { return }
            T30Engine.from(userData).frame(incoming: incoming != 0, bytes: UnsafeBufferPointer(start: msg, count: Int(len)))
        }, me)
    }

    private static func from(_ userData: UnsafeMutableRawPointer?) -> T30Engine {
        Unmanaged<T30Engine>.fromOpaque(userData!).takeUnretainedValue()
    }

    private func emit(_ event: FaxSessionEvent) {
        onEvent?(event)
    }

    private func enter(_ next: T30Phase) {
        guard next != phase else { return }
        phase = next
        emit(.phase(next))
    }

    // MARK: spandsp callbacks

    private func frame(incoming: Bool, bytes: UnsafeBufferPointer<UInt8>) {
        if incoming { framesReceived += 1 }
        if phase == .a { enter(.b) }
        // Frames are address (0xFF), control (0x03 / 0x13 final), FCF, FIF.
        guard bytes.count >= 3 else {
            note("short frame", incoming ? .received : .sent)
            return
        }
        let fcf = bytes[2] & 0xFE
        if fcf == 0x06 {
            // ECM image data (FCD): hundreds per page; the log gets one line per block.
            imageFrames += 1
            return
        }
        flushImageFrames(incoming: incoming)
        let name = String(cString: t30_frametype(bytes[2]))
        sessionLog.append(SessionLogEntry(time: clock(), direction: incoming ? .received : .sent, text: "\(name) \(Self.hex(bytes.prefix(24)))"))
        if incoming, fcf == 0x40 || fcf == 0x42 {
            // TSI/CSI arrived: report the remote identity as soon as it is known.
            reportRemoteIdentity()
        }
        if let dcs = T30DCS(frame: bytes) {
            // Phase B has settled (or, after a fallback, re-settled) the parameters.
            negotiated(dcs.negotiation)
        }
    }

    private func flushImageFrames(incoming: Bool) {
        guard imageFrames > 0 else { return }
        sessionLog.append(SessionLogEntry(time: clock(), direction: incoming ? .received : .sent, text: "FCD ×\(imageFrames) (ECM image frames)"))
        imageFrames = 0
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    static func hex(_ bytes: some Collection<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 3)
        for byte in bytes {
            if !out.isEmpty { out.append(0x20) }
            out.append(hexDigits[Int(byte >> 4)])
            out.append(hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    private func reportRemoteIdentity() {
        guard let raw = t30_get_rx_ident(t30) else { return }
        let ident = String(cString: raw).trimmingCharacters(in: .whitespaces)
        guard !ident.isEmpty, ident != lastRemoteIdentity else { return }
        lastRemoteIdentity = ident
        emit(.remoteIdentity(ident))
    }

    private func negotiated(_ negotiation: FaxNegotiation) {
        guard negotiation != lastNegotiation else { return }
        lastNegotiation = negotiation
        emit(.negotiated(negotiation))
    }

    private func phaseB(result: Int) {
        enter(.b)
        reportRemoteIdentity()
    }

    private func phaseD(result: Int) {
        enter(.c)  // a page went through phase C to get here
        enter(.d)
        let stats = statistics()
        let pages = direction.isTransmit ? Int(stats.pages_tx) : Int(stats.pages_rx)
        if pages > pagesReported {
            pagesReported = pages
            if !direction.isTransmit { badRowsTotal += Int(stats.bad_rows) }
            let total = stats.pages_in_file >= 0 && direction.isTransmit ? Int(stats.pages_in_file) : nil
            emit(.page(number: pages, of: total, badRows: Int(stats.bad_rows)))
        }
    }

    private func phaseE(status: Int) {
        guard !isFinished else { return }
        t30Status = status
        isFinished = true
        enter(.e)
        note("phase E: \(FaxCompletion(t30Status: status).description)")
    }

    // MARK: results

    public func statistics() -> t30_stats_t {
        var stats = t30_stats_t()
        t30_get_transfer_statistics(t30, &stats)
        return stats
    }

    /// The result so far; `completion` overrides T.30's own status (busy, deadline, voice, …).
    public func result(completion override: FaxCompletion? = nil, lineSeconds: Double) -> FaxSessionResult {
        let stats = statistics()
        let completion = override ?? t30Status.map { FaxCompletion(t30Status: $0) } ?? .noCarrier
        let pages = direction.isTransmit ? Int(stats.pages_tx) : Int(stats.pages_rx)
        return FaxSessionResult(
            completion: completion,
            pagesTransferred: pages,
            pagesInDocument: direction.isTransmit && stats.pages_in_file >= 0 ? Int(stats.pages_in_file) : nil,
            badRows: direction.isTransmit ? 0 : max(badRowsTotal, pagesReported < pages ? Int(stats.bad_rows) : 0),
            remoteIdentity: lastRemoteIdentity,
            bitRate: lastNegotiation?.bitRate ?? 0,
            errorCorrection: lastNegotiation?.errorCorrection ?? false,
            compression: lastNegotiation?.compression ?? "",
            lineSeconds: lineSeconds,
            sessionLog: sessionLog
        )
    }
}
