// Class1Mode: what T.30 asked a Class 1 front end to send or receive (its set_tx_type /
// set_rx_type handlers), and the T.31 modulation code that carries it.

import CSpanDSP
import V250

struct Class1Mode: Equatable {
    enum Kind: Equatable {
        case none, pause, ced, cng, v21, fast, done
    }

    var kind: Kind
    var modulation: Modulation?
    /// For `.pause`: milliseconds.
    var milliseconds = 0
    var hdlc = false

    init(type: Int32, bitRate: Int32, shortTrain: Int32, hdlc: Int32) {
        self.hdlc = hdlc != 0
        switch Int(type) {
        case Int(T30_MODEM_PAUSE): kind = .pause; milliseconds = Int(shortTrain)
        case Int(T30_MODEM_CED): kind = .ced
        case Int(T30_MODEM_CNG): kind = .cng
        case Int(T30_MODEM_V21): kind = .v21; modulation = .v21
        case Int(T30_MODEM_V27TER):
            kind = .fast; modulation = bitRate >= 4800 ? .v27ter4800 : .v27ter2400
        case Int(T30_MODEM_V29):
            kind = .fast; modulation = bitRate >= 9600 ? .v29_9600 : .v29_7200
        case Int(T30_MODEM_V17):
            kind = .fast
            let short = shortTrain != 0
            switch bitRate {
            case 14400: modulation = short ? .v17_14400Short : .v17_14400Long
            case 12000: modulation = short ? .v17_12000Short : .v17_12000Long
            case 9600: modulation = short ? .v17_9600Short : .v17_9600Long
            default: modulation = short ? .v17_7200Short : .v17_7200Long
            }
        case Int(T30_MODEM_DONE): kind = .done
        default: kind = .none
        }
    }

    static let none = Class1Mode(type: Int32(T30_MODEM_NONE), bitRate: 0, shortTrain: 0, hdlc: 0)
}
