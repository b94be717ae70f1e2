// FaxboxTests: faxboxes in a real faxd on the virtual exchange, told through a real HTTP receiver
// (WebhookReceiver: Python, its own Standard Webhooks check, here with the callback secret).
// A fax machine calls the modem a box owns: the fax lands in that box's inbox, and the box's
// inbound callback hears it received, with links that fetch the PDF and TIFF. A fax sent through
// the box goes out as the box: the machine sees the box's identity (TSI), and the page's header
// band is the document rendered with the box's header, number and time zone; its own callback_url
// hears its events. A scheduled fax changed by PATCH (new destination, send now) goes out to the
// new number. One attempt as JSON; a search by several ids with history inline.

import FaxAPIModels
import FaxClient
import FaxDocuments
import FaxTestSupport
import FaxdTestSupport
import Foundation
import T30
import T4
import Testing
import VirtualExchange

@Suite(.serialized) struct FaxboxTests {
    @Test func aBoxOwnsItsLineItsIdentityAndItsNotifications() async throws {
        let receiver = try WebhookReceiver("faxbox-receiver")
        defer { receiver.stop() }
        var machine: FaxMachineLine!
        var other: FaxMachineLine!
        let harness = try FaxdHarness(
            "faxd-faxbox", speed: 4, modems: [("ttyOut", "15550101", false, true), ("ttyIn", "15550102", true, false)],
            extraYAML: """
                webhooks: { retry_initial: 0.3, retry_max: 1, window: 600, timeout: 5, allow_private_addresses: true }
                metrics: { listen: "127.0.0.1:0", key: \(Self.metricsKey) }
                """
        ) { exchange, dir in
            machine = try exchange.addFaxMachine(number: "15550200", inbox: dir.file("machine"),
                                                 options: FaxSessionOptions(localIdentity: "+1 555 0200", callDeadline: .seconds(120)))
            other = try exchange.addFaxMachine(number: "15550201", inbox: dir.file("other"))
        }
        defer { harness.stop() }
        let client = harness.client
        try receiver.know([try await client.callbackSecret()])

        // A box that owns the answering modem, with callbacks both ways.
        let box = try await client.createFaxbox(FaxboxRequest(
            name: "Ward 3", callerId: "+15550300", faxHeader: "Ward 3 St Elsewhere", faxIdentity: "+1 555 0399",
            faxTimezone: "Asia/Tokyo", retries: 2, modems: ["ttyIn"],
            notifications: FaxboxNotificationsResource(inbound: .init(callback: .init(url: receiver.url + "/inbound")))))
        #expect(box.id.hasPrefix("fbx_"))
        #expect(try await client.faxboxes().map(\.id) == ["default", box.id])
        await #expect(throws: ProblemResource.self) { try await client.createFaxbox(FaxboxRequest(name: "Clash", modems: ["ttyIn"])) }
        await #expect(throws: ProblemResource.self) { try await client.createFaxbox(FaxboxRequest(name: "Bad", faxIdentity: "call me")) }
        await #expect(throws: ProblemResource.self) { try await client.createFaxbox(FaxboxRequest(name: "Bad", callerId: "call me")) }

        // Inbound: the machine calls the box's modem.
        let (incoming, incomingPages) = try writeChart(harness.dir, pages: 1, name: "incoming.tif", seed: 41, density: 0.3)
        let caller: FaxMachineLine = machine
        #expect(await Task.detached { caller.send(document: incoming, to: "15550102") }.value.isSuccess)
        let inbox = try await client.faxboxInbox(box.id).data
        try #require(inbox.count == 1, "\(harness.faxd.log(tail: 30))")
        let received = try await CallTests.wait(client, inbox[0].id, timeout: 30) { $0.isFinished }
        #expect(received.state == "received" && received.faxboxId == box.id)
        #expect(try await client.faxboxInbox("default").data.isEmpty)
        #expect(await eventually(timeout: 20) { receiver.requests.contains { $0.payload?.type == "fax.inbound.received" } })
        let told = receiver.requests.filter { $0.payload?.data["id"]?.string == received.id }
        #expect(told.map { $0.payload?.type ?? "?" } == ["fax.inbound.receiving", "fax.inbound.page_received", "fax.inbound.received"])
        #expect(told.allSatisfy { $0.valid == [0] }, "signed with the callback secret")
        // The links fetch what arrived.
        guard case .object(let links)? = told.last?.payload?.data["links"], let pdfLink = links["pdf"]?.string,
              let tiffLink = links["tiff"]?.string else {
            Issue.record("no links in \(String(describing: told.last?.payload?.data))")
            return
        }
        #expect(try await client.send(.GET, pdfLink).starts(with: Array("%PDF".utf8)))
        let tiff = harness.dir.file("received.tif")
        try Data(try await client.send(.GET, tiffLink)).write(to: URL(fileURLWithPath: tiff))
        #expect(try TIFFFaxReader.readPages(path: tiff).map(\.bits) == incomingPages.map(\.bits))

        // Outbound through the box, with a callback of its own.
        let (document, _) = try writeChart(harness.dir, pages: 1, name: "out.tif", seed: 42, density: 0.2)
        let before = Date()
        let fax = try await client.submit(file: document, SubmitFaxRequest(to: "+15550200", faxboxId: box.id,
                                                                            callbackURL: receiver.url + "/fax"))
        #expect(fax.faxboxId == box.id && fax.from == "+15550300" && fax.maxAttempts == 2)
        #expect(fax.options.header == "Ward 3 St Elsewhere" && fax.options.identity == "+1 555 0399" && fax.options.timezone == "Asia/Tokyo")
        let sent = try await CallTests.wait(client, fax.id, timeout: 120) { $0.isFinished }
        try #require(sent.state == "sent", "\(harness.faxd.log(tail: 30))")
        let after = Date()
        let got = try #require(machine.waitForReceived(count: 1, timeout: 10).first)
        #expect(got.result.remoteIdentity == "+1 555 0399", "the box's identity is the TSI")
        let page = try #require(try TIFFFaxReader.readPages(path: got.path).first)
        // The page is the document rendered with the box's header at some minute of the call.
        let minutes = stride(from: before.timeIntervalSince1970 - 60, through: after.timeIntervalSince1970 + 60, by: 60).map(Date.init(timeIntervalSince1970:))
        func rendered(_ sender: String, _ number: String, _ zone: String, at date: Date) throws -> [UInt8] {
            let output = harness.dir.file("render-\(UUID().uuidString).tif")
            let request = ConversionRequest(source: document, output: output, resolution: .fine, temporaryDirectory: harness.dir.path,
                                            header: .init(sender: sender, number: number, recipient: "+15550200", timeZone: zone, date: date))
            _ = try request.perform()
            return try TIFFFaxReader.readPages(path: output)[0].bits
        }
        let matching = try minutes.filter { try rendered("Ward 3 St Elsewhere", "+1 555 0399", "Asia/Tokyo", at: $0) == page.bits }
        #expect(!matching.isEmpty, "the page's header is not the box's")
        if let minute = matching.first {
            #expect(try rendered("faxd test", "+1 555 0100", "Asia/Tokyo", at: minute) != page.bits, "the header band would show the server's defaults")
        }
        // Its confirmation report: one page, page 1 at half size in the frame below the text.
        let reportPage = try Self.reportImage(try await client.report(fax.id), dir: harness.dir)
        #expect(reportPage.width == 1728)
        let expected = Self.halved(page)
        var differing = 0
        for y in 0..<expected.length {
            for x in 0..<expected.width where expected.isBlack(x: x, y: y) != reportPage.isBlack(x: 432 + x, y: 760 + y) {
                differing += 1
            }
        }
        #expect(differing == 0, "page 1 in the report differs from the sent page reduced: \(differing) pixels")
        #expect((0..<700).contains { y in (0..<1728).contains { reportPage.isBlack(x: $0, y: y) } }, "no text above the image")
        await #expect(throws: ProblemResource.self, "no report for a received fax") { try await client.report(received.id) }

        let faxTypes = ["fax.queued", "fax.dialing", "fax.sending", "fax.page_confirmed", "fax.sent"]
        #expect(await eventually(timeout: 20) { receiver.requests.filter { $0.payload?.data["id"]?.string == fax.id }.count >= faxTypes.count })
        let faxTold = receiver.requests.filter { $0.payload?.data["id"]?.string == fax.id }
        #expect(faxTold.map { $0.payload?.type ?? "?" } == faxTypes, "the callback_url hears its fax")
        #expect(faxTold.allSatisfy { $0.valid == [0] })

        // A scheduled fax, changed: a new destination, sent now.
        let scheduled = try await client.submit(file: document, SubmitFaxRequest(to: "+15550209", sendAt: Date().addingTimeInterval(3600)))
        #expect(scheduled.state == "scheduled")
        await #expect(throws: ProblemResource.self) { try await client.modify(scheduled.id, PatchFaxRequest(to: "911")) }
        await #expect(throws: ProblemResource.self) { try await client.modify(scheduled.id, PatchFaxRequest(maxAttempts: 0)) }
        let changed = try await client.modify(scheduled.id, PatchFaxRequest(to: "+15550201", sendNow: true, options: FaxOptionsResource(header: "Changed")))
        #expect(changed.to == "+15550201" && changed.options.header == "Changed")
        let resent = try await CallTests.wait(client, scheduled.id, timeout: 120) { $0.isFinished }
        #expect(resent.state == "sent", "\(harness.faxd.log(tail: 30))")
        #expect(other.waitForReceived(count: 1, timeout: 10).count == 1, "the new destination got it")
        #expect(machine.receivedFaxes.count == 1, "the old one did not")
        await #expect(throws: ProblemResource.self) { try await client.modify(scheduled.id, PatchFaxRequest(priority: 3)) }

        // One attempt as JSON; several faxes by id with their history.
        let attempt = try await client.attempt(scheduled.id, number: 1)
        #expect(attempt.number == 1 && attempt.completion?.code == 0 && attempt.pagesTransferred == 1)
        await #expect(throws: ProblemResource.self) { try await client.attempt(scheduled.id, number: 2) }
        let found = try await client.search(ids: [fax.id, scheduled.id], history: true)
        #expect(Set(found.map(\.id)) == [fax.id, scheduled.id])
        let history = try #require(found.first { $0.id == scheduled.id }?.history)
        #expect(history.first?.to == "scheduled" && history.last?.to == "sent", "\(history.map(\.to))")
        #expect(history.contains { $0.from == "scheduled" && $0.to == "queued" && $0.reason == "changed: to, send_at, header" },
                "\(history.map(\.reason))")
        #expect(try await client.search(ids: [fax.id]).first?.history == nil)
        // The metrics say what happened: on the API's socket, and on the scrapers' own listener (with its key).
        let metrics = String(decoding: try await client.send(.GET, "/metrics"), as: UTF8.self)
        func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
            for line in metrics.split(separator: "\n") where line.hasPrefix(name + "{") || line.hasPrefix(name + " ") {
                guard labels.allSatisfy({ line.contains("\($0.key)=\"\($0.value)\"") }) else { continue }
                return line.split(separator: " ").last.flatMap { Double($0) }
            }
            return nil
        }
        #expect(value("swiftfax_attempts_total", ["direction": "outbound", "code": "0"]) == 2, "\(metrics)")
        #expect(value("swiftfax_attempts_total", ["direction": "inbound", "code": "0"]) == 1)
        #expect(value("swiftfax_pages_total", ["direction": "inbound", "modem": "ttyIn"]) == 1)
        #expect(value("swiftfax_pages_total", ["direction": "outbound", "modem": "ttyOut"]) == 2)
        #expect((value("swiftfax_line_seconds_total", ["modem": "ttyOut"]) ?? 0) > 0)
        #expect(value("swiftfax_call_duration_seconds_count", ["direction": "outbound"]) == 2)
        #expect(value("swiftfax_conversion_seconds_count", ["result": "ok"]) == 2)
        #expect(value("swiftfax_submissions_total", ["source": "api"]) == 2)
        #expect((value("swiftfax_webhook_tries_total", ["result": "delivered"]) ?? 0) >= 8)
        #expect(value("swiftfax_jobs", ["direction": "outbound", "state": "sent"]) == 2)
        #expect(value("swiftfax_jobs", ["direction": "inbound", "state": "received"]) == 1)
        #expect(value("swiftfax_jobs", ["direction": "outbound", "state": "queued"]) == 0)
        #expect(value("swiftfax_modem_state", ["modem": "ttyIn", "state": "idle"]) == 1)
        #expect(value("swiftfax_modem_state", ["modem": "ttyIn", "state": "receiving"]) == 0)
        #expect(value("swiftfax_webhook_backlog") != nil)
        let port = try Self.metricsPort(harness)
        let scraper = FaxClient(baseURL: "http://127.0.0.1:\(port)", apiKey: Self.metricsKey)
        #expect(String(decoding: try await scraper.send(.GET, "/metrics"), as: UTF8.self).contains("swiftfax_jobs{"))
        await #expect(throws: (any Error).self, "only /metrics there") { try await scraper.list() }
        await #expect(throws: (any Error).self, "the key is needed") {
            try await FaxClient(baseURL: "http://127.0.0.1:\(port)", apiKey: nil).send(.GET, "/metrics")
        }

        // A report of a fax whose documents are gone says so, without the image.
        _ = try await client.deleteDocument(scheduled.id)
        let bare = try Self.reportImage(try await client.report(scheduled.id), dir: harness.dir)
        #expect(!(800..<1800).contains { y in (500..<1200).contains { bare.isBlack(x: $0, y: y) } }, "an image where the document was deleted")
    }

    static let metricsKey = "metrics-key-0123456789abcdef"

    /// The port of faxd's metrics listener, from its "metrics listening listen=127.0.0.1:PORT" line.
    static func metricsPort(_ harness: FaxdHarness) throws -> Int {
        for line in harness.faxd.log(tail: 2000).split(separator: "\n").reversed() where line.contains("metrics listening") {
            if let range = line.range(of: "127.0.0.1:", options: .backwards), let port = Int(line[range.upperBound...].prefix { $0.isNumber }), port > 0 {
                return port
            }
        }
        throw FaxdTestError("faxd did not log its metrics port:\n" + harness.faxd.log(tail: 40))
    }

    /// The report's page, from its PDF by poppler's pdfimages (the bilevel image tiff2pdf embedded).
    static func reportImage(_ pdf: [UInt8], dir: ScratchDirectory) throws -> FaxPage {
        let path = dir.file("report-\(UUID().uuidString).pdf")
        try Data(pdf).write(to: URL(fileURLWithPath: path))
        #expect(try runTool("/usr/bin/pdfinfo", [path]).output.contains("Pages:           1"))
        let prefix = path + "-img"
        let run = try runTool("/usr/bin/pdfimages", [path, prefix])
        try #require(run.status == 0, "\(run.output)")
        let pbm = try Data(contentsOf: URL(fileURLWithPath: prefix + "-000.pbm"))
        // P4: "P4\n<width> <height>\n" then rows, 1 = black.
        var fields: [String] = [], index = 0, current = ""
        while fields.count < 3, index < pbm.count {
            let c = Character(UnicodeScalar(pbm[index]))
            index += 1
            if c.isWhitespace { if !current.isEmpty { fields.append(current); current = "" } } else { current.append(c) }
        }
        let (width, height) = (Int(fields[1])!, Int(fields[2])!)
        return FaxPage(width: width, length: height, resolution: .fine, bits: [UInt8](pbm[index...]))
    }

    /// The test's own reduction: half size, black where 2 or more of the 4 pixels are.
    static func halved(_ page: FaxPage) -> FaxPage {
        var out = FaxPage(width: page.width / 2, length: page.length / 2, resolution: .fine)
        for y in 0..<out.length {
            for x in 0..<out.width {
                let black = [(0, 0), (1, 0), (0, 1), (1, 1)].filter { page.isBlack(x: 2 * x + $0.0, y: 2 * y + $0.1) }.count
                if black >= 2 { out.fill(x: x, y: y, width: 1, height: 1) }
            }
        }
        return out
    }

    @Test func anUploadedFileGoesToThreeRecipients() async throws {
        var machines: [FaxMachineLine] = []
        let harness = try FaxdHarness(
            "faxd-fanout", speed: 4, modems: [("ttyOut1", "15550101", false, true), ("ttyOut2", "15550102", false, true)]
        ) { exchange, dir in
            for n in 0..<3 { machines.append(try exchange.addFaxMachine(number: "1555021\(n)", inbox: dir.file("machine\(n)"))) }
        }
        defer { harness.stop() }
        let client = harness.client
        let (document, pages) = try writeChart(harness.dir, pages: 2, name: "letter.tif", seed: 43, density: 0.2)

        // Uploaded once; refused when it is not a document.
        let file = try await client.uploadFile([UInt8](try Data(contentsOf: URL(fileURLWithPath: document))), name: "letter.tif")
        #expect(file.id.hasPrefix("file_") && file.format == "tiff" && file.name == "letter.tif")
        #expect(try await client.files().map(\.id) == [file.id])
        await #expect(throws: ProblemResource.self) { try await client.uploadFile(Array("just words\u{0}\u{1}".utf8), name: "x.bin") }
        await #expect(throws: ProblemResource.self) {
            try await client.submitMany(SubmitFaxRequest(to: "+15550210", fileId: "file_nope", recipients: ["+15550210"]))
        }
        await #expect(throws: ProblemResource.self, "one bad number refuses the whole request, before anything is queued") {
            try await client.submitMany(SubmitFaxRequest(to: "+15550210", fileId: file.id, recipients: ["+15550210", "911"]))
        }
        #expect(try await client.list().data.isEmpty)

        // Sent to three recipients: three faxes, each delivered, each page the document's.
        let recipients = ["+15550210", "+15550211", "+15550212"]
        let faxes = try await client.submitMany(SubmitFaxRequest(to: recipients[0], fileId: file.id, recipients: recipients),
                                                idempotencyKey: "fanout-1")
        #expect(faxes.map(\.to) == recipients && Set(faxes.map(\.id)).count == 3)
        let replay = try await client.submitMany(SubmitFaxRequest(to: recipients[0], fileId: file.id, recipients: recipients),
                                                 idempotencyKey: "fanout-1")
        #expect(replay.map(\.id) == faxes.map(\.id), "the same key returns the same three faxes")
        // The file can go at once: each fax has its own link of the document.
        try await client.deleteFile(file.id)
        #expect(try await client.files().isEmpty)
        for fax in faxes {
            let done = try await CallTests.wait(client, fax.id, timeout: 120) { $0.isFinished }
            #expect(done.state == "sent", "\(done.to): \(done.state)\n\(harness.faxd.log(tail: 20))")
        }
        for machine in machines {
            let got = try #require(machine.waitForReceived(count: 1, timeout: 10).first)
            let received = try TIFFFaxReader.readPages(path: got.path)
            #expect(received.count == pages.count)
            // Below the header band (recipient and time differ), each page is the document's.
            let band = 60
            for (sent, page) in zip(pages, received) {
                let rowBytes = (page.width + 7) / 8
                #expect(sent.bits.dropFirst(band * rowBytes) == page.bits.dropFirst(band * rowBytes))
            }
        }
        // Deleting one fax leaves the others' documents.
        try await client.delete(faxes[0].id)
        #expect(try await client.document(faxes[1].id, kind: "original").count > 0)
    }
}
