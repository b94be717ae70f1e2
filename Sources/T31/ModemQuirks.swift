// ModemQuirks: the few knobs real Class 1 modems need, kept as data — one record per modem
// family, matched on the identity the modem reports, with a default entry last. No per-modem
// `if`s anywhere else in the driver.

import V250

/// How the host makes the silences T.30 asks for.
public enum SilenceCommand: String, Sendable, Hashable, Codable {
    /// `AT+FTS=n`: transmit silence (n × 10 ms).
    case transmitSilence = "FTS"
    /// `AT+FRS=n`: wait for n × 10 ms of silence on the line.
    case receiveSilence = "FRS"
}

/// One entry of the quirks table.
public struct ModemQuirks: Sendable, Hashable {
    /// Entry name, shown by `faxctl modem probe`.
    public var name: String
    /// Case-insensitive substrings the identity must contain (nil = any).
    public var manufacturer: String?
    public var model: String?
    public var revision: String?
    /// Extra commands after the standard reset (ATZ is not used: it may drop the line speed).
    public var initCommands: [String]
    /// Delay between CONNECT and the first data byte of +FTM/+FTH.
    public var connectToDataDelay: Duration
    /// Which command makes T.30's silences.
    public var silence: SilenceCommand
    /// Whether dropping DTR hangs the modem up (else ATH0 is used).
    public var hangUpByDTR: Bool

    public init(
        name: String, manufacturer: String? = nil, model: String? = nil, revision: String? = nil,
        initCommands: [String] = [], connectToDataDelay: Duration = .zero,
        silence: SilenceCommand = .transmitSilence, hangUpByDTR: Bool = true
    ) {
        self.name = name
        self.manufacturer = manufacturer
        self.model = model
        self.revision = revision
        self.initCommands = initCommands
        self.connectToDataDelay = connectToDataDelay
        self.silence = silence
        self.hangUpByDTR = hangUpByDTR
    }

    /// Whether this entry applies to the identity.
    public func matches(_ identity: ModemIdentity) -> Bool {
        identity.matches(manufacturer: manufacturer, model: model, revision: revision)
    }

    /// The table, most specific first; the last entry matches every modem.
    public static let table: [ModemQuirks] = [
        // spandsp's T.31 emulator (the virtual exchange): a clean T.31 implementation.
        ModemQuirks(name: "spandsp T.31 emulator", manufacturer: "spandsp"),
        // USRobotics/3Com Courier and Sportster: +FRS is more reliable than +FTS after V.21.
        ModemQuirks(name: "USRobotics", manufacturer: "robotics", initCommands: ["&H1"], silence: .receiveSilence),
        // Multi-Tech: needs a moment after CONNECT before it takes data.
        ModemQuirks(name: "Multi-Tech", manufacturer: "multi-tech", connectToDataDelay: .milliseconds(40)),
        // Conexant/Rockwell USB sticks: DTR hang-up unreliable through the USB bridge.
        ModemQuirks(name: "Conexant USB", manufacturer: "conexant", hangUpByDTR: false),
        ModemQuirks(name: "default"),
    ]

    /// The first entry matching the identity (the default entry if no other does).
    public static func lookup(_ identity: ModemIdentity, in table: [ModemQuirks] = table) -> ModemQuirks {
        table.first { $0.matches(identity) } ?? ModemQuirks(name: "default")
    }
}
