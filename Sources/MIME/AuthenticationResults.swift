// AuthenticationResults: an Authentication-Results header field (RFC 8601) read into the
// authentication service that wrote it and its method results (`mx.example.com; spf=pass
// smtp.mailfrom=a@b.example; dkim=pass header.d=b.example (good); dmarc=pass`). Comments and
// `none` are tolerated. A sender can write such a field too: trust only ones whose authserv-id
// is your own MTA's (which removes forged ones on the way in).

public struct AuthenticationResults: Sendable, Equatable {
    public struct MethodResult: Sendable, Equatable {
        /// "spf", "dkim", "dmarc", … lowercased, without a "/version".
        public var method: String
        /// "pass", "fail", "none", "softfail", … lowercased.
        public var result: String
        public var reason: String?
        /// Properties by "ptype.property" lowercased ("smtp.mailfrom", "header.d"), values as written.
        public var properties: [String: String]
    }

    /// The authserv-id, lowercased.
    public let authservID: String
    public let results: [MethodResult]

    /// nil when `headerValue` has no authserv-id.
    public init?(parsing headerValue: String) {
        let tokens = HeaderTokens.tokens(headerValue, specials: ";=").filter { $0.kind != .comment }
        let segments = tokens.split(omittingEmptySubsequences: false) { $0.kind == .special && $0.text == ";" }
        guard let id = segments.first?.first, id.kind != .special, !id.text.isEmpty else { return nil }
        authservID = id.text.lowercased()
        var results: [MethodResult] = []
        for segment in segments.dropFirst() {
            let pairs = Self.pairs(segment)
            guard let (method, result) = pairs.first, let result, !result.isEmpty else { continue }  // "none", or unreadable
            var entry = MethodResult(method: String(method.split(separator: "/").first ?? "").lowercased(), result: result.lowercased(),
                                     reason: nil, properties: [:])
            guard !entry.method.isEmpty else { continue }
            for (name, value) in pairs.dropFirst() {
                guard let value else { continue }
                let key = name.lowercased()
                if key == "reason" {
                    if entry.reason == nil { entry.reason = value }
                } else if entry.properties[key] == nil {
                    entry.properties[key] = value
                }
            }
            results.append(entry)
        }
        self.results = results
    }

    /// The result of the first entry for `method` ("dkim"), in any case.
    public func result(of method: String) -> String? {
        results.first { $0.method == method.lowercased() }?.result
    }

    /// A resinfo's `name=value` pairs (a word without "=" has a nil value). White space may
    /// surround "=", and a value may itself contain "=" (a base64 header.b).
    static func pairs(_ tokens: ArraySlice<HeaderToken>) -> [(name: String, value: String?)] {
        var pairs: [(name: String, value: String?)] = []
        var expectingValue = false
        for token in tokens {
            let last = pairs.count - 1
            if token.kind == .special {
                guard token.text == "=", last >= 0 else { continue }
                if let value = pairs[last].value {
                    pairs[last].value = value + "="
                } else {
                    pairs[last].value = ""
                    expectingValue = true
                }
            } else if expectingValue {
                pairs[last].value = token.text
                expectingValue = false
            } else if !token.spaceBefore, last >= 0, let value = pairs[last].value, !value.isEmpty {
                pairs[last].value = value + token.text
            } else {
                pairs.append((token.text, nil))
            }
        }
        return pairs
    }
}
