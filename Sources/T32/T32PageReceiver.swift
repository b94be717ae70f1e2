// T32PageReceiver: the pages a Class 2 modem delivers after +FDR (T.4/T.6 coded, as the session's
// +FCS says: MH, MR or MMR, the page width and vertical resolution) written into one TIFF/F file,
// a page at a time, by spandsp's T.4 receiver — the same writer spandsp's T.30 uses for a Class 1
// or soft-modem receive, so the inbox gets the same file either way. Each page is complete on disk
// (its TIFF directory written) before `addPage` returns; bad rows are counted as T.4 decodes.

import CSpanDSP
import Foundation

final class T32PageReceiver {
    struct Page {
        /// Rows decoded, and how many of them were bad (filled in from the row before).
        var rows: Int
        var badRows: Int
    }

    private let state: OpaquePointer
    private(set) var pages = 0

    /// Creates (truncates) `path`; pages are stored T.6-coded, as spandsp's T.30 stores them.
    init?(path: String, farIdentity: String) {
        unlink(path)
        guard let state = t4_rx_init(nil, path, Int32(T4_COMPRESSION_ITU_T6.rawValue)) else { return nil }
        self.state = state
        t4_rx_set_far_ident(state, String(farIdentity.unicodeScalars.filter { $0.isASCII && $0.value >= 0x20 }.prefix(20).map(Character.init)))
        t4_rx_set_vendor(state, "SwiftFax")
        t4_rx_set_model(state, "Class 2 receive")
    }

    deinit { t4_rx_free(state) }

    /// Decodes one page's data (LSB first: the line's bit order) and appends it to the file.
    /// Nil when not a single row could be decoded (the page is not kept).
    func addPage(_ data: [UInt8], session: T32SessionParameters) -> Page? {
        let encoding = switch session.dataFormat {
        case 1: T4_COMPRESSION_ITU_T4_2D
        case 3: T4_COMPRESSION_ITU_T6
        default: T4_COMPRESSION_ITU_T4_1D
        }
        t4_rx_set_rx_encoding(state, Int32(encoding.rawValue))
        t4_rx_set_image_width(state, Int32(Self.width(session.pageWidth)))
        t4_rx_set_x_resolution(state, Int32(T4_X_RESOLUTION_R8.rawValue))
        t4_rx_set_y_resolution(state, Int32((session.verticalResolution == 0 ? T4_Y_RESOLUTION_STANDARD : session.verticalResolution == 1 ? T4_Y_RESOLUTION_FINE : T4_Y_RESOLUTION_SUPERFINE).rawValue))
        t4_rx_start_page(state)
        var bytes = data
        _ = t4_rx_put_chunk(state, &bytes, Int32(bytes.count))
        let ended = t4_rx_end_page(state)
        var stats = t4_stats_t()
        t4_rx_get_transfer_statistics(state, &stats)
        guard ended == 0, stats.length > 0 else { return nil }
        pages += 1
        return Page(rows: Int(stats.length), badRows: Int(stats.bad_rows))
    }

    /// T.32 WD: 0 = 1728 pels (A4), 1 = 2048 (B4), 2 = 2432 (A3); others are not fax widths here.
    static func width(_ wd: Int) -> Int {
        switch wd {
        case 1: 2048
        case 2: 2432
        default: 1728
        }
    }
}
