// ModemIdentity: who a modem says it is (ATI, +FMI?, +FMM?, +FMR?) and what it offers
// (+FCLASS=?, +FTM=?, +FRM=?) — the facts the quirks table is matched on.

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

    /// Whether this identity contains each given pattern (case-insensitive; nil matches anything):
    /// `manufacturer` in the manufacturer or ATI text, `model` and `revision` in theirs. How the
    /// quirks tables of both drivers pick their rows.
    public func matches(manufacturer: String?, model: String?, revision: String? = nil) -> Bool {
        func contains(_ value: String, _ pattern: String?) -> Bool {
            guard let pattern else { return true }
            return value.lowercased().contains(pattern.lowercased())
        }
        return contains(self.manufacturer + " " + productInfo, manufacturer) && contains(self.model, model) && contains(self.revision, revision)
    }

    /// Whether the modem offers Class 1 (`1` or `1.0`).
    public var supportsClass1: Bool { classes.contains { $0.isClass1 } }
}

extension ATChannel {
    /// The identity queries that answer the same in every class: ATI and the manufacturer,
    /// model and revision (`+FMI?`, `+FMM?`, `+FMR?` by default; the SP-2388 Class 2 spelling is
    /// `+FMFR?`, `+FMDL?`, `+FREV?`), and `+FCLASS=?`. Queries a modem answers with ERROR are
    /// left empty; `classes` is the `+FCLASS=?` result as it came (`identity.classes` holds what
    /// of it parsed), for the driver to judge.
    public func queryIdentity(
        manufacturer: String = "AT+FMI?", model: String = "AT+FMM?", revision: String = "AT+FMR?", timeout: Duration = .seconds(3)
    ) throws(ATChannelError) -> (identity: ModemIdentity, classes: ATResult) {
        func optional(_ line: String) throws(ATChannelError) -> String {
            let result = try send(line, timeout: timeout)
            return result.isOK ? result.info.filter { !$0.isEmpty }.joined(separator: " / ") : ""
        }
        var id = ModemIdentity()
        id.productInfo = try optional("ATI")
        id.manufacturer = try optional(manufacturer)
        id.model = try optional(model)
        id.revision = try optional(revision)
        let classes = try send("AT+FCLASS=?", timeout: timeout)
        id.classes = classes.isOK ? ((try? FaxClass.parseSupported(classes.info)) ?? []) : []
        return (id, classes)
    }
}
