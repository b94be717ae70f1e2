// Class1HDLC: host-side HDLC for ECM over Class 1. Modems frame HDLC only on V.21 (+FTH/+FRH),
// so ECM pages on V.17/V.29/V.27ter travel as +FTM/+FRM byte streams that the host frames
// itself (flags, zero-bit stuffing, CRC-16) with spandsp's hdlc_tx/hdlc_rx.
//
// Bit order: spandsp's HDLC byte interface puts the first line bit in the MSB; T.31 data puts it
// in the LSB. Every byte crosses between them bit-reversed.

import CSpanDSP

/// Reverses the bit order of bytes (LSB-first ⇄ MSB-first).
enum BitOrder {
    static let reversed: [UInt8] = (0..<256).map { value in
        var v = UInt8(value), r: UInt8 = 0
        for _ in 0..<8 { r = (r << 1) | (v & 1); v >>= 1 }
        return r
    }
}

/// Frames T.30's ECM frames into a T.31 byte stream. Each time a frame has gone out, spandsp
/// reports the underflow to T.30 (`t30_front_end_status(SEND_STEP_COMPLETE)`), which hands the
/// next frame to the front end's `send_hdlc` handler — and that calls `queue` again.
final class Class1HDLCTransmitter {
    private let state: OpaquePointer

    /// - Parameter t30: the T.30 state, told of each sent frame.
    init(t30: OpaquePointer) {
        state = hdlc_tx_init(nil, 0, 2, 0, { userData in
            t30_front_end_status(userData, Int32(T30_FRONT_END_SEND_STEP_COMPLETE))
        }, UnsafeMutableRawPointer(t30))!
        // Preamble: 200 ms of flags, as a modem would send before the first frame.
        hdlc_tx_flags(state, 0)
    }

    deinit { hdlc_tx_free(state) }

    func preamble(octets: Int) {
        hdlc_tx_flags(state, Int32(octets))
    }

    func queue(_ frame: UnsafeBufferPointer<UInt8>) {
        _ = hdlc_tx_frame(state, frame.baseAddress, frame.count)
    }

    /// The next `count` octets of the stream, in T.31 (LSB-first) order.
    func nextOctets(_ count: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        for i in 0..<count {
            let byte = hdlc_tx_get_byte(state)
            out[i] = BitOrder.reversed[Int(UInt8(truncatingIfNeeded: byte))]
        }
        return out
    }
}

/// Deframes a T.31 byte stream into HDLC frames for T.30 (`t30_hdlc_accept`, which also takes
/// the receiver's framing-OK and abort reports).
final class Class1HDLCReceiver {
    private let state: OpaquePointer

    init(t30: OpaquePointer) {
        state = hdlc_rx_init(nil, 0, 1, 5, { userData, frame, length, ok in
            t30_hdlc_accept(userData, frame, length, ok)
        }, UnsafeMutableRawPointer(t30))!
    }

    deinit { hdlc_rx_free(state) }

    func put(_ bytes: [UInt8]) {
        for byte in bytes {
            hdlc_rx_put_byte(state, Int32(BitOrder.reversed[Int(byte)]))
        }
    }
}
