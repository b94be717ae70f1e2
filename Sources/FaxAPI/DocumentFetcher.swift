// DocumentFetcher: `document_url` submissions — fetches an http(s) document for the spool,
// refusing (4204) hosts that resolve to loopback, private, link-local, unique-local, CGNAT,
// unspecified or multicast addresses unless the site allows them (SSRF: a fax API must not be a
// way into the LAN), refusing redirects, and capping size and time (4203 when the fetch fails).
// Limit: the address is checked when resolved here; a DNS answer that changes between this check
// and the connection (rebinding) is not caught — put faxd behind an egress proxy where that matters.

import AsyncHTTPClient
import Foundation
import NIOCore

struct DocumentFetcher: Sendable {
    let allowPrivateAddresses: Bool
    let maxBytes: Int
    var timeout: TimeAmount = .seconds(60)

    /// One client for faxd's lifetime (AsyncHTTPClient must be shut down before it is freed,
    /// so it never is); redirects are not followed.
    static let client = HTTPClient(
        eventLoopGroupProvider: .singleton,
        configuration: HTTPClient.Configuration(redirectConfiguration: .disallow,
                                                timeout: .init(connect: .seconds(10), read: .seconds(30)))
    )

    func fetch(_ text: String) async throws(APIProblem) -> [UInt8] {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
              let host = url.host, !host.isEmpty else {
            throw .badRequest("document_url must be an http or https URL")
        }
        if !allowPrivateAddresses {
            let addresses = await Self.resolve(host)
            guard !addresses.isEmpty else { throw .downloadFailed("cannot resolve \(host)") }
            if let blocked = addresses.first(where: { !AddressPolicy.isPublic($0) }) {
                throw .documentURLRefused("\(host) resolves to \(blocked), a loopback, private or reserved address")
            }
        }
        do {
            let response = try await Self.client.execute(HTTPClientRequest(url: text), timeout: timeout)
            guard response.status == .ok else {
                throw APIProblem.downloadFailed("GET \(text): HTTP \(response.status.code)"
                    + ((300..<400).contains(response.status.code) ? " (redirects are not followed)" : ""))
            }
            let body = try await response.body.collect(upTo: maxBytes)
            return Array(body.readableBytesView)
        } catch let problem as APIProblem {
            throw problem
        } catch let error as NIOTooManyBytesError {
            throw .tooLarge("the document at \(text) is larger than \(maxBytes) bytes (\(error))")
        } catch {
            throw .downloadFailed("GET \(text): \(error)")
        }
    }

    /// Every address `host` resolves to, as text (getaddrinfo, off the cooperative pool).
    static func resolve(_ host: String) async -> [String] {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                var hints = addrinfo()
                hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
                var list: UnsafeMutablePointer<addrinfo>?
                guard getaddrinfo(host, nil, &hints, &list) == 0 else { return continuation.resume(returning: []) }
                defer { freeaddrinfo(list) }
                var addresses: [String] = []
                var node = list
                while let entry = node?.pointee {
                    var buffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
                    if getnameinfo(entry.ai_addr, entry.ai_addrlen, &buffer, socklen_t(buffer.count), nil, 0, NI_NUMERICHOST) == 0 {
                        addresses.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
                    }
                    node = entry.ai_next
                }
                continuation.resume(returning: addresses)
            }
        }
    }
}

/// Which addresses a document URL may point at.
enum AddressPolicy {
    static func isPublic(_ address: String) -> Bool {
        if let v4 = ipv4(address) { return isPublic(v4: v4) }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, address.split(separator: "%").first.map(String.init) ?? address, &v6) == 1 else { return false }
        let b = withUnsafeBytes(of: v6) { Array($0) }
        if b.allSatisfy({ $0 == 0 }) { return false }                                   // ::
        if b[0..<15].allSatisfy({ $0 == 0 }) && b[15] == 1 { return false }            // ::1
        if b[0..<10].allSatisfy({ $0 == 0 }) && b[10] == 0xFF && b[11] == 0xFF {        // ::ffff:a.b.c.d
            return isPublic(v4: (b[12], b[13], b[14], b[15]))
        }
        if b[0] & 0xFE == 0xFC { return false }                                         // fc00::/7 unique local
        if b[0] == 0xFE && b[1] & 0xC0 == 0x80 { return false }                         // fe80::/10 link local
        if b[0] == 0xFF { return false }                                                // multicast
        return true
    }

    static func ipv4(_ address: String) -> (UInt8, UInt8, UInt8, UInt8)? {
        var v4 = in_addr()
        guard inet_pton(AF_INET, address, &v4) == 1 else { return nil }
        let b = withUnsafeBytes(of: v4) { Array($0) }
        return (b[0], b[1], b[2], b[3])
    }

    static func isPublic(v4 a: (UInt8, UInt8, UInt8, UInt8)) -> Bool {
        switch a {
        case (0, _, _, _), (10, _, _, _), (127, _, _, _): return false
        case (169, 254, _, _), (192, 168, _, _): return false
        case (172, 16...31, _, _): return false
        case (100, 64...127, _, _): return false                                       // CGNAT
        case (192, 0, 0, _), (198, 18...19, _, _): return false                        // IETF, benchmarking
        case (224...255, _, _, _): return false                                        // multicast, reserved, broadcast
        default: return true
        }
    }
}
