// V253Quirks: what voice modems do differently, as data rows matched on the identity the modem
// reports (most specific first, a default row last) — never `if`s in the driver.

import V250

public struct V253Quirks: Sendable, Hashable {
    public var name: String
    public var manufacturer: String?
    public var model: String?
    /// The +VLS value that puts the modem off hook on the telephone line (V.253: 1 on most).
    public var offHookLine: Int
    /// Commands after +FCLASS=8 (gains, inactivity timer, event reports).
    public var initCommands: [String]
    /// The sample format to use when the modem names its methods unhelpfully: a +VSM=? line.
    public var sampleFormatOverride: String?
    /// Transmit audio written ahead of the line, so the modem's buffer never runs dry between
    /// the host's blocks (milliseconds). It delays everything the host sends by as much — a
    /// constant shift T.30's timing does not mind (its turnarounds allow seconds) — and absorbs
    /// that much scheduling jitter on the host.
    public var transmitLeadMilliseconds: Int

    public init(name: String, manufacturer: String? = nil, model: String? = nil, offHookLine: Int = 1,
                initCommands: [String] = [], sampleFormatOverride: String? = nil, transmitLeadMilliseconds: Int = 200) {
        self.name = name
        self.manufacturer = manufacturer
        self.model = model
        self.offHookLine = offHookLine
        self.initCommands = initCommands
        self.sampleFormatOverride = sampleFormatOverride
        self.transmitLeadMilliseconds = transmitLeadMilliseconds
    }

    public func matches(_ identity: ModemIdentity) -> Bool {
        identity.matches(manufacturer: manufacturer, model: model)
    }

    public static let table: [V253Quirks] = [
        // USRobotics (5637 and kin): +VIT=0 keeps the inactivity timer from ending a long fax.
        V253Quirks(name: "USRobotics voice", manufacturer: "robotics", initCommands: ["AT+VIT=0"]),
        // Conexant/Rockwell HSF/HCF USB sticks: the same; their 16-bit method is "16-BIT LINEAR".
        V253Quirks(name: "Conexant voice", manufacturer: "conexant", initCommands: ["AT+VIT=0"]),
        V253Quirks(name: "default", initCommands: ["AT+VIT=0"]),
    ]

    public static func lookup(_ identity: ModemIdentity, in table: [V253Quirks] = table) -> V253Quirks {
        table.first { $0.matches(identity) } ?? V253Quirks(name: "default")
    }
}
