// ModemIdentity: who a modem says it is (ATI, +FMI?, +FMM?, +FMR?) and what it offers
// (+FCLASS=?, +FTM=?, +FRM=?) — the facts the quirks table is matched on.

import V250

public struct ModemIdentity: Sendable, Hashable {
    /// `ATI` information text (lines joined with " / ").
    public var productInfo: String
    public var manufacturer: String
    public var model: String
    public var revision: String
    public var classes: Set<FaxClass>
    public var transmitModulations: Set<Modulation>
    public var receiveModulations: Set<Modulation>

    public init(
        productInfo: String = "", manufacturer: String = "", model: String = "", revision: String = "",
        classes: Set<FaxClass> = [], transmitModulations: Set<Modulation> = [], receiveModulations: Set<Modulation> = []
    ) {
        self.productInfo = productInfo
        self.manufacturer = manufacturer
        self.model = model
        self.revision = revision
        self.classes = classes
        self.transmitModulations = transmitModulations
        self.receiveModulations = receiveModulations
    }

    /// Whether the modem offers Class 1 (`1` or `1.0`).
    public var supportsClass1: Bool { classes.contains { $0.isClass1 } }
}
