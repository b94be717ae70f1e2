// T32PageCoding: a page as a Class 2 DTE streams it (T.4/T.6 coded data, DLE-shielded, in the
// bit order +FBO chose) and as a FaxPage of pixels. The virtual modem decodes what the DTE sends
// with spandsp's T.4 receiver, and codes what it received for the DTE with libtiff's encoder
// (FaxPage.lineCoded: LSB first — the line's own order — plus an RTC).

import CSpanDSP
import Foundation
import T4

enum T32PageCoding {
    /// Decodes one page of coded data (LSB-first bytes, RTC optional) into pixels.
    /// `df` is the T.32 data format: 0 MH, 1 MR, 3 MMR.
    static func decode(_ coded: [UInt8], df: Int, vr: Int, scratch: String) -> FaxPage? {
        let encoding: UInt32 = df == 3 ? T4_COMPRESSION_ITU_T6.rawValue : df == 1 ? T4_COMPRESSION_ITU_T4_2D.rawValue : T4_COMPRESSION_ITU_T4_1D.rawValue
        unlink(scratch)
        guard let t4 = t4_rx_init(nil, scratch, Int32(T4_COMPRESSION_ITU_T6.rawValue)) else { return nil }
        t4_rx_set_rx_encoding(t4, Int32(encoding))
        t4_rx_set_image_width(t4, Int32(FaxPageWidth.a4))
        t4_rx_set_x_resolution(t4, Int32(T4_X_RESOLUTION_R8.rawValue))
        t4_rx_set_y_resolution(t4, Int32(vr == 1 ? T4_Y_RESOLUTION_FINE.rawValue : T4_Y_RESOLUTION_STANDARD.rawValue))
        t4_rx_start_page(t4)
        var data = coded
        _ = t4_rx_put_chunk(t4, &data, Int32(data.count))
        t4_rx_end_page(t4)
        t4_rx_free(t4)
        defer { unlink(scratch) }
        return (try? TIFFFaxReader.readPages(path: scratch))?.first
    }

    /// Codes a page for the DTE: MH (df 0), MR (1) or MMR (3), LSB first, ending in RTC (EOFB for MMR).
    static func encode(_ page: FaxPage, df: Int, scratch: String) -> [UInt8]? {
        page.lineCoded(df == 3 ? .t6 : df == 1 ? .t4TwoDimensional : .t4OneDimensional,
                       scratchDirectory: (scratch as NSString).deletingLastPathComponent)
    }

    /// The bytes with each one's bit order reversed.
    static func reversed(_ bytes: [UInt8]) -> [UInt8] {
        bytes.map { byte in
            var b = byte, r: UInt8 = 0
            for _ in 0..<8 {
                r = (r << 1) | (b & 1)
                b >>= 1
            }
            return r
        }
    }

    /// DLE shielding for data to the DTE: every DLE doubled.
    static func shielded(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 64 + 2)
        for byte in bytes {
            out.append(byte)
            if byte == 0x10 { out.append(0x10) }
        }
        return out
    }
}
