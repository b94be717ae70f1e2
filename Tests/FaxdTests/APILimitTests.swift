// Resource limits of a real faxd's API: idle, slow-header and slow-body connections are closed
// after their timeouts on both doors (and their descriptors given back) while normal requests go
// on; uploads stream to disk a bounded number at a time, so faxd's memory does not grow with the
// size of what is uploaded; list limits, field lengths, times and modem groups are checked.

import FaxAPIModels
import FaxClient
import FaxTestSupport
import FaxdTestSupport
import Foundation
import Testing

@Suite(.serialized) struct APILimitTests {
    @Test func idleAndSlowConnectionsAreClosed() async throws {
        let (harness, port) = try APITests.start(apiYAML: ", idle_timeout: 1, read_timeout: 2", label: "faxd-api-timeouts")
        defer { harness.stop() }
        let pid = try #require(harness.faxd.pid)
        // faxd may still be opening and closing a descriptor or two as it starts (its first
        // probe of the modem, the store): the baseline is the count once it holds still.
        let baseline = try await settledDescriptors(pid)

        var idle: [RawConnection] = []
        for _ in 0..<40 { idle.append(try RawConnection(tcpPort: port)) }
        for _ in 0..<10 { idle.append(try RawConnection(unixSocket: harness.socketPath)) }
        // Slowloris: a request head that never ends, a byte at a time; and a body that trickles.
        let slowHead = try RawConnection(tcpPort: port)
        #expect(slowHead.send("POST /v1/faxes HTTP/1.1\r\nHost: faxd\r\n"))
        let slowBody = try RawConnection(unixSocket: harness.socketPath)
        #expect(slowBody.send("POST /v1/faxes HTTP/1.1\r\nHost: faxd\r\nContent-Type: multipart/form-data; boundary=B\r\n"
            + "Content-Length: 100000\r\n\r\n--B\r\nContent-Disposition: form-data; name=\"document\"\r\n\r\n"))
        let opened = Date()
        // 52 connections are open; allow a descriptor or two that faxd closed since the baseline.
        #expect(try await waitFor(5) { openDescriptors(pid) >= baseline + 50 }, "faxd holds \(openDescriptors(pid)), started with \(baseline)")

        // Normal requests on both doors are served meanwhile.
        #expect(try await harness.client.health())
        #expect(try await FaxClient(baseURL: "http://127.0.0.1:\(port)", apiKey: APITests.key).list().data.isEmpty)

        var headClosedAfter: Double?
        var bodyClosedAfter: Double?
        while Date().timeIntervalSince(opened) < 10, headClosedAfter == nil || bodyClosedAfter == nil {
            if headClosedAfter == nil {
                if slowHead.closedByPeer(within: 0) || !slowHead.send("X") { headClosedAfter = Date().timeIntervalSince(opened) }
            }
            if bodyClosedAfter == nil {
                if slowBody.closedByPeer(within: 0) || !slowBody.send("a") { bodyClosedAfter = Date().timeIntervalSince(opened) }
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        let headTime = try #require(headClosedAfter, "a request head sent a byte at a time was never cut off")
        let bodyTime = try #require(bodyClosedAfter, "a body sent a byte at a time was never cut off")
        #expect(headTime < 4, "slow head closed after \(headTime) s (idle_timeout 1)")
        #expect(bodyTime >= 1.5 && bodyTime < 5, "slow body closed after \(bodyTime) s (read_timeout 2)")
        for (index, connection) in idle.enumerated() {
            #expect(connection.closedByPeer(within: max(0.1, 5 - Date().timeIntervalSince(opened))), "idle connection \(index) still open")
        }
        #expect(try await waitFor(5) { openDescriptors(pid) <= baseline + 2 }, "faxd holds \(openDescriptors(pid)), started with \(baseline)")
        #expect(try await harness.client.health())
        // The trickled upload left nothing in the documents area.
        #expect(try await waitFor(5) { documentFolders(harness) == 0 })
    }

    /// With max_concurrent_uploads 2, three uploads that stall half-way: two are being written to
    /// disk as they arrive, the third waits its turn and goes on when one finishes.
    @Test func uploadsStreamToDiskTwoAtATime() async throws {
        let (harness, _) = try APITests.start(apiYAML: ", max_concurrent_uploads: 2", label: "faxd-api-uploads")
        defer { harness.stop() }
        let line = String(repeating: "SwiftFax streams uploads to disk. ", count: 3) + "\n"
        let document = String(repeating: line, count: 200)  // ~20 KB of text
        let split = document.index(document.startIndex, offsetBy: 5000)
        func upload(_ i: Int) throws -> (RawConnection, rest: String) {
            let head = "--B\r\nContent-Disposition: form-data; name=\"to\"\r\n\r\n+1555010300\(i)\r\n"
                + "--B\r\nContent-Disposition: form-data; name=\"document\"; filename=\"a.txt\"\r\n\r\n" + document[..<split]
            let tail = document[split...] + "\r\n--B--\r\n"
            let connection = try RawConnection(unixSocket: harness.socketPath)
            #expect(connection.send("POST /v1/faxes HTTP/1.1\r\nHost: faxd\r\nConnection: close\r\n"
                + "Content-Type: multipart/form-data; boundary=B\r\nContent-Length: \(head.utf8.count + tail.utf8.count)\r\n\r\n" + head))
            return (connection, String(tail))
        }
        let uploads = try (1...3).map(upload)
        #expect(try await waitFor(10) { documentFolders(harness) == 2 }, "\(documentFolders(harness)) uploads on disk")
        try await Task.sleep(for: .milliseconds(300))
        #expect(documentFolders(harness) == 2, "a third upload was admitted beside two in progress")

        #expect(uploads[0].0.send(uploads[0].rest))
        #expect(uploads[0].0.response().hasPrefix("HTTP/1.1 201"))
        #expect(try await waitFor(10) { documentFolders(harness) == 3 })  // the first's stored, the third's arriving
        for (connection, rest) in uploads.dropFirst() {
            #expect(connection.send(rest))
            #expect(connection.response().hasPrefix("HTTP/1.1 201"))
        }
        let faxes = try await harness.client.list().data
        #expect(faxes.count == 3)
        for fax in faxes {
            #expect(try await harness.client.document(fax.id, kind: "original") == Array(document.utf8))
        }
    }

    /// Eight 3 MiB uploads at once: faxd's peak resident memory grows by far less than the 24 MiB
    /// uploaded (before streaming, each upload was held about four times over: +50 MiB here, and
    /// +131–158 MiB for eight 9 MiB uploads, where streaming takes +14 MiB). 3 MiB, not 9: the
    /// debug build's multipart parser takes a minute and a half for 72 MiB.
    @Test func concurrentLargeUploadsKeepMemoryBounded() async throws {
        let (harness, _) = try APITests.start(maxBodyBytes: 4_000_000, defaultsYAML: ", max_document_bytes: 3500000",
                                              label: "faxd-api-memory")
        defer { harness.stop() }
        let pid = try #require(harness.faxd.pid)
        let client = harness.client
        // Warm up every path once, then measure from there.
        let small = Array("%PDF-1.4\n".utf8) + [UInt8](repeating: 0x20, count: 100_000)
        _ = try await client.submit(document: small, SubmitFaxRequest(to: "+15550104000"))
        let before = try #require(peakResidentKiB(pid))
        let large = Array("%PDF-1.4\n".utf8) + [UInt8](repeating: 0x20, count: 3 * 1024 * 1024)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<8 {
                group.addTask { _ = try await client.submit(document: large, SubmitFaxRequest(to: "+1555010410\(i)")) }
            }
            try await group.waitForAll()
        }
        let after = try #require(peakResidentKiB(pid))
        let grewMiB = Double(after - before) / 1024
        print("faxd peak RSS: \(before / 1024) MiB before, \(after / 1024) MiB after 8 concurrent 3 MiB uploads (+\(String(format: "%.1f", grewMiB)) MiB)")
        #expect(grewMiB < 24, "faxd's peak resident memory grew by \(grewMiB) MiB for 24 MiB uploaded")
        #expect(try await client.list().data.count == 9)
    }

    @Test func listLimitsFieldLengthsTimesAndGroups() async throws {
        let (harness, _) = try APITests.start(label: "faxd-api-limits")
        defer { harness.stop() }
        let client = harness.client
        let (document, _) = try writeChart(harness.dir, pages: 1, name: "one.tif", density: 0.2)

        // limit is 1…1000 everywhere (limit=-1 used to return every event); after is a sequence number.
        for path in ["/v1/events?limit=-1", "/v1/events?limit=0", "/v1/events?limit=1001", "/v1/events?limit=x", "/v1/events?after=-5",
                     "/v1/events?after=x", "/v1/faxes?limit=-1", "/v1/faxes?limit=0", "/v1/faxes?limit=5000", "/v1/inbox?limit=-1",
                     "/v1/inbox?limit=1001"] {
            await expectProblem(4000, status: 400) { _ = try await client.send(.GET, path) }
        }
        _ = try await client.send(.GET, "/v1/events?limit=1000")
        _ = try await client.send(.GET, "/v1/faxes?limit=1")

        // Lengths: 400 with a clear problem, nothing stored.
        let long = String(repeating: "x", count: 101)
        let refusals: [(String, SubmitFaxRequest, String?)] = [
            ("header", SubmitFaxRequest(to: "+15550100200", options: FaxOptionsResource(header: long)), nil),
            ("metadata count", SubmitFaxRequest(to: "+15550100200", options: FaxOptionsResource(
                metadata: Dictionary(uniqueKeysWithValues: (0..<33).map { ("k\($0)", "v") }))), nil),
            ("metadata key", SubmitFaxRequest(to: "+15550100200", options: FaxOptionsResource(metadata: [String(repeating: "k", count: 65): "v"])), nil),
            ("metadata value", SubmitFaxRequest(to: "+15550100200", options: FaxOptionsResource(metadata: ["k": String(repeating: "v", count: 513)])), nil),
            ("modem_group", SubmitFaxRequest(to: "+15550100200", options: FaxOptionsResource(modemGroup: String(repeating: "g", count: 65))), nil),
            ("idempotency key", SubmitFaxRequest(to: "+15550100200"), String(repeating: "k", count: 256)),
        ]
        for (what, request, key) in refusals {
            await expectProblem(4000, status: 400, note: what) { _ = try await client.submit(file: document, request, idempotencyKey: key) }
        }

        // Well formed but impossible: 422, not a job that waits forever or dies at once.
        let now = Date()
        let impossible: [(String, SubmitFaxRequest)] = [
            ("unknown modem group", SubmitFaxRequest(to: "+15550100200", options: FaxOptionsResource(modemGroup: "night"))),
            ("kill before send", SubmitFaxRequest(to: "+15550100200", sendAt: now + 7200, killAt: now + 3600)),
            ("kill in the past", SubmitFaxRequest(to: "+15550100200", killAt: now - 60)),
        ]
        for (what, request) in impossible {
            await expectProblem(4000, status: 422, note: what) { _ = try await client.submit(file: document, request) }
        }
        #expect(try await client.list().data.isEmpty)
        #expect(documentFolders(harness) == 0)

        // A resubmit body over the limit: 413, not 500.
        let fax = try await client.submit(file: document, SubmitFaxRequest(to: "+15550100200"))
        _ = try await client.perform(.cancel, fax.id)
        let huge = Array(#"{"to": ""#.utf8) + [UInt8](repeating: 0x35, count: 100_000) + Array(#""}"#.utf8)
        await expectProblem(4202, status: 413) {
            _ = try await client.send(.POST, "/v1/faxes/\(fax.id)/resubmit", body: huge, headers: ["Content-Type": "application/json"])
        }
        // A JSON submission body over its limit likewise.
        await expectProblem(4202, status: 413) {
            _ = try await client.send(.POST, "/v1/faxes", body: huge, headers: ["Content-Type": "application/json"])
        }
        #expect(try await client.list().data.count == 1)
    }
}

// MARK: support

func documentFolders(_ harness: FaxdHarness) -> Int {
    (try? FileManager.default.contentsOfDirectory(atPath: harness.spoolDirectory + "/documents").count) ?? 0
}

/// Descriptors the process holds now.
func openDescriptors(_ pid: Int32) -> Int {
    (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd").count) ?? -1
}

/// The descriptor count once it has stayed the same for three samples 100 ms apart (at most 3 s).
func settledDescriptors(_ pid: Int32) async throws -> Int {
    var samples = [openDescriptors(pid)]
    let deadline = Date().addingTimeInterval(3)
    while Date() < deadline {
        try await Task.sleep(for: .milliseconds(100))
        samples.append(openDescriptors(pid))
        if samples.suffix(3).count == 3, Set(samples.suffix(3)).count == 1 { break }
    }
    return samples.last!
}

/// The process's peak resident set (VmHWM), in KiB.
func peakResidentKiB(_ pid: Int32) -> Int? {
    guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
    }
    return nil
}

/// Polls `condition` every 50 ms for up to `seconds`.
func waitFor(_ seconds: Double, _ condition: () throws -> Bool) async throws -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try condition() { return true }
        try await Task.sleep(for: .milliseconds(50))
    }
    return try condition()
}

/// A plain stream socket to faxd, for what FaxClient would never do: stall, trickle, go quiet.
final class RawConnection {
    let fd: Int32

    init(tcpPort port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        let result = connectLoopback(fd, port: port)
        guard fd >= 0, result == 0 else { throw FaxdTestError("connect to 127.0.0.1:\(port): \(String(cString: strerror(errno)))") }
    }

    init(unixSocket path: String) throws {
        fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, byte) in path.utf8.prefix(raw.count - 1).enumerated() { raw[i] = byte }
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard fd >= 0, result == 0 else { throw FaxdTestError("connect to \(path): \(String(cString: strerror(errno)))") }
    }

    deinit { close(fd) }

    /// False once the peer has gone (EPIPE, ECONNRESET).
    @discardableResult
    func send(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL)) }
            if n < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += n
        }
        return true
    }

    /// Whether the peer closes the connection within `seconds` (end of stream or reset; anything
    /// it sent first, such as a 408 or 400, is read and dropped).
    func closedByPeer(within seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        var buffer = [UInt8](repeating: 0, count: 4096)
        repeat {
            var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let remaining = max(0, Int32(deadline.timeIntervalSinceNow * 1000))
            guard poll(&descriptor, 1, remaining) > 0 else { continue }
            let n = recv(fd, &buffer, buffer.count, Int32(MSG_DONTWAIT))
            if n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR) { return true }
        } while Date() < deadline
        return false
    }

    /// Everything the peer sends until it closes (10 s at most), as text.
    func response() -> String {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 200) > 0 else { continue }
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { break }
            bytes += buffer[0..<n]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
