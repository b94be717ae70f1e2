// FaxPage+Coded: a page as a fax line carries it — T.4 (MH, MR) or T.6 (MMR) coded rows, first
// bit of the line in the low bit of each byte, ended by RTC (six EOLs) or, for MMR, EOFB — as a
// Class 2 host streams it to its modem after +FDT. Coded by libtiff (the same coder TIFFFaxWriter
// uses), one strip, fill order LSB to MSB.

import CSpanDSP
import Foundation

extension FaxPage {
    /// The page coded as `compression` (not `.none`), ending in RTC/EOFB. Nil if libtiff fails.
    public func lineCoded(_ compression: TIFFFaxWriter.Compression, scratchDirectory: String = NSTemporaryDirectory()) -> [UInt8]? {
        let scratch = scratchDirectory + "/swiftfax-coded-\(UUID().uuidString).tif"
        defer { unlink(scratch) }
        guard (try? TIFFFaxWriter.write([self], to: scratch, compression: compression)) != nil, let tif = TIFFOpen(scratch, "r") else {
            return nil
        }
        defer { TIFFClose(tif) }
        var data: [UInt8] = []
        for strip in 0..<TIFFNumberOfStrips(tif) {
            let size = Int(TIFFRawStripSize(tif, strip))
            guard size > 0 else { return nil }
            var chunk = [UInt8](repeating: 0, count: size)
            let read = Int(TIFFReadRawStrip(tif, strip, &chunk, tmsize_t(size)))
            guard read > 0 else { return nil }
            data += chunk.prefix(read)
        }
        return data + Self.endOfPage(compression)
    }

    /// RTC: six EOLs (for MR each followed by the 1-D tag bit); for MMR, EOFB: two EOLs. LSB first.
    public static func endOfPage(_ compression: TIFFFaxWriter.Compression) -> [UInt8] {
        var bits: [Bool] = []
        for _ in 0..<(compression == .t6 ? 2 : 6) {
            bits += Array(repeating: false, count: 11) + [true]
            if compression == .t4TwoDimensional { bits.append(true) }
        }
        var bytes = [UInt8](repeating: 0, count: (bits.count + 7) / 8)
        for (index, bit) in bits.enumerated() where bit { bytes[index / 8] |= 1 << UInt8(index % 8) }
        return bytes
    }
}
