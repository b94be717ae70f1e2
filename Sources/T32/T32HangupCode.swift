// T32HangupCode: why a Class 2 modem says it hung up — +FHS:<hex> (T.32) or +FHNG:<decimal>
// (Class 2) — with T.32 Table 25's meaning and the FaxCompletion it becomes. Codes with a T.30
// meaning spandsp's table already has map onto that 51xx code (so a fax failed by a Class 2
// modem reads and retries like one failed by our own T.30); the modem-only reports map onto
// 5170–5180 (FaxCompletion+T32). The table is data: one row per code.

import FaxOutcome
import T30

public struct T32HangupCode: Sendable, Hashable, CustomStringConvertible {
    /// The code as T.32 numbers it (hex digits: 0x52 is "no response to MPS repeated 3 times").
    public let value: Int

    public init(value: Int) { self.value = value }

    /// From a +FHS value: two hex digits.
    public init?(fhs text: some StringProtocol) {
        let digits = String(text.filter { $0 != " " })
        guard digits.isDigits(radix: 16), digits.utf8.count <= 2, let value = Int(digits, radix: 16) else { return nil }
        self.value = value
    }

    /// From a +FHNG value: decimal. Class 2 writes T.32's hex digits as a decimal number below
    /// 100 (52 is 0x52) and the receive phase D codes as 100–103 (0xA0–0xA3).
    public init?(fhng text: some StringProtocol) {
        let digits = String(text.filter { $0 != " " })
        guard digits.isDigits(radix: 10), digits.utf8.count <= 3, let number = Int(digits) else { return nil }
        switch number {
        case 0..<100: value = (number / 10) * 16 + number % 10
        case 100..<110: value = 0xA0 + (number - 100)
        default: return nil
        }
    }

    public init?(_ text: some StringProtocol, dialect: T32Dialect) {
        switch dialect {
        case .class2: self.init(fhng: text)
        case .class20: self.init(fhs: text)
        }
    }

    /// 0: a normal and proper end of the connection.
    public var isNormal: Bool { value == 0 }

    /// T.32's words for it.
    public var meaning: String { Self.table[value]?.meaning ?? "hang-up code \(String(value, radix: 16, uppercase: true))" }

    /// What the call's result says.
    public var completion: FaxCompletion { Self.table[value]?.completion ?? .t32Unknown }

    public var description: String {
        let hex = String(value, radix: 16, uppercase: true)
        return "\(hex.count == 1 ? "0" + hex : hex) \(meaning)"
    }

    /// spandsp's T.30 completion of the same meaning (5100 + T30_ERR_*).
    static func t30(_ status: Int) -> FaxCompletion { FaxCompletion(t30Status: status) }

    /// T.32 Table 25, by code.
    static let table: [Int: (meaning: String, completion: FaxCompletion)] = [
        0x00: ("normal and proper end of connection", .ok),
        0x01: ("ring detected without successful handshake", .t32RingWithoutHandshake),
        0x02: ("call aborted, from +FK or <CAN>", .cancelled),
        0x03: ("no loop current", .noDialtone),
        0x04: ("ringback detected, no answer (timeout)", .noAnswer),
        0x05: ("ringback detected, answer without CED", .answeredByVoice),
        0x10: ("unspecified transmit phase A error", .t32PhaseA),
        // T1 runs once the far end has answered: no DIS within it means no fax answered (a
        // line never answered is NO ANSWER or code 04) — the same judgement the Class 1 driver makes.
        0x11: ("no answer (T.30 T1 timeout)", .answeredByVoice),
        0x20: ("unspecified transmit phase B error", .t32TransmitPhaseB),
        0x21: ("remote cannot receive or send", t30(9)),
        0x22: ("COMREC error in transmit phase B", t30(13)),
        0x23: ("COMREC invalid command received", t30(13)),
        0x24: ("RSPREC error", t30(14)),
        0x25: ("DCS sent three times without response", t30(20)),
        0x26: ("DIS/DTC received 3 times; DCS not recognized", t30(14)),
        0x27: ("failure to train at 2400 bit/s or +FMS value", t30(6)),
        0x28: ("RSPREC invalid response received", t30(14)),
        0x40: ("unspecified transmit phase C error", .t32TransmitPhaseC),
        0x43: ("DTE to DCE data underflow", .t32Underflow),
        0x50: ("unspecified transmit phase D error", .t32TransmitPhaseD),
        0x51: ("RSPREC error", t30(18)),
        0x52: ("no response to MPS repeated 3 times", t30(21)),
        0x53: ("invalid response to MPS", t30(18)),
        0x54: ("no response to EOP repeated 3 times", t30(21)),
        0x55: ("invalid response to EOP", t30(18)),
        0x56: ("no response to EOM repeated 3 times", t30(21)),
        0x57: ("invalid response to EOM", t30(18)),
        0x58: ("unable to continue after PIN or PIP", t30(7)),
        0x70: ("unspecified receive phase B error", .t32ReceivePhaseB),
        0x71: ("RSPREC error", t30(13)),
        0x72: ("COMREC error", t30(13)),
        0x73: ("T.30 T2 timeout, expected page not received", t30(31)),
        0x74: ("T.30 T1 timeout after EOM received", t30(3)),
        0x90: ("unspecified receive phase C error", .t32ReceivePhaseC),
        0x91: ("missing EOL after 5 seconds", t30(27)),
        0x93: ("DCE to DTE buffer overflow", .t32Overflow),
        0x94: ("bad CRC or frame (ECM mode)", t30(23)),
        0xA0: ("unspecified receive phase D error", .t32ReceivePhaseD),
        0xA1: ("RSPREC invalid response received", t30(25)),
        0xA2: ("COMREC invalid response received", t30(25)),
        0xA3: ("unable to continue after PIN or PIP", t30(7)),
    ]
}
