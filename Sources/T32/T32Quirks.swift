// T32Quirks: what real Class 2 / 2.0 modems do differently from T.32, kept as data — one row per
// modem family, matched on the identity the modem reports (ATI, +FMI/+FMFR, +FMM/+FMDL,
// +FMR/+FREV), most specific first, a default row last. Nothing else in the driver asks which
// modem it is talking to. The rows come from public, documented field experience (HylaFAX's
// modem prototype files in config/: usr-2.0, lucent-mt-20, rockwell-k56, conexant-1.0).

import V250

public struct T32Quirks: Sendable, Hashable {
    /// Row name, shown by `faxctl modem probe`.
    public var name: String
    /// Case-insensitive substrings the identity must contain (nil = any).
    public var manufacturer: String?
    public var model: String?
    /// The class to use when the configuration says `auto` and the modem offers it: the one
    /// that works best on this family. Nil: Class 1 when offered (the host runs T.30, which we
    /// control and log fully), else the best Class 2 dialect offered.
    public var preferredClass: FaxClass?
    /// Extra commands after the class is selected.
    public var initCommands: [String]
    /// Whether received data comes MSB first whatever +FBO/+FBOR says; nil: as the dialect does
    /// (T32Dialect.receivedDataReversed).
    public var reversesReceivedData: Bool?
    /// The character that starts received data, when the modem wants the other one than its
    /// dialect says (DC2 in SP-2388 Class 2, DC1 in T.32 Class 2.0).
    public var receiveDataTrigger: UInt8?

    public init(
        name: String, manufacturer: String? = nil, model: String? = nil, preferredClass: FaxClass? = nil,
        initCommands: [String] = [], reversesReceivedData: Bool? = nil, receiveDataTrigger: UInt8? = nil
    ) {
        self.name = name
        self.manufacturer = manufacturer
        self.model = model
        self.preferredClass = preferredClass
        self.initCommands = initCommands
        self.reversesReceivedData = reversesReceivedData
        self.receiveDataTrigger = receiveDataTrigger
    }

    /// Whether this row applies to the identity.
    public func matches(_ identity: ModemIdentity) -> Bool {
        identity.matches(manufacturer: manufacturer, model: model)
    }

    /// The table, most specific first; the last row matches every modem.
    public static let table: [T32Quirks] = [
        // SwiftFax's virtual Class 2 / 2.0 modem (the exchange): T.32 as written; preferred so
        // that `class: auto` on the exchange's multi-class modem exercises the Class 2 driver.
        T32Quirks(name: "SwiftFax virtual modem", manufacturer: "swiftfax", preferredClass: .class2_0),
        // USRobotics Courier/Sportster: a good Class 2.0 implementation; HylaFAX ships it as
        // Class 2.0. Its bad-frame reports upset x2/V.90 Sportster firmware: +FNR without them
        // (our default), and +FBU=0 (no HDLC frame tracing).
        T32Quirks(name: "USRobotics Class 2.0", manufacturer: "robotics", preferredClass: .class2_0, initCommands: ["AT+FBU=0"]),
        // Multi-Tech MT5634ZBA/ZPX (Lucent/Agere): Class 2.0 preferred; early firmware's
        // frame tracing is buggy.
        T32Quirks(name: "Multi-Tech MT5634", manufacturer: "multi-tech", model: "MT5634", preferredClass: .class2_0, initCommands: ["AT+FBU=0"]),
        // Rockwell/Conexant AC/K56 in Class 2: receive data comes MSB first whatever +FBOR says,
        // and DC2 starts it (SP-2388-B). Class 1 works better on these: preferred when offered.
        T32Quirks(name: "Rockwell/Conexant", manufacturer: "rockwell", preferredClass: .class1,
                  reversesReceivedData: true, receiveDataTrigger: 0x12),
        T32Quirks(name: "Conexant", manufacturer: "conexant", preferredClass: .class1,
                  reversesReceivedData: true, receiveDataTrigger: 0x12),
        T32Quirks(name: "default"),
    ]

    /// The first row matching the identity (the default row if no other does).
    public static func lookup(_ identity: ModemIdentity, in table: [T32Quirks] = table) -> T32Quirks {
        table.first { $0.matches(identity) } ?? T32Quirks(name: "default")
    }
}
