// Faxboxes in the spool: inbound routing (called number → caller rule → modem → identity →
// default, first match wins), one owner per number/modem/pattern, deleting a box moves its faxes
// to the default box, a box's defaults fill what a fax leaves out, and notifications scoped to a
// box or to one fax reach only that box's or that fax's endpoints. Changing a waiting fax (PATCH).

import E164
import FaxOutcome
import Foundation
import Spool
import Testing

@Suite struct FaxboxTests {
    @Test func receivedFaxesAreRoutedMostSpecificFirst() async throws {
        let f = SpoolFixture()
        let spool = try await f.open()
        #expect(try await spool.faxboxes().map(\.id) == [Faxbox.defaultID], "the default box exists from the start")
        let ward = try await spool.createFaxbox(FaxboxChange(name: "Ward 3", callerID: "+15550300", numbers: ["+15550301"], modems: ["ttyIn"]))
        let lab = try await spool.createFaxbox(FaxboxChange(name: "Lab", callers: ["+1555777*"]))
        let desk = try await spool.createFaxbox(FaxboxChange(name: "Desk", faxIdentity: "+1 555 0999"))

        func route(from caller: String, called: String? = nil, modem: String, identity: String = "+1 555 0100") async throws -> FaxJob {
            let job = try await spool.beginReceiving(from: caller, to: identity, modem: modem, receivedPath: f.dir.file("\(UUID()).tif"),
                                                     calledNumber: called)
            _ = try await spool.finishReceiving(job.id, result: result(.ok, pages: 1, of: nil))
            return job
        }
        // The called number wins over a caller rule and the modem.
        #expect(try await route(from: "+15557770001", called: "15550301", modem: "ttyOther").faxboxID == ward.id)
        // A caller rule wins over the modem.
        #expect(try await route(from: "+15557770002", modem: "ttyIn").faxboxID == lab.id)
        // The modem.
        let byModem = try await route(from: "+15550000001", modem: "ttyIn")
        #expect(byModem.faxboxID == ward.id)
        #expect(try await spool.events(job: byModem.id).first?.reason.contains("faxbox \(ward.id) (modem ttyIn)") == true)
        // The answering modem's own identity is a box's number.
        #expect(try await route(from: "", modem: "ttyDesk", identity: "+15550999").faxboxID == desk.id)
        // Nothing matches: the default box.
        let unrouted = try await route(from: "+15550000002", modem: "ttyElse")
        #expect(unrouted.faxboxID == Faxbox.defaultID)

        // Each box's inbox holds its faxes only.
        let wardInbox = try await spool.list(JobQuery(direction: .inbound, faxboxID: ward.id)).jobs
        #expect(wardInbox.count == 2)
        #expect(try await spool.list(JobQuery(direction: .inbound, faxboxID: Faxbox.defaultID)).jobs.map(\.id) == [unrouted.id])

        // A box deleted: its faxes move to the default box; the default box cannot go.
        try await spool.deleteFaxbox(ward.id)
        #expect(try await spool.list(JobQuery(direction: .inbound, faxboxID: Faxbox.defaultID)).jobs.count == 3)
        await #expect(throws: SpoolError.self) { try await spool.deleteFaxbox(Faxbox.defaultID) }
        await #expect(throws: SpoolError.faxboxNotFound(ward.id)) { try await spool.faxbox(ward.id) }
    }

    @Test func aNumberModemOrCallerPatternHasOneOwner() async throws {
        let f = SpoolFixture()
        let spool = try await f.open()
        let a = try await spool.createFaxbox(FaxboxChange(name: "A", numbers: ["+15550301"], modems: ["ttyIn"], callers: ["+1555*"]))
        await #expect(throws: SpoolError.self) { try await spool.createFaxbox(FaxboxChange(name: "B", numbers: ["15550301"])) }
        await #expect(throws: SpoolError.self) { try await spool.createFaxbox(FaxboxChange(name: "B", modems: ["ttyIn"])) }
        await #expect(throws: SpoolError.self) { try await spool.createFaxbox(FaxboxChange(name: "B", callers: ["+1555*"])) }
        await #expect(throws: SpoolError.self) { try await spool.createFaxbox(FaxboxChange(name: "")) }
        // Changing a box to what it already owns is fine; fields not given stay.
        let changed = try await spool.updateFaxbox(a.id, FaxboxChange(name: "A2", modems: ["ttyIn", "ttyIn2"]))
        #expect(changed.name == "A2" && changed.numbers == ["+15550301"] && changed.modems == ["ttyIn", "ttyIn2"])
        let cleared = try await spool.updateFaxbox(a.id, FaxboxChange(callerName: .some(nil), numbers: []))
        #expect(cleared.numbers.isEmpty && cleared.callerName == nil)
    }

    @Test func callerPatterns() {
        let box = { (pattern: String) in
            Faxbox(id: "b", name: "b", numbers: [], modems: [], callers: [pattern], notifications: FaxboxNotifications(), createdAt: Date(), updatedAt: Date())
        }
        func routed(_ caller: String, _ pattern: String) -> Bool {
            InboundRoute.choose(InboundCall(caller: caller, modem: "m", identity: ""), among: [box(pattern)]).box == "b"
        }
        #expect(routed("+15557770001", "+1555777*"))
        #expect(routed("15557770001", "+1555777*"), "with or without the plus")
        #expect(routed("+15557770001", "*0001"))
        #expect(routed("+15557770001", "+1555777?00?"))
        #expect(!routed("+15557780001", "+1555777*"))
        #expect(!routed("+155577700012", "+1555777?00?"))
        #expect(!routed("", "*"), "no caller ID matches no rule")
    }

    @Test func aBoxFillsWhatTheFaxLeavesOut() throws {
        let box = Faxbox(id: "fbx_1", name: "Ward 3", callerID: "+15550300", callerName: "St. Elsewhere", faxHeader: nil,
                         faxIdentity: "+1 555 0399", faxTimezone: "Europe/Berlin", retries: 7, numbers: [], modems: [], callers: [],
                         notifications: FaxboxNotifications(), createdAt: Date(), updatedAt: Date())
        var plain = FaxSubmission(to: try E164Number("+15550200"), documentPath: "/x")
        box.fill(&plain, maxAttemptsGiven: false)
        #expect(plain.faxboxID == "fbx_1")
        #expect(plain.from?.text == "+15550300")
        #expect(plain.options.headerText == "St. Elsewhere", "caller_name when there is no fax_header")
        #expect(plain.options.localIdentity == "+1 555 0399")
        #expect(plain.options.timeZone == "Europe/Berlin")
        #expect(plain.maxAttempts == 7)
        var own = FaxSubmission(to: try E164Number("+15550200"), from: try E164Number("+15550111"), documentPath: "/x", maxAttempts: 2,
                                options: JobOptions(headerText: "Mine", localIdentity: "+1 555 0111", timeZone: "UTC"))
        box.fill(&own, maxAttemptsGiven: true)
        #expect(own.from?.text == "+15550111" && own.options.headerText == "Mine" && own.options.localIdentity == "+1 555 0111")
        #expect(own.options.timeZone == "UTC" && own.maxAttempts == 2)
    }

    @Test func scopedEndpointsHearOnlyTheirBoxOrFax() async throws {
        let f = SpoolFixture()
        let spool = try await f.open()
        let ward = try await spool.createFaxbox(FaxboxChange(name: "Ward", modems: ["ttyIn"], notifications: FaxboxNotifications(
            inbound: .init(callbackURL: "http://ward.example/in"), outbound: .init(callbackURL: "http://ward.example/out"))))
        let all = try await spool.createWebhook(url: "http://all.example/", secret: "whsec_AAAA")
        let wardOnly = try await spool.createWebhook(url: "http://ward.example/all", faxboxID: ward.id, secret: "whsec_BBBB")
        await #expect(throws: SpoolError.faxboxNotFound("fbx_nope")) {
            try await spool.createWebhook(url: "http://x.example/", faxboxID: "fbx_nope", secret: "whsec_CCCC")
        }
        #expect(try await spool.webhooks().map(\.id) == [all.id, wardOnly.id], "a box's callbacks are not listed as endpoints")

        // An outbound fax through the ward with a callback of its own, and one without either.
        var through = f.submission(to: "+15550201")
        through.faxboxID = ward.id
        through.callbackURL = "http://caller.example/fax"
        let boxed = try await spool.submit(through)
        let plain = try await spool.submit(f.submission(to: "+15550202"))
        // An inbound fax into the ward.
        let inbound = try await spool.beginReceiving(from: "+15550999", to: "+15550100", modem: "ttyIn", receivedPath: f.dir.file("in.tif"))

        func heard(_ id: String) async throws -> [String] {
            try await spool.deliveries(webhook: id).reversed().map { "\($0.type ?? "?") \($0.jobID?.rawValue == boxed.id.rawValue ? "boxed" : $0.jobID == plain.id ? "plain" : "inbound")" }
        }
        #expect(try await heard(all.id) == ["fax.queued boxed", "fax.queued plain", "fax.inbound.receiving inbound"])
        #expect(try await heard(wardOnly.id) == ["fax.queued boxed", "fax.inbound.receiving inbound"])
        #expect(try await heard("wh_\(ward.id)_outbound") == ["fax.queued boxed"])
        #expect(try await heard("wh_\(ward.id)_inbound") == ["fax.inbound.receiving inbound"])
        #expect(try await heard("wh_cb_\(boxed.id)") == ["fax.queued boxed"])
        // Callbacks are signed with the server's callback secret, the same on every read.
        let secret = try await spool.callbackSecret()
        let again = try await spool.callbackSecret()
        #expect(secret.hasPrefix("whsec_") && secret == again)
        #expect(try await spool.webhook("wh_cb_\(boxed.id)").secret == secret)
        #expect(try await spool.webhook("wh_\(ward.id)_inbound").secret == secret)

        // The box's callback removed: its endpoint goes; deleting the fax removes its callback.
        _ = try await spool.updateFaxbox(ward.id, FaxboxChange(notifications: FaxboxNotifications(inbound: .init(callbackURL: "http://ward.example/in"))))
        await #expect(throws: SpoolError.webhookNotFound("wh_\(ward.id)_outbound")) { try await spool.webhook("wh_\(ward.id)_outbound") }
        _ = try await spool.deleteJob(boxed.id, release: { _ in })
        await #expect(throws: SpoolError.webhookNotFound("wh_cb_\(boxed.id)")) { try await spool.webhook("wh_cb_\(boxed.id)") }
        _ = inbound
    }

    @Test func aWaitingFaxCanBeChanged() async throws {
        let f = SpoolFixture()
        let spool = try await f.open()
        let listener = try await spool.createWebhook(url: "http://all.example/", secret: "whsec_AAAA")
        let later = f.clock.now.addingTimeInterval(3600)
        var job = try await spool.submit(f.submission(to: "+15550201", sendAt: later))
        #expect(job.state == .scheduled)
        _ = try await spool.setTransmitDocument(job.id, path: f.dir.file("transmit.tif"), pages: 3)

        // Priority and attempts only: still scheduled, the converted pages kept.
        job = try await spool.modify(job.id, JobChange(priority: 5, maxAttempts: 6))
        #expect(job.state == .scheduled && job.priority == 5 && job.maxAttempts == 6 && job.transmitPath != nil)
        // A new destination and "send now": queued, due now, converted again (its header names the recipient).
        job = try await spool.modify(job.id, JobChange(to: try E164Number("+15550299"), sendAt: .some(nil), headerText: "Ward 3"))
        #expect(job.state == .queued && job.toNumber == "+15550299" && job.nextAttemptAt == f.clock.now)
        #expect(job.transmitPath == nil && job.pagesTotal == nil && job.options.headerText == "Ward 3")
        #expect(try await spool.events(job: job.id).last?.reason == "changed: to, send_at, header")
        #expect(try await spool.deliveries(webhook: listener.id).first?.type == "fax.updated")
        // Back to later: scheduled again.
        job = try await spool.modify(job.id, JobChange(sendAt: .some(later)))
        #expect(job.state == .scheduled && job.nextAttemptAt == later)

        // Held: stays held. On a call or finished: refused.
        _ = try await spool.hold(job.id)
        #expect(try await spool.modify(job.id, JobChange(priority: 1)).state == .held)
        _ = try await spool.resume(job.id)
        _ = try await spool.modify(job.id, JobChange(sendAt: .some(nil)))
        let claimed = try #require(try await spool.claimNext(modem: "m"))
        #expect(claimed.id == job.id)
        await #expect(throws: SpoolError.invalidTransition(from: .dialing, by: .modify(due: true))) {
            try await spool.modify(job.id, JobChange(priority: 2))
        }
        // Pages confirmed, then a retry wait: the destination is fixed, the retry time too.
        _ = try await spool.recordCallConnected(job.id)
        _ = try await spool.recordPageConfirmed(job.id, page: 1)
        let waiting = try await spool.finishAttempt(job.id, result: result(FaxCompletion(t30Status: 2), pages: 1, of: 3))
        #expect(waiting.state == .retryWait)
        await #expect(throws: SpoolError.self) { try await spool.modify(job.id, JobChange(to: try E164Number("+15550298"))) }
        await #expect(throws: SpoolError.self) { try await spool.modify(job.id, JobChange(sendAt: .some(nil))) }
        await #expect(throws: SpoolError.self) { try await spool.modify(job.id, JobChange(maxAttempts: 0)) }
        #expect(try await spool.modify(job.id, JobChange(maxAttempts: 9)).maxAttempts == 9)
    }

    @Test func searchBySeveralIDs() async throws {
        let f = SpoolFixture()
        let spool = try await f.open()
        let a = try await spool.submit(f.submission(to: "+15550201"))
        _ = try await spool.submit(f.submission(to: "+15550202"))
        let c = try await spool.submit(f.submission(to: "+15550203"))
        #expect(Set(try await spool.list(JobQuery(ids: [a.id, c.id])).jobs.map(\.id)) == [a.id, c.id])
        #expect(try await spool.list(JobQuery(ids: [JobID("01ZZZZZZZZZZZZZZZZZZZZZZZZ")])).jobs.isEmpty)
    }
}
