// The REST API of a real faxd process (no modems: jobs stay queued), through FaxClient on the
// Unix socket and on TCP: submissions, idempotency, job control, listing, documents, and every
// kind of bad input refused with its problem code and nothing left behind.

import FaxAPIModels
import FaxClient
import FaxTestSupport
import FaxdTestSupport
import Foundation
import Spool
import T4
import Testing

@Suite(.serialized) struct APITests {
    static let key = "test-key-0123456789abcdef"

    /// faxd with TCP on a port the kernel chooses (port 0), read back from its log.
    static func start(allowPrivate: Bool = false, apiYAML: String = "", maxBodyBytes: Int = 400_000,
                      defaultsYAML: String = ", max_document_bytes: 100000", label: String = "faxd-api") throws -> (FaxdHarness, port: Int) {
        let harness = try FaxdHarness(
            label,
            apiYAML: ", tcp: \"127.0.0.1:0\", keys: [ { name: tests, key: \(key) } ], max_body_bytes: \(maxBodyBytes), allow_private_document_urls: \(allowPrivate)" + apiYAML,
            defaultsYAML: defaultsYAML)
        return (harness, try tcpPort(harness))
    }

    /// The port faxd's TCP listener bound, from its "API listening tcp=127.0.0.1:PORT" line.
    static func tcpPort(_ harness: FaxdHarness) throws -> Int {
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            for line in harness.faxd.log(tail: 2000).split(separator: "\n").reversed() where line.contains("API listening") && line.contains("tcp=") {
                if let range = line.range(of: "127.0.0.1:", options: .backwards), let port = Int(line[range.upperBound...].prefix { $0.isNumber }), port > 0 {
                    return port
                }
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw FaxdTestError("faxd did not log its TCP port:\n" + harness.faxd.log(tail: 40))
    }

    func documentsStored(_ harness: FaxdHarness) -> Int {
        (try? FileManager.default.contentsOfDirectory(atPath: harness.spoolDirectory + "/documents").count) ?? 0
    }

    @Test func submitIdempotencyAndBadInputs() async throws {
        let (harness, port) = try Self.start()
        defer { harness.stop() }
        let client = harness.client
        let (document, _) = try writeChart(harness.dir, pages: 1, name: "one.tif", density: 0.2)

        // Submit: 201, queued, the document private on disk.
        let fax = try await client.submit(file: document, SubmitFaxRequest(to: "+1 (555) 010-0200", options: FaxOptionsResource(header: "Ward 7")),
                                          idempotencyKey: "order-1")
        #expect(fax.state == "queued")
        #expect(fax.to == "+15550100200")
        #expect(fax.options.header == "Ward 7")
        let job = try await harness.spool().job(JobID(fax.id))
        let path = try #require(job.documentPath)
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int == 0o600)
        #expect(try FileManager.default.attributesOfItem(atPath: (path as NSString).deletingLastPathComponent)[.posixPermissions] as? Int == 0o700)
        #expect(documentsStored(harness) == 1)

        // The same key: the same job, nothing stored twice; for another number: refused.
        let again = try await client.submit(file: document, SubmitFaxRequest(to: "+15550100200"), idempotencyKey: "order-1")
        #expect(again.id == fax.id)
        #expect(documentsStored(harness) == 1)
        await expectProblem(4091, status: 409) { _ = try await client.submit(file: document, SubmitFaxRequest(to: "+15550100999"), idempotencyKey: "order-1") }

        // Bad inputs: clear codes, nothing left behind.
        await expectProblem(4001, status: 422) { _ = try await client.submit(file: document, SubmitFaxRequest(to: "call me maybe")) }
        await expectProblem(4201, status: 415) {
            _ = try await client.submit(document: (0..<4000).map { _ in UInt8.random(in: 0...255) } + [0], SubmitFaxRequest(to: "+15550100200"))
        }
        await expectProblem(4202, status: 413) {
            _ = try await client.submit(document: [UInt8](repeating: 0x41, count: 150_000), SubmitFaxRequest(to: "+15550100200"))
        }
        await expectProblem(4202, status: 413) {
            _ = try await client.submit(document: [UInt8](repeating: 0x41, count: 500_000), SubmitFaxRequest(to: "+15550100200"))
        }
        await expectProblem(4204, status: 422) {
            _ = try await client.submit(SubmitFaxRequest(to: "+15550100200", documentURL: "http://127.0.0.1:\(port)/v1/health"))
        }
        await expectProblem(4204, status: 422) {
            _ = try await client.submit(SubmitFaxRequest(to: "+15550100200", documentURL: "http://[::1]:\(port)/v1/health"))
        }
        await expectProblem(4000, status: 400) { _ = try await client.submit(SubmitFaxRequest(to: "+15550100200")) }
        #expect(documentsStored(harness) == 1)
        #expect(try await client.list().data.count == 1)

        // TCP needs the key.
        let noKey = FaxClient(baseURL: "http://127.0.0.1:\(port)", apiKey: nil)
        await expectProblem(4010, status: 401) { _ = try await noKey.list() }
        await expectProblem(4010, status: 401) { _ = try await FaxClient(baseURL: "http://127.0.0.1:\(port)", apiKey: "wrong-key-0123456789").list() }
        #expect(try await noKey.health())
        let withKey = FaxClient(baseURL: "http://127.0.0.1:\(port)", apiKey: Self.key)
        #expect(try await withKey.list().data.map(\.id) == [fax.id])
        #expect(harness.faxd.log().contains("api_key=tests"))
        #expect(!harness.faxd.log().contains(Self.key))
    }

    @Test func jobControlListingAndDocuments() async throws {
        let (harness, _) = try Self.start()
        defer { harness.stop() }
        let client = harness.client
        let (document, _) = try writeChart(harness.dir, pages: 1, name: "one.tif", density: 0.2)
        var ids: [String] = []
        for i in 0..<12 { ids.append(try await client.submit(file: document, SubmitFaxRequest(to: "+1555010\(1000 + i)")).id) }

        // Hold, resume, cancel; an impossible transition is refused.
        #expect(try await client.perform(.hold, ids[0]).state == "held")
        #expect(try await client.perform(.resume, ids[0]).state == "queued")
        #expect(try await client.perform(.cancel, ids[0]).state == "cancelled")
        await expectProblem(4090, status: 409) { _ = try await client.perform(.hold, ids[0]) }
        await expectProblem(4040, status: 404) { _ = try await client.fax("01ZZZZZZZZZZZZZZZZZZZZZZZZ") }
        let events = try await client.events(ids[0]).map(\.to)
        #expect(events == ["queued", "held", "queued", "cancelled"])

        // Cursor pagination: newest first, every job exactly once.
        var seen: [String] = []
        var cursor: String?
        repeat {
            let page = try await client.list(limit: 5, cursor: cursor)
            seen += page.data.map(\.id)
            cursor = page.nextCursor
        } while cursor != nil
        #expect(seen == ids.reversed())
        #expect(try await client.list(states: ["cancelled"]).data.map(\.id) == [ids[0]])

        // Retry is for a failed fax; resubmit makes a new fax from a cancelled one's document.
        await expectProblem(4090, status: 409) { _ = try await client.perform(.retry, ids[0]) }
        let again = try await client.resubmit(ids[0])
        #expect(again.id != ids[0])
        #expect(again.state == "queued")
        #expect(again.to == "+15550101000")
        #expect(try await client.document(again.id, kind: "original") == (try await client.document(ids[0], kind: "original")))
        // The resubmit has its own copy: deleting the original's document and the original
        // leaves it whole, and removes the original's folder.
        let originalFolder = (try #require(try await harness.spool().job(JobID(ids[0])).documentPath) as NSString).deletingLastPathComponent
        let againDocument = try #require(try await harness.spool().job(JobID(again.id)).documentPath)
        #expect((againDocument as NSString).deletingLastPathComponent != originalFolder)
        _ = try await client.deleteDocument(ids[0])
        try await client.delete(ids[0])
        #expect(!FileManager.default.fileExists(atPath: originalFolder))
        #expect(Data(try await client.document(again.id, kind: "original")) == (try Data(contentsOf: URL(fileURLWithPath: document))))

        // Documents: the original back byte for byte; delete it and keep the record; delete the job.
        let original = try await client.document(ids[1], kind: "original")
        #expect(Data(original) == (try Data(contentsOf: URL(fileURLWithPath: document))))
        await expectProblem(4092, status: 409, allowing: [4000]) { _ = try await client.deleteDocument(ids[1]) }  // still queued
        _ = try await client.perform(.cancel, ids[1])
        let folder = (try #require(try await harness.spool().job(JobID(ids[1])).documentPath) as NSString).deletingLastPathComponent
        let kept = try await client.deleteDocument(ids[1])
        #expect(!FileManager.default.fileExists(atPath: folder))  // the document's folder goes with it
        #expect(kept.documents.original == false)
        #expect(try await client.fax(ids[1]).state == "cancelled")
        try await client.delete(ids[1])
        await expectProblem(4040, status: 404) { _ = try await client.fax(ids[1]) }
        #expect(try await client.modems().isEmpty)
    }

    @Test func documentURLFromAnAllowedPrivateAddress() async throws {
        let (harness, port) = try Self.start(allowPrivate: true)
        defer { harness.stop() }
        // faxd's own health endpoint is a small UTF-8 text document on loopback.
        let fax = try await harness.client.submit(SubmitFaxRequest(to: "+15550100200", documentURL: "http://127.0.0.1:\(port)/v1/health"))
        #expect(fax.state == "queued")
        let original = try await harness.client.document(fax.id, kind: "original")
        #expect(String(decoding: original, as: UTF8.self).contains("ok"))
        await expectProblem(4203, status: 422) {
            _ = try await harness.client.submit(SubmitFaxRequest(to: "+15550100200", documentURL: "http://127.0.0.1:\(port)/v1/nothing-here"))
        }
    }
}

extension APITests {
    /// GET /v1/events: every fax's state changes in one feed, oldest first, paged by `after` and
    /// `limit` with next_cursor; each fax's share of it is that fax's own /events; a reader that
    /// saw the end gets exactly what happens next.
    @Test func eventsFeedOverHTTP() async throws {
        let (harness, port) = try Self.start()
        defer { harness.stop() }
        let client = harness.client
        let (document, _) = try writeChart(harness.dir, pages: 1, name: "one.tif", density: 0.2)
        var ids: [String] = []
        for i in 0..<3 { ids.append(try await client.submit(file: document, SubmitFaxRequest(to: "+1555010\(2000 + i)")).id) }
        _ = try await client.perform(.hold, ids[0])
        _ = try await client.perform(.resume, ids[0])
        _ = try await client.perform(.cancel, ids[1])

        let all = try await client.eventFeed(after: 0)
        #expect(all.data.count == 6)  // 3 × queued, then held, queued (resumed), cancelled
        #expect(zip(all.data, all.data.dropFirst()).allSatisfy { $0.sequence < $1.sequence })
        #expect(all.nextCursor == all.data.last.map { String($0.sequence) })
        for id in ids {
            #expect(all.data.filter { $0.faxID == id } == (try await client.events(id)), "fax \(id)")
        }
        #expect(all.data.filter { $0.faxID == ids[0] }.map(\.to) == ["queued", "held", "queued"])
        #expect(all.data.filter { $0.faxID == ids[1] }.map(\.to) == ["queued", "cancelled"])

        // Paged two at a time by following next_cursor: the same events, each once.
        var paged: [EventResource] = []
        var after: Int64 = 0
        while true {
            let page = try await client.eventFeed(after: after, limit: 2)
            #expect(page.data.count <= 2)
            if page.data.isEmpty { break }
            paged += page.data
            after = try #require(page.nextCursor.flatMap { Int64($0) })
        }
        #expect(paged == all.data)

        // At the end: nothing new, until something happens — then exactly that.
        let end = try #require(all.data.last?.sequence)
        #expect(try await client.eventFeed(after: end).data.isEmpty)
        _ = try await client.perform(.cancel, ids[2])
        let next = try await client.eventFeed(after: end).data
        #expect(next.map(\.faxID) == [ids[2]])
        #expect(next.map(\.to) == ["cancelled"])
        #expect(next.first?.from == "queued")

        // The same feed on TCP, with the key.
        let tcp = FaxClient(baseURL: "http://127.0.0.1:\(port)", apiKey: Self.key)
        #expect(try await tcp.eventFeed(after: 0).data == all.data + next)
        await expectProblem(4010, status: 401) { _ = try await FaxClient(baseURL: "http://127.0.0.1:\(port)", apiKey: nil).eventFeed(after: 0) }
    }
}

/// Expects the call to fail with problem `code` and HTTP `status`.
func expectProblem(_ code: Int, status: Int, allowing: [Int] = [], note: String = "", sourceLocation: SourceLocation = #_sourceLocation,
                   _ body: () async throws -> Void) async {
    do {
        try await body()
        Issue.record("expected problem \(code), got success \(note)", sourceLocation: sourceLocation)
    } catch let problem as ProblemResource {
        if allowing.contains(problem.code) { return }
        #expect(problem.code == code, "\(note) \(problem)", sourceLocation: sourceLocation)
        #expect(problem.status == status, "\(note) \(problem)", sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected problem \(code), got \(error) \(note)", sourceLocation: sourceLocation)
    }
}
