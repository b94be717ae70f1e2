// WebhookConfiguration: how faxd delivers webhooks — the first retry delay, the longest one, the
// window after which a delivery that never succeeded fails and its endpoint is disabled, each
// request's time limit, whether endpoints may be private addresses (as `document_url`), and how
// long a rotated secret keeps signing.

public struct WebhookConfiguration: Codable, Sendable, Hashable {
    /// Seconds before the first retry; each next one doubles (with ±20 % jitter).
    public var retryInitial: Double = 5
    /// The longest wait between tries, seconds.
    public var retryMax: Double = 3600
    /// A delivery not made within this many seconds of its event fails; its endpoint is disabled.
    public var window: Double = 86_400
    /// Each request's time limit (connect and response), seconds.
    public var timeout: Double = 10
    /// Endpoints on loopback, private or reserved addresses (refused unless allowed).
    public var allowPrivateAddresses: Bool = false
    /// Seconds a rotated secret still signs (a second signature) while receivers move to the new one.
    public var rotationOverlap: Double = 86_400
    /// Requests in flight at once (different endpoints; one endpoint is sent one at a time, in order).
    public var concurrency: Int = 8

    public init() {}

    enum CodingKeys: String, CodingKey {
        case retryInitial = "retry_initial", retryMax = "retry_max", window, timeout
        case allowPrivateAddresses = "allow_private_addresses", rotationOverlap = "rotation_overlap", concurrency
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = WebhookConfiguration()
        retryInitial = try c.decodeIfPresent(Double.self, forKey: .retryInitial) ?? d.retryInitial
        retryMax = try c.decodeIfPresent(Double.self, forKey: .retryMax) ?? d.retryMax
        window = try c.decodeIfPresent(Double.self, forKey: .window) ?? d.window
        timeout = try c.decodeIfPresent(Double.self, forKey: .timeout) ?? d.timeout
        allowPrivateAddresses = try c.decodeIfPresent(Bool.self, forKey: .allowPrivateAddresses) ?? d.allowPrivateAddresses
        rotationOverlap = try c.decodeIfPresent(Double.self, forKey: .rotationOverlap) ?? d.rotationOverlap
        concurrency = try c.decodeIfPresent(Int.self, forKey: .concurrency) ?? d.concurrency
        guard retryInitial > 0, retryMax >= retryInitial, window > 0, timeout > 0, rotationOverlap >= 0, (1...256).contains(concurrency) else {
            throw DecodingError.dataCorrupted(.init(codingPath: c.codingPath, debugDescription:
                "webhooks: retry_initial > 0, retry_max ≥ retry_initial, window > 0, timeout > 0, rotation_overlap ≥ 0, concurrency 1–256"))
        }
    }

    /// The wait after `attempts` failed tries (1: the first retry), before jitter.
    public func delay(afterAttempts attempts: Int) -> Double {
        min(retryMax, retryInitial * pow2(max(0, attempts - 1)))
    }

    private func pow2(_ n: Int) -> Double { n >= 62 ? .infinity : Double(1 << n) }
}
