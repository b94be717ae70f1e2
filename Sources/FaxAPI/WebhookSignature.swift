// WebhookSignature: the Standard Webhooks scheme (standardwebhooks.com) — a message id, a Unix
// timestamp and `v1,<base64 HMAC-SHA256 of "id.timestamp.body">` per secret, space-separated, in
// `webhook-id`, `webhook-timestamp` and `webhook-signature`; secrets are `whsec_` + base64 of the
// key. Receivers verify with any Standard Webhooks library. HMAC from swift-crypto (built anyway
// for swift-nio-ssl's certificates, so it costs the build nothing).

import Crypto
import Foundation

public enum WebhookSignature {
    /// A new secret: `whsec_` + base64 of 24 random bytes.
    public static func newSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        let key = (0..<24).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return "whsec_" + Data(key).base64EncodedString()
    }

    /// The key a secret stands for (the bytes after `whsec_`, base64-decoded); nil if malformed.
    static func key(of secret: String) -> SymmetricKey? {
        guard secret.hasPrefix("whsec_"), let bytes = Data(base64Encoded: String(secret.dropFirst(6))), !bytes.isEmpty else { return nil }
        return SymmetricKey(data: bytes)
    }

    /// The `webhook-signature` value: one `v1,` signature per secret.
    public static func sign(id: String, timestamp: Int, body: Data, secrets: [String]) -> String {
        var signed = Data("\(id).\(timestamp).".utf8)
        signed.append(body)
        return secrets.compactMap { secret in
            key(of: secret).map { key in
                "v1," + Data(HMAC<SHA256>.authenticationCode(for: signed, using: key)).base64EncodedString()
            }
        }.joined(separator: " ")
    }
}
