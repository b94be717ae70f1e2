// DocumentFetcher: `document_url` submissions — fetches an http(s) document into the documents
// area (IncomingDocument), refusing (4204) hosts that resolve to anything but public unicast
// addresses unless the site allows private ones (SSRF: a fax API must not be a way into the LAN;
// AddressPolicy says what is public), refusing redirects, and capping size, time (4203 when the
// fetch fails) and how many fetches run at once (api.max_concurrent_fetches; 503 when too many wait).
//
// The name is resolved once, here; the fetch connects to exactly the address that was checked
// (AsyncHTTPClient's dnsOverride maps the URL's host to it, so the client never resolves the name
// itself, while the Host header, TLS SNI and certificate check still use the name). A DNS answer
// that changes after the check (rebinding) therefore changes nothing. Errors name the URL as given
// and never the address it resolved to.

import AsyncHTTPClient
import FaxServer
import Foundation
import NIOCore

struct DocumentFetcher: Sendable {
    let allowPrivateAddresses: Bool
    /// Fetches at once.
    let fetches: Admission
    var timeout: TimeAmount = .seconds(60)
    var connectTimeout: TimeAmount = .seconds(10)
    /// Every address a name resolves to (getaddrinfo; tests give their own).
    var resolve: @Sendable (String) async -> [String] = DocumentFetcher.systemResolve

    /// Where a fetch goes: the URL as given, its host, and the one checked address it connects to.
    struct Target: Sendable, Equatable {
        let url: String
        let host: String
        let address: String
        var connectTimeout: TimeAmount = .seconds(10)

        /// The client for this fetch: redirects refused, bounded connect and read times, and the
        /// host pinned to the checked address.
        var clientConfiguration: HTTPClient.Configuration {
            var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow,
                                                         timeout: .init(connect: connectTimeout, read: .seconds(30)))
            configuration.dnsOverride = [host: address]
            return configuration
        }
    }

    /// Resolves and checks the URL's host: the address to connect to, or a refusal.
    func target(for text: String) async throws(APIProblem) -> Target {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
              var host = url.host, !host.isEmpty else {
            throw .badRequest("document_url must be an http or https URL")
        }
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        let addresses = await resolve(host)
        guard let first = addresses.first else { throw .downloadFailed("cannot resolve \(host)") }
        if !allowPrivateAddresses, addresses.contains(where: { !AddressPolicy.isPublic($0) }) {
            throw .documentURLRefused("\(host) resolves to a loopback, private or reserved address")
        }
        return Target(url: text, host: host, address: first, connectTimeout: connectTimeout)
    }

    /// Fetches the document at `text` into a new document in `documents` (not yet durable: the
    /// caller finishes or discards it).
    func fetch(_ text: String, into documents: DocumentStore) async throws -> IncomingDocument {
        let target = try await target(for: text)
        return try await fetches.run { try await fetch(target, into: documents) }
    }

    private func fetch(_ target: Target, into documents: DocumentStore) async throws(APIProblem) -> IncomingDocument {
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: target.clientConfiguration)
        let document = try IncomingDocument(in: documents)
        do {
            let deadline = NIODeadline.now() + timeout
            let response = try await client.execute(HTTPClientRequest(url: target.url), deadline: deadline)
            guard response.status == .ok else {
                throw APIProblem.downloadFailed("GET \(target.url): HTTP \(response.status.code)"
                    + ((300..<400).contains(response.status.code) ? " (redirects are not followed)" : ""))
            }
            for try await chunk in response.body {
                document.append(chunk)
                try await document.flushIfNeeded()
                guard NIODeadline.now() < deadline else { throw HTTPClientError.deadlineExceeded }
            }
            try? await client.shutdown()
            return document
        } catch {
            document.discard()
            try? await client.shutdown()
            if let problem = error as? APIProblem { throw problem }
            throw .downloadFailed("GET \(target.url): \(Self.describe(error))")
        }
    }

    /// What went wrong, without the addresses some errors carry.
    static func describe(_ error: any Error) -> String {
        switch error {
        case let error as HTTPClientError: error.shortDescription.lowercased()
        case let error as IOError: String(cString: strerror(error.errnoCode)).lowercased()
        case is ChannelError: "the connection failed"
        default: "the fetch failed (\(String(describing: type(of: error))))"
        }
    }

    /// Every address `host` resolves to, as text (getaddrinfo, off the cooperative pool).
    @Sendable static func systemResolve(_ host: String) async -> [String] {
        await OffPool.run {
            var hints = addrinfo()
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
            var list: UnsafeMutablePointer<addrinfo>?
            guard getaddrinfo(host, nil, &hints, &list) == 0 else { return [] }
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
            return addresses
        }
    }
}

/// Which addresses a document URL may point at: public unicast only. IPv4: not this-network,
/// private (RFC 1918), loopback, link-local, CGNAT, IETF protocol assignments, documentation,
/// benchmarking, the 6to4 relay anycast, multicast, reserved or broadcast. IPv6: global unicast
/// (2000::/3) only — so not ::, ::1, IPv4-compatible ::a.b.c.d, discard-only 100::/64, unique-local
/// fc00::/7, link-local fe80::/10, site-local fec0::/10, multicast — and within it not Teredo
/// 2001::/32, benchmarking 2001:2::/48, ORCHID 2001:10::/28 and 2001:20::/28, documentation
/// 2001:db8::/32 and 3fff::/20. Addresses that carry an IPv4 address — IPv4-mapped
/// ::ffff:a.b.c.d, NAT64 64:ff9b::/96 (RFC 6052), 6to4 2002:AABB:CCDD::/48 — are judged by that
/// IPv4 address; local-use NAT64 64:ff9b:1::/48 (RFC 8215) leads to a site's own translator and is refused.
enum AddressPolicy {
    static func isPublic(_ address: String) -> Bool {
        if let v4 = ipv4(address) { return isPublic(v4: v4) }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, address.split(separator: "%").first.map(String.init) ?? address, &v6) == 1 else { return false }
        return isPublic(v6: withUnsafeBytes(of: v6) { Array($0) })
    }

    static func isPublic(v6 b: [UInt8]) -> Bool {
        func embedded(_ at: Int) -> Bool { isPublic(v4: (b[at], b[at + 1], b[at + 2], b[at + 3])) }
        if b[0..<10].allSatisfy({ $0 == 0 }) && b[10] == 0xFF && b[11] == 0xFF { return embedded(12) }   // ::ffff:0:0/96 mapped
        if b[0..<12] == [0x00, 0x64, 0xFF, 0x9B, 0, 0, 0, 0, 0, 0, 0, 0] { return embedded(12) }          // 64:ff9b::/96 NAT64
        if b[0] == 0x20 && b[1] == 0x02 { return embedded(2) }                                           // 2002::/16 6to4
        guard b[0] & 0xE0 == 0x20 else { return false }                                                  // not 2000::/3 global unicast
        let word1 = UInt16(b[2]) << 8 | UInt16(b[3])
        if b[0] == 0x20 && b[1] == 0x01 {
            if word1 == 0 { return false }                                                               // 2001::/32 Teredo
            if word1 == 0x0002 && b[4] == 0 && b[5] == 0 { return false }                                // 2001:2::/48 benchmarking
            if word1 & 0xFFF0 == 0x0010 || word1 & 0xFFF0 == 0x0020 { return false }                     // 2001:10::/28, 2001:20::/28 ORCHID
            if word1 == 0x0DB8 { return false }                                                          // 2001:db8::/32 documentation
        }
        if b[0] == 0x3F && b[1] == 0xFF && b[2] & 0xF0 == 0 { return false }                             // 3fff::/20 documentation
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
        case (192, 0, 2, _), (198, 51, 100, _), (203, 0, 113, _): return false         // documentation
        case (192, 88, 99, _): return false                                            // 6to4 relay anycast
        case (224...255, _, _, _): return false                                        // multicast, reserved, broadcast
        default: return true
        }
    }
}
