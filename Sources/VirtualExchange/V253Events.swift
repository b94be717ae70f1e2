// V253Events: the events the virtual voice modem reports, with their V.253 event numbers (the bit
// positions of +VEM's masks and +VLS=?'s capability fields: event 0 is the most significant bit of
// 32) and their <DLE> codes. In the voice data states (and the online voice command state) an event
// is <DLE><code> in the stream; on hook in command state a ring is the RING result code.

public enum V253Event: Int, CaseIterable, Sendable {
    case callerID = 0
    case ring = 3
    case dtmf = 4
    case faxCalling = 6          // <DLE>c  1100 Hz CNG
    case dataCalling = 7         // <DLE>e  1300 Hz V.25 calling tone
    case silence = 9             // <DLE>s  no voice energy from the start, then +VSD's silence
    case quiet = 10              // <DLE>q  voice energy, then +VSD's silence
    case loopCurrentInterruption = 13  // <DLE>l  the far end hung up
    case busy = 19               // <DLE>b
    case dialTone = 20           // <DLE>d
    case answerTone = 25         // <DLE>a  2100 Hz ANS/CED (fax or data answer)

    /// The <DLE> code (DTMF digits report themselves; caller ID is a message, not a code).
    var code: UInt8? {
        switch self {
        case .callerID, .dtmf: nil
        case .ring: UInt8(ascii: "R")
        case .faxCalling: UInt8(ascii: "c")
        case .dataCalling: UInt8(ascii: "e")
        case .silence: UInt8(ascii: "s")
        case .quiet: UInt8(ascii: "q")
        case .loopCurrentInterruption: UInt8(ascii: "l")
        case .busy: UInt8(ascii: "b")
        case .dialTone: UInt8(ascii: "d")
        case .answerTone: UInt8(ascii: "a")
        }
    }

    var bit: UInt32 { 1 << UInt32(31 - rawValue) }

    /// What can be reported in each state (+VLS=?, +VEM=?).
    static let transmitState: [V253Event] = [.dtmf, .faxCalling, .dataCalling, .loopCurrentInterruption, .busy, .answerTone]
    static let receiveState: [V253Event] = [.ring, .dtmf, .faxCalling, .dataCalling, .silence, .quiet, .loopCurrentInterruption, .busy, .dialTone, .answerTone]
    static let commandState: [V253Event] = [.callerID, .ring, .dtmf, .faxCalling, .dataCalling, .loopCurrentInterruption, .busy, .dialTone, .answerTone]

    static func mask(_ events: [V253Event]) -> UInt32 { events.reduce(0) { $0 | $1.bit } }

    static func hex(_ mask: UInt32) -> String {
        let digits = String(mask, radix: 16, uppercase: true)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }
}
