// The API's contract and its building blocks: docs/api/openapi.yaml names exactly the routes the
// server's routers hold (read back from the routers FaxAPIServer builds for each door); document
// URLs to anything but public unicast addresses are refused, and a fetch connects to the address
// that was checked; multipart forms parse as they arrive; API keys compare in constant time.

@testable import FaxAPI
import FaxAPIModels
import FaxServer
import Foundation
import Synchronization
import Logging
import NIOCore
import Spool
import Testing
import Yams

@Suite struct APIContractTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func openAPIDocumentListsEveryRoute() async throws {
        let text = try String(contentsOf: Self.root.appendingPathComponent("docs/api/openapi.yaml"), encoding: .utf8)
        let document = try #require(try Yams.load(yaml: text) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: Any])
        var documented = Set<String>()
        for (path, item) in paths {
            for method in ["get", "post", "put", "patch", "delete"] where (item as? [String: Any])?[method] != nil {
                documented.insert("\(method.uppercased()) \(path)")
            }
        }
        try await withScratchContext { context in
            let server = FaxAPIServer(context: context, logger: Logger(label: "test"))
            let routes = server.makeRoutes()
            for door in FaxAPIServer.Door.allCases {
                let served = Set(server.router(for: door, routes: routes).routes.map { "\($0.method.rawValue) \($0.path)" })
                #expect(served.count >= 18, "\(door): \(served)")
                #expect(documented == served, "\(door): only documented: \(documented.subtracting(served)); only served: \(served.subtracting(documented))")
            }
        }
    }

    @Test(arguments: ["127.0.0.1", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254", "100.64.0.1",
                      "0.0.0.0", "224.0.0.1", "255.255.255.255", "192.0.2.1", "198.51.100.7", "203.0.113.9", "192.88.99.1",
                      "::1", "::", "fe80::1", "fd00::1", "fc00::1", "ff02::1", "::ffff:10.0.0.1", "::ffff:127.0.0.1", "::ffff:169.254.169.254",
                      // NAT64 (RFC 6052) with a private IPv4 inside; local-use NAT64 (RFC 8215) whatever it holds
                      "64:ff9b::10.0.0.1", "64:ff9b::7f00:1", "64:ff9b::a9fe:a9fe", "64:ff9b:1::1", "64:ff9b:1::808:808",
                      // 6to4 of 10.0.0.1, 127.0.0.1, 192.168.1.1, 169.254.169.254
                      "2002:a00:1::1", "2002:7f00:1::", "2002:c0a8:101::1", "2002:a9fe:a9fe::",
                      // IPv4-compatible (deprecated): refused whatever it holds
                      "::10.0.0.1", "::127.0.0.1", "::8.8.8.8", "::0.0.0.1",
                      // site-local, discard-only, Teredo, benchmarking, ORCHID, documentation
                      "fec0::1", "feff::1", "100::1", "2001::1", "2001:0:4136:e378::1", "2001:2::1", "2001:10::1", "2001:20::1",
                      "2001:db8::1", "3fff::1", "fe80::1%1", "not an address", ""])
    func nonPublicAddressesAreRefused(_ address: String) {
        #expect(!AddressPolicy.isPublic(address))
    }

    @Test(arguments: ["93.184.216.34", "8.8.8.8", "172.32.0.1", "100.128.0.1", "192.0.3.1", "2606:4700:4700::1111",
                      "2a00:1450:4001::200e", "::ffff:8.8.8.8", "64:ff9b::8.8.8.8", "64:ff9b::5db8:d822", "2002:808:808::1",
                      "2001:4860:4860::8888", "2001:db9::1"])
    func publicAddressesAreAllowed(_ address: String) {
        #expect(AddressPolicy.isPublic(address))
    }

    /// A name is resolved once; the client is pinned to the address that was checked, so a second
    /// (rebound) answer is never asked for.
    @Test func fetchConnectsToTheCheckedAddress() async throws {
        let answers = Answers(["93.184.216.34"], ["127.0.0.1"])
        var fetcher = DocumentFetcher(allowPrivateAddresses: false, fetches: Admission("fetches", limit: 1, queue: 0))
        fetcher.resolve = { _ in answers.next() }
        let target = try await fetcher.target(for: "https://files.example/letter.pdf")
        #expect(target.address == "93.184.216.34")
        #expect(target.clientConfiguration.dnsOverride == ["files.example": "93.184.216.34"])
        #expect(answers.asked == 1)

        // The rebound answer is refused, and the refusal does not say where the name points.
        do {
            _ = try await fetcher.target(for: "https://files.example/letter.pdf")
            Issue.record("a loopback answer was accepted")
        } catch {
            #expect(error.code == 4204)
            #expect(!(error.detail ?? "").contains("127.0.0.1"), "\(error.detail ?? "")")
        }
        // IPv6 literals lose their brackets; mixed answers with any private address are refused.
        fetcher.resolve = DocumentFetcher.systemResolve
        await #expect(throws: APIProblem.self) { _ = try await fetcher.target(for: "http://[::1]:8080/x") }
        await #expect(throws: APIProblem.self) { _ = try await fetcher.target(for: "http://2130706433/x") }  // 127.0.0.1 as a number
        fetcher.resolve = { _ in ["93.184.216.34", "10.0.0.7"] }
        await #expect(throws: APIProblem.self) { _ = try await fetcher.target(for: "http://mixed.example/x") }
    }

    /// A real fetch goes to the pinned address, not to whatever the system resolver says: the name
    /// here (`.invalid`, RFC 2606) resolves nowhere, yet the fetch reaches a local server, and the
    /// Host header still names the host.
    @Test func fetchUsesThePinnedAddressAndTheNameForHost() async throws {
        let server = try OneShotHTTPServer(response: "HTTP/1.1 200 OK\r\nContent-Length: 11\r\nConnection: close\r\n\r\nhello world")
        try await withScratchContext { context in
            var fetcher = DocumentFetcher(allowPrivateAddresses: true, fetches: Admission("fetches", limit: 1, queue: 0))
            fetcher.resolve = { host in host == "pinned.invalid" ? ["127.0.0.1"] : [] }
            let document = try await fetcher.fetch("http://pinned.invalid:\(server.port)/doc.txt", into: context.documents)
            defer { document.discard() }
            #expect(document.size == 11)
            #expect(document.head == Array("hello world".utf8))
            let request = server.request()
            #expect(request.hasPrefix("GET /doc.txt HTTP/1.1\r\n"), "\(request)")
            #expect(request.lowercased().contains("host: pinned.invalid:\(server.port)\r\n"), "\(request)")
        }
    }

    /// A failed fetch says what failed without the address the name resolved to.
    @Test func fetchErrorsDoNotNameTheAddress() async throws {
        let closed = try ClosedPort()
        try await withScratchContext { context in
            var fetcher = DocumentFetcher(allowPrivateAddresses: true, fetches: Admission("fetches", limit: 1, queue: 0))
            fetcher.resolve = { _ in ["127.0.0.1"] }
            fetcher.connectTimeout = .seconds(1)  // the client retries a refused connection until then
            do {
                _ = try await fetcher.fetch("http://internal.invalid:\(closed.port)/x", into: context.documents)
                Issue.record("the fetch succeeded")
            } catch let problem as APIProblem {
                #expect(problem.code == 4203)
                #expect(!(problem.detail ?? "").contains("127.0.0.1"), "\(problem.detail ?? "")")
                #expect((problem.detail ?? "").contains("internal.invalid"), "\(problem.detail ?? "")")
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: context.documents.directory).isEmpty)
        }
    }

    /// Fetches beyond the limit wait in a bounded queue; beyond that, 503.
    @Test func admissionIsBounded() async throws {
        let admission = Admission("fetches", limit: 1, queue: 1)
        let gate = Gate()
        let first = Task { try await admission.run { await gate.wait() } }
        while await admission.holders < 1 { await Task.yield() }
        let second = Task { try await admission.run { "second" } }
        while await admission.waiters < 1 { await Task.yield() }
        do {
            try await admission.run { Issue.record("a third ran beside the first") }
        } catch let problem as APIProblem {
            #expect(problem.code == 5030)
            #expect(problem.status == .serviceUnavailable)
        }
        await gate.open()
        try await first.value
        #expect(try await second.value == "second")
        #expect(await admission.holders == 0)
    }

    @Test func multipartFormParsesAsItArrives() async throws {
        let body = "--B\r\nContent-Disposition: form-data; name=\"to\"\r\n\r\n+15551234567\r\n"
            + "--B\r\nContent-Disposition: form-data; name=\"resolution\"\r\n\r\nsuperfine\r\n"
            + "--B\r\nContent-Disposition: form-data; name=\"ecm\"\r\n\r\nfalse\r\n"
            + "--B\r\nContent-Disposition: form-data; name=\"document\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\nhello\r\nworld\r\n"
            + "--B--\r\n"
        try await withScratchContext { context in
            // One byte at a time: the parser keeps its place across pieces.
            let pieces = Array(body.utf8).map { ByteBuffer(bytes: [$0]) }
            let form = try await SubmissionForm.multipart(Pieces(pieces), boundary: "B", maxBodyBytes: 10_000, documents: context.documents)
            #expect(form.request.to == "+15551234567")
            #expect(form.request.options?.resolution == "superfine")
            #expect(form.request.options?.ecm == false)
            let upload = try #require(form.upload)
            let path = try await upload.finish()
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data("hello\r\nworld".utf8))
            upload.discard()

            func refused(_ text: String, maxBody: Int = 10_000) async -> APIProblem? {
                do {
                    _ = try await SubmissionForm.multipart(Pieces([ByteBuffer(string: text)]), boundary: "B", maxBodyBytes: maxBody, documents: context.documents)
                    return nil
                } catch { return error as? APIProblem }
            }
            #expect(await refused(body, maxBody: 100)?.status == .contentTooLarge)
            #expect(await refused(String(body.dropLast(12)))?.code == 4000)  // cut off inside the document
            let twice = body.replacingOccurrences(of: "--B--", with: "--B\r\nContent-Disposition: form-data; name=\"document\"\r\n\r\nagain\r\n--B--")
            #expect(await refused(twice)?.code == 4000)
            #expect(await refused("--B\r\nX-Long: " + String(repeating: "a", count: 100_000), maxBody: 1 << 20)?.code == 4000)
            // Nothing is left behind by a refusal.
            #expect(try FileManager.default.contentsOfDirectory(atPath: context.documents.directory).isEmpty)
        }
        #expect(throws: APIProblem.self) { try SubmissionForm.boundary("multipart/form-data") }
        #expect(throws: APIProblem.self) { try SubmissionForm.json(ByteBuffer(string: "{\"too\": 1}")) }
    }

    @Test func uploadOverTheDocumentLimitIsRefusedAsItArrives() async throws {
        try await withScratchContext(maxDocumentBytes: 1000) { context in
            let head = "--B\r\nContent-Disposition: form-data; name=\"to\"\r\n\r\n+15551234567\r\n"
                + "--B\r\nContent-Disposition: form-data; name=\"document\"\r\n\r\n"
            let pieces = [ByteBuffer(string: head)] + (0..<100).map { _ in ByteBuffer(repeating: 0x41, count: 100) }
            do {
                _ = try await SubmissionForm.multipart(Pieces(pieces), boundary: "B", maxBodyBytes: 1 << 20, documents: context.documents)
                Issue.record("accepted")
            } catch let problem as APIProblem {
                #expect(problem.code == 4202)
                #expect(problem.status == .contentTooLarge)
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: context.documents.directory).isEmpty)
        }
    }

    @Test func submissionLimits() throws {
        let groups: Set = ["default", "night"]
        func refusal(_ r: SubmitFaxRequest) -> APIProblem? {
            do { try APILimits.check(r, groups: groups); return nil } catch { return error }
        }
        func options(_ o: FaxOptionsResource) -> SubmitFaxRequest { SubmitFaxRequest(to: "+15551234567", options: o) }
        #expect(refusal(options(FaxOptionsResource(header: String(repeating: "h", count: 100), modemGroup: "night"))) == nil)
        #expect(refusal(options(FaxOptionsResource(header: String(repeating: "h", count: 101))))?.status == .badRequest)
        #expect(refusal(options(FaxOptionsResource(header: "two\nlines")))?.status == .badRequest)
        #expect(refusal(options(FaxOptionsResource(modemGroup: String(repeating: "g", count: 65))))?.status == .badRequest)
        #expect(refusal(options(FaxOptionsResource(modemGroup: "nobody")))?.status == .unprocessableContent)
        #expect(refusal(options(FaxOptionsResource(metadata: Dictionary(uniqueKeysWithValues: (0..<33).map { ("k\($0)", "v") }))))?.status == .badRequest)
        #expect(refusal(options(FaxOptionsResource(metadata: [String(repeating: "k", count: 65): "v"])))?.status == .badRequest)
        #expect(refusal(options(FaxOptionsResource(metadata: ["": "v"])))?.status == .badRequest)
        #expect(refusal(options(FaxOptionsResource(metadata: ["k": String(repeating: "v", count: 513)])))?.status == .badRequest)
        let now = Date()
        #expect(refusal(SubmitFaxRequest(to: "+1", sendAt: now + 3600, killAt: now + 60))?.status == .unprocessableContent)
        #expect(refusal(SubmitFaxRequest(to: "+1", sendAt: now + 60, killAt: now + 60))?.status == .unprocessableContent)
        #expect(refusal(SubmitFaxRequest(to: "+1", killAt: now - 60))?.status == .unprocessableContent)
        #expect(refusal(SubmitFaxRequest(to: "+1", sendAt: now + 60, killAt: now + 3600)) == nil)

        #expect(try APILimits.idempotencyKey(String(repeating: "k", count: 255)) != nil)
        #expect(throws: APIProblem.self) { try APILimits.idempotencyKey(String(repeating: "k", count: 256)) }
        #expect(throws: APIProblem.self) { try APILimits.idempotencyKey("") }
        #expect(throws: APIProblem.self) { try APILimits.idempotencyKey("with space") }
        for bad in ["-1", "0", "1001", "x", ""] { #expect(throws: APIProblem.self) { try APILimits.listLimit(bad, fallback: 50) } }
        #expect(try APILimits.listLimit(nil, fallback: 50) == 50)
        #expect(try APILimits.listLimit("1000", fallback: 50) == 1000)
    }

    @Test func dialGroupsAreThoseOfModemsThatDial() throws {
        let configuration = try ServerConfiguration.parse("""
            spool: /tmp/unused
            modems:
              - { device: /dev/ttyA, groups: [default, night] }
              - { device: /dev/ttyB, groups: [inbound-only], dial: false }
            """)
        #expect(APILimits.dialGroups(configuration) == ["default", "night"])
    }

    @Test func limitsAndTimeoutsAreConfigured() throws {
        let configuration = try ServerConfiguration.parse("""
            spool: /tmp/unused
            api: { tcp: "127.0.0.1:0", keys: [ { name: a, key: 0123456789abcdef } ], idle_timeout: 1.5, read_timeout: 20,
                   max_connections: 8, max_concurrent_uploads: 3, max_concurrent_fetches: 2 }
            """)
        #expect(configuration.api.idleTimeout == 1.5 && configuration.api.readTimeout == 20)
        #expect(configuration.api.maxConnections == 8 && configuration.api.maxConcurrentUploads == 3 && configuration.api.maxConcurrentFetches == 2)
        #expect(APIConfiguration.hostAndPort("127.0.0.1:0")?.port == 0)
        let defaults = APIConfiguration()
        #expect(defaults.idleTimeout == 60 && defaults.readTimeout == 300 && defaults.maxConnections == 256)
        for bad in ["idle_timeout: 0", "read_timeout: -1", "max_connections: 0", "max_concurrent_uploads: 0", "max_concurrent_fetches: 0"] {
            #expect(throws: ConfigurationError.self, "\(bad)") { try ServerConfiguration.parse("spool: /tmp/unused\napi: { \(bad) }\n") }
        }
    }

    @Test func apiKeysCompareWhole() {
        #expect(ConstantTime.equal(Array("abc".utf8), Array("abc".utf8)))
        #expect(!ConstantTime.equal(Array("abc".utf8), Array("abd".utf8)))
        #expect(!ConstantTime.equal(Array("abc".utf8), Array("abcd".utf8)))
        #expect(!ConstantTime.equal(Array("".utf8), Array("a".utf8)))
    }
}

// MARK: support

/// A FaxServerContext over a spool in a fresh private directory, removed afterwards.
func withScratchContext(maxDocumentBytes: Int = 1 << 20, _ body: (FaxServerContext) async throws -> Void) async throws {
    var template = Array((NSTemporaryDirectory() + "/faxapi-test-XXXXXX").utf8CString)
    guard let made = mkdtemp(&template) else { throw POSIXError(.EIO) }
    let dir = String(cString: made)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    var configuration = ServerConfiguration()
    configuration.spool = dir
    configuration.defaults.maxDocumentBytes = maxDocumentBytes
    let spool = try await Spool(path: configuration.databasePath)
    let context = FaxServerContext(configuration: configuration, spool: spool)
    try context.documents.prepare()
    try await body(context)
}

/// Answers a resolver gives, one list per question.
final class Answers: Sendable {
    private let state: Mutex<(lists: [[String]], asked: Int)>
    init(_ lists: [String]...) { state = Mutex((lists, 0)) }
    var asked: Int { state.withLock { $0.asked } }
    func next() -> [String] {
        state.withLock {
            $0.asked += 1
            return $0.lists.isEmpty ? [] : $0.lists.removeFirst()
        }
    }
}

/// An async sequence of the given pieces.
struct Pieces: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let pieces: [ByteBuffer]
    init(_ pieces: [ByteBuffer]) { self.pieces = pieces }
    struct AsyncIterator: AsyncIteratorProtocol {
        var rest: ArraySlice<ByteBuffer>
        mutating func next() async throws -> ByteBuffer? { rest.popFirst() }
    }
    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(rest: pieces[...]) }
}

actor Gate {
    private var opened = false
    private var waiters: [CheckedContinuation<Void, Never>] = []
    func wait() async {
        if opened { return }
        await withCheckedContinuation { waiters.append($0) }
    }
    func open() {
        opened = true
        for waiter in waiters { waiter.resume() }
        waiters = []
    }
}

/// A listening socket on 127.0.0.1, port chosen by the kernel, that answers one connection with
/// `response` and keeps the request it read.
final class OneShotHTTPServer: @unchecked Sendable {
    let port: Int
    private let fd: Int32
    private let done = DispatchSemaphore(value: 0)
    private var received = ""

    init(response: String) throws {
        (fd, port) = try listeningSocket(listen: true)
        let fd = self.fd
        Thread.detachNewThread { [self] in
            let client = accept(fd, nil, nil)
            if client >= 0 {
                var request: [UInt8] = []
                var buffer = [UInt8](repeating: 0, count: 4096)
                while !String(decoding: request, as: UTF8.self).contains("\r\n\r\n") {
                    let n = read(client, &buffer, buffer.count)
                    if n <= 0 { break }
                    request += buffer[0..<n]
                }
                received = String(decoding: request, as: UTF8.self)
                _ = Array(response.utf8).withUnsafeBytes { write(client, $0.baseAddress, $0.count) }
                close(client)
            }
            done.signal()
        }
    }

    func request() -> String {
        done.wait()
        return received
    }

    deinit { close(fd) }
}

/// A port on 127.0.0.1 that is bound but not listening: connections to it are refused, and no one
/// else can take it while this lives.
final class ClosedPort {
    let port: Int
    private let fd: Int32
    init() throws { (fd, port) = try listeningSocket(listen: false) }
    deinit { close(fd) }
}

private func listeningSocket(listen shouldListen: Bool) throws -> (Int32, Int) {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw POSIXError(.EIO) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
    guard bound == 0, !shouldListen || listen(fd, 4) == 0 else { close(fd); throw POSIXError(.EADDRINUSE) }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
    return (fd, Int(UInt16(bigEndian: address.sin_port)))
}
