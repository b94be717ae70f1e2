// T32Parameters: the eight T.30 session parameters a Class 2 / 2.0 modem trades with its DTE
// (T.32 §8.5.1, SP-2388 +FDCC): VR, BR, WD, LN, DF, EC, BF, ST — as in +FCC/+FIS/+FCS
// (+FDCC/+FDIS/+FDCS in Class 2) — and their conversion from DIS and DCS frames (T.30 Table 2).

import Foundation

/// One set of session parameters, e.g. "1,5,0,2,0,0,0,0".
public struct T32Parameters: Sendable, Hashable, CustomStringConvertible {
    /// Vertical resolution: 0 = 98 lpi, 1 = 196 lpi.
    public var vr = 1
    /// Bit rate: 0 = 2400 … 5 = 14400.
    public var br = 5
    /// Page width: 0 = 1728 pixels.
    public var wd = 0
    /// Page length: 0 = A4, 1 = B4, 2 = unlimited.
    public var ln = 2
    /// Data format: 0 = T.4 1-D (MH), 1 = T.4 2-D (MR), 2 = uncompressed, 3 = T.6 (MMR).
    public var df = 0
    /// Error correction: 0 = none; Class 2.0: 1 = ECM (T.30 Annex A); Class 2 (SP-2388): 1 = ECM
    /// with 64-octet frames, 2 = with 256-octet frames.
    public var ec = 0
    /// Binary file transfer: 0 = none.
    public var bf = 0
    /// Minimum scan time: 0 = 0 ms.
    public var st = 0

    /// The values each parameter takes: DF 0 (MH), 1 (MR), 3 (MMR; T.30 allows it only with ECM);
    /// EC 0–1 in Class 2.0, 0–2 in Class 2.
    public static func allowed(class2: Bool) -> [ClosedRange<Int>] {
        [0...1, 0...5, 0...0, 0...2, 0...3, 0...(class2 ? 2 : 1), 0...0, 0...7]
    }
    /// The ranges `=?` reports (Class 2.0, then Class 2).
    public static let ranges = "(0,1),(0-5),(0),(0-2),(0,1,3),(0,1),(0),(0-7)"
    public static let class2Ranges = "(0,1),(0-5),(0),(0-2),(0,1,3),(0-2),(0),(0-7)"

    public init() {}

    public init(vr: Int, br: Int, wd: Int = 0, ln: Int = 2, df: Int, ec: Int = 0, bf: Int = 0, st: Int = 0) {
        (self.vr, self.br, self.wd, self.ln, self.df, self.ec, self.bf, self.st) = (vr, br, wd, ln, df, ec, bf, st)
    }

    public var values: [Int] {
        get { [vr, br, wd, ln, df, ec, bf, st] }
        set { (vr, br, wd, ln, df, ec, bf, st) = (newValue[0], newValue[1], newValue[2], newValue[3], newValue[4], newValue[5], newValue[6], newValue[7]) }
    }

    public var description: String { values.map(String.init).joined(separator: ",") }

    /// Applies "a,b,,d": omitted values are left as they are. Nil when a value is not a number or out of range.
    public func updated(with text: String, class2: Bool = false) -> T32Parameters? {
        let fields = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard fields.count <= 8 else { return nil }
        var values = self.values
        let allowed = Self.allowed(class2: class2)
        for (index, field) in fields.enumerated() where !field.isEmpty {
            guard let value = Int(field), allowed[index].contains(value), index != 4 || value != 2 else { return nil }
            values[index] = value
        }
        var result = self
        result.values = values
        return result
    }

    /// The lower of each parameter (what a session can use when both ends offer these).
    public func common(with other: T32Parameters) -> T32Parameters {
        var result = T32Parameters()
        result.values = zip(values, other.values).map { Swift.min($0, $1) }
        return result
    }

    public static let bitRates = [2400, 4800, 7200, 9600, 12000, 14400]

    // MARK: from T.30 frames (FF 03|13 FCF FIF…; FIF bit n is octet (n-1)/8, mask 1 << (n-1)%8)

    private static func bit(_ fif: ArraySlice<UInt8>, _ n: Int) -> Bool {
        let index = fif.startIndex + (n - 1) / 8
        return index < fif.endIndex && fif[index] & (1 << UInt8((n - 1) % 8)) != 0
    }

    /// The EC value for ECM with 256-octet frames (spandsp's T.30 always uses them) or 64-octet ones.
    static func ecm(class2: Bool, smallFrames: Bool = false) -> Int {
        class2 ? (smallFrames ? 1 : 2) : 1
    }

    /// The capabilities a DIS (or DTC) frame offers, as +FIS/+FDIS values (bit 27: ECM; bit 31: T.6).
    public init?(dis frame: [UInt8], class2: Bool = false) {
        guard frame.count >= 6 else { return nil }
        let fif = frame[3...]
        let v29 = Self.bit(fif, 11), v27 = Self.bit(fif, 12), v17 = Self.bit(fif, 14)
        br = v17 && v29 && v27 ? 5 : v29 ? 3 : v27 ? 1 : 0
        vr = Self.bit(fif, 15) ? 1 : 0
        df = Self.bit(fif, 31) && Self.bit(fif, 27) ? 3 : Self.bit(fif, 16) ? 1 : 0
        ec = Self.bit(fif, 27) ? Self.ecm(class2: class2) : 0
        ln = Self.bit(fif, 20) ? 2 : Self.bit(fif, 19) ? 1 : 0
        st = 0
    }

    /// The parameters a DCS frame settles on, as +FCS/+FDCS values (bit 27: ECM, bit 28: 64-octet
    /// frames; bit 31: T.6).
    public init?(dcs frame: [UInt8], class2: Bool = false) {
        guard frame.count >= 6 else { return nil }
        let fif = frame[3...]
        switch (fif[fif.startIndex + 1] >> 2) & 0x0F {
        case 0b1000: br = 5
        case 0b1010: br = 4
        case 0b1001, 0b0001: br = 3
        case 0b1011, 0b0011: br = 2
        case 0b0010: br = 1
        default: br = 0
        }
        vr = Self.bit(fif, 15) ? 1 : 0
        df = Self.bit(fif, 31) ? 3 : Self.bit(fif, 16) ? 1 : 0
        ec = Self.bit(fif, 27) ? Self.ecm(class2: class2, smallFrames: Self.bit(fif, 28)) : 0
        ln = Self.bit(fif, 20) ? 2 : Self.bit(fif, 19) ? 1 : 0
        st = 0
    }
}

/// An identity string (TSI/CSI) as it arrives in a T.30 frame: 20 octets, last character first.
func t30Identity(frame: [UInt8]) -> String {
    guard frame.count > 3 else { return "" }
    let chars = frame[3...].reversed().map { Character(UnicodeScalar($0)) }
    return String(chars).trimmingCharacters(in: .whitespaces)
}
