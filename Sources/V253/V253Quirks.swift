// V253Quirks: what voice modems do differently, as data rows matched on the identity the modem
// reports (most specific first, a default row last) — never `if`s in the driver: what a family's
// +VSM method numbers carry when their names do not say, the DLE event codes it sends beyond
// V.253's own, the gains to set, and the commands it needs after +FCLASS=8.
//
// Sources, read for facts: mgetty-voice's drivers (libvoice/V253modem.c for ELSA's manufacturer
// methods, Lucent.c and its README for the Lucent/Agere offer and gains, IS_101.c for the older
// event codes its generic handler accepts).

import V250

public struct V253Quirks: Sendable, Hashable {
    public var name: String
    public var manufacturer: String?
    public var model: String?
    /// Commands after +FCLASS=8 (timers, event reports), best effort.
    public var initCommands: [String]
    /// The sample format to use when the modem names its methods unhelpfully: a +VSM=? line.
    public var sampleFormatOverride: String?
    /// What the family's +VSM method numbers carry, where the names say otherwise or nothing.
    public var methodCodings: [Int: V253SampleFormat.Coding]
    /// +VGT / +VGR (transmit / receive gain, 0–255 with 128 the manufacturer's nominal level), set
    /// at reset so a gain left by another program does not distort the fax modulations; nil
    /// leaves the modem's own.
    public var transmitGain: Int?
    public var receiveGain: Int?
    /// DLE codes the family sends for events beyond V.253's letters (V253Event.init(code:)).
    public var eventCodes: [UInt8: V253Event]
    /// Transmit audio written ahead of the line, so the modem's buffer never runs dry between
    /// the host's blocks (milliseconds). It delays everything the host sends by as much — a
    /// constant shift T.30's timing does not mind (its turnarounds allow seconds) — and absorbs
    /// that much scheduling jitter on the host.
    public var transmitLeadMilliseconds: Int

    public init(name: String, manufacturer: String? = nil, model: String? = nil, initCommands: [String] = [],
                sampleFormatOverride: String? = nil, methodCodings: [Int: V253SampleFormat.Coding] = [:],
                transmitGain: Int? = nil, receiveGain: Int? = nil, eventCodes: [UInt8: V253Event] = Self.is101EventCodes,
                transmitLeadMilliseconds: Int = 200) {
        self.name = name
        self.manufacturer = manufacturer
        self.model = model
        self.initCommands = initCommands
        self.sampleFormatOverride = sampleFormatOverride
        self.methodCodings = methodCodings
        self.transmitGain = transmitGain
        self.receiveGain = receiveGain
        self.eventCodes = eventCodes
        self.transmitLeadMilliseconds = transmitLeadMilliseconds
    }

    public func matches(_ identity: ModemIdentity) -> Bool {
        identity.matches(manufacturer: manufacturer, model: model)
    }

    /// The event of a DLE code from this family: its own codes first, then V.253's.
    public func event(code: UInt8) -> V253Event {
        eventCodes[code] ?? V253Event(code: code)
    }

    /// The gain commands of the row.
    var gainCommands: [String] {
        [transmitGain.map { "AT+VGT=\($0)" }, receiveGain.map { "AT+VGR=\($0)" }].compactMap { $0 }
    }

    /// Codes of the IS-101 interim standard and of firmware written to it, which many V.253
    /// modems still send: busy `K`, dial tone `i`, fax calling tone `m`, handset `p`/`P`.
    public static let is101EventCodes: [UInt8: V253Event] = [
        UInt8(ascii: "K"): .busy, UInt8(ascii: "i"): .dialTone, UInt8(ascii: "m"): .faxCallingTone,
        UInt8(ascii: "p"): .handsetOnHook, UInt8(ascii: "P"): .handsetOffHook,
    ]

    public static let table: [V253Quirks] = [
        // USRobotics (5637 and kin): +VIT=0 keeps the inactivity timer from ending a long fax.
        V253Quirks(name: "USRobotics voice", manufacturer: "robotics", initCommands: ["AT+VIT=0"]),
        // Conexant/Rockwell HSF/HCF USB sticks: the same; their 16-bit method is "16-BIT LINEAR".
        V253Quirks(name: "Conexant voice", manufacturer: "conexant", initCommands: ["AT+VIT=0"]),
        // ELSA (MicroLink 56k Fun and later, V.253 firmware): manufacturer methods 131 µ-law and
        // 132 A-law; method 1 ("8-bit linear") is unsigned (recordings are .ub).
        V253Quirks(name: "ELSA voice", manufacturer: "elsa", initCommands: ["AT+VIT=0"],
                   methodCodings: [1: .linear8Unsigned, 131: .ulaw, 132: .alaw]),
        // Lucent/Agere Venus (Zoom 56Kx and many OEM sticks): 128 8-bit, 129 16-bit linear,
        // 130 A-law, 131 µ-law, 132 IMA ADPCM, named plainly; gains at the nominal 128.
        V253Quirks(name: "Lucent/Agere voice", manufacturer: "lucent", initCommands: ["AT+VIT=0"],
                   transmitGain: 128, receiveGain: 128),
        V253Quirks(name: "Agere voice", manufacturer: "agere", initCommands: ["AT+VIT=0"],
                   transmitGain: 128, receiveGain: 128),
        V253Quirks(name: "default", initCommands: ["AT+VIT=0"]),
    ]

    public static func lookup(_ identity: ModemIdentity, in table: [V253Quirks] = table) -> V253Quirks {
        table.first { $0.matches(identity) } ?? V253Quirks(name: "default")
    }
}
