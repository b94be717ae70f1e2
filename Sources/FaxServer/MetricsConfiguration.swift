// MetricsConfiguration: where faxd serves Prometheus metrics. `GET /metrics` is always on the API's
// doors (on TCP with an API key, or with `metrics.key`); `metrics.listen` adds a listener of its
// own (host:port) for a scraper that should reach nothing else — no key there unless `key` is set.

public struct MetricsConfiguration: Codable, Sendable, Hashable {
    /// A separate bind address for /metrics only ("127.0.0.1:9464"); nil: none.
    public var listen: String?
    /// A Bearer key that reads /metrics only (on TCP and on `listen`).
    public var key: String?

    public init(listen: String? = nil, key: String? = nil) {
        self.listen = listen
        self.key = key
    }

    enum CodingKeys: String, CodingKey { case listen, key }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        listen = try c.decodeIfPresent(String.self, forKey: .listen)
        key = try c.decodeIfPresent(String.self, forKey: .key)
        if let listen, APIConfiguration.hostAndPort(listen) == nil {
            throw DecodingError.dataCorrupted(.init(codingPath: c.codingPath, debugDescription: "metrics.listen is host:port, not \(listen)"))
        }
        if let key, key.count < 16 {
            throw DecodingError.dataCorrupted(.init(codingPath: c.codingPath, debugDescription: "metrics.key has at least 16 characters"))
        }
    }
}
