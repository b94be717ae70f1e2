// V253Event: what a voice modem reports inside an audio stream, as DLE-shielded codes (V.253 and
// the IS-101 draft before it; the codes real modems document). The driver turns the ones that end
// or decide a call — busy, the far end hanging up, a silence that says nobody is there — into
// the same completions a Class 1 call gives; the rest are logged.

public enum V253Event: Sendable, Hashable {
    case dtmf(Character)
    /// `a`: answer tone (V.25 2100 Hz: a fax or data modem answered); `f`: Bell answer tone.
    case answerTone
    /// `b`: busy tone.
    case busy
    /// `c`: T.30 fax calling tone (CNG, 1100 Hz).
    case faxCallingTone
    /// `d`: dial tone.
    case dialTone
    /// `e`: data calling tone (1300 Hz).
    case dataCallingTone
    /// `l`: loop current interruption — the far end hung up.
    case hangUp
    /// `h` / `H`: a local handset went on / off hook (not the far end).
    case handsetOnHook
    case handsetOffHook
    /// `q`: quiet after voice; `s`: silence from the start (presumed hang-up).
    case quiet
    case silence
    /// `r`: ringback; `R`: ring.
    case ringback
    case ring
    /// `u`: the modem's transmit buffer ran empty; `o`: its receive buffer overflowed.
    case underrun
    case overrun
    case other(UInt8)

    public init(code: UInt8) {
        switch code {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "*"), UInt8(ascii: "#"), UInt8(ascii: "A")...UInt8(ascii: "D"):
            self = .dtmf(Character(UnicodeScalar(code)))
        case UInt8(ascii: "a"), UInt8(ascii: "f"): self = .answerTone
        case UInt8(ascii: "b"): self = .busy
        case UInt8(ascii: "c"): self = .faxCallingTone
        case UInt8(ascii: "d"): self = .dialTone
        case UInt8(ascii: "e"): self = .dataCallingTone
        case UInt8(ascii: "l"): self = .hangUp
        case UInt8(ascii: "h"): self = .handsetOnHook
        case UInt8(ascii: "H"): self = .handsetOffHook
        case UInt8(ascii: "q"): self = .quiet
        case UInt8(ascii: "s"): self = .silence
        case UInt8(ascii: "r"): self = .ringback
        case UInt8(ascii: "R"): self = .ring
        case UInt8(ascii: "u"): self = .underrun
        case UInt8(ascii: "o"): self = .overrun
        default: self = .other(code)
        }
    }

    /// Whether the call is over when this comes during a fax.
    public var endsCall: Bool {
        switch self {
        case .busy, .hangUp, .dialTone: true
        default: false
        }
    }
}
