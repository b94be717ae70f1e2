// Spool+Inbound: received faxes — a job is created `receiving` when a call is answered, and ends
// `received` (at least one page arrived; the completion code says if the call ended badly) or
// `failed` (nothing arrived).

import FaxOutcome
import Foundation
import GRDB

extension Spool {
    /// A call is being answered on `modem` (its own identity `to`); pages go to `receivedPath`.
    /// The fax lands in the faxbox InboundRoute chooses from the caller (`from`), the called
    /// number (where the line gives it) and the modem.
    public func beginReceiving(from: String, to: String, modem: String, receivedPath: String,
                               calledNumber: String? = nil, tenantID: String? = nil) async throws(SpoolError) -> FaxJob {
        let now = self.now
        return try await write { db in
            if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM attempts WHERE modem = ? AND ended_at IS NULL)", arguments: [modem]) == true {
                throw SpoolError.modemBusy(modem)
            }
            let call = InboundCall(caller: from, calledNumber: calledNumber, modem: modem, identity: to)
            let (faxboxID, route) = InboundRoute.choose(call, among: try Faxbox.fetchAll(db, sql: "SELECT * FROM faxboxes ORDER BY created_at, id"))
            let job = FaxJob(
                id: self.newID(at: now), direction: .inbound, state: .receiving, toNumber: to, fromNumber: from,
                priority: 0, maxAttempts: 1, attemptsMade: 1, pagesTotal: nil, pagesConfirmed: 0,
                sendAt: nil, killAt: nil, nextAttemptAt: nil, cancelRequested: false, recoveries: 0,
                documentPath: nil, transmitPath: nil, receivedPath: receivedPath, options: JobOptions(),
                idempotencyKey: nil, tenantID: tenantID, faxboxID: faxboxID, resubmittedFrom: nil,
                createdAt: now, updatedAt: now, lastCompletion: nil)
            try job.insert(db)
            try FaxAttempt(jobID: job.id, number: 1, modem: modem, startedAt: now, endedAt: nil, firstPage: 1, result: nil).insert(db)
            try db.recordEvent(job: job.id, from: nil, to: .receiving, reason: "call answered on \(modem); faxbox \(faxboxID) (\(route))", attempt: 1, code: nil, at: now)
            let stored = try db.job(job.id)
            try db.recordNotification("fax.inbound.receiving", job: stored, at: now)
            return stored
        }
    }

    /// The inbound call ended.
    @discardableResult
    public func finishReceiving(_ id: JobID, result: FaxSessionResult) async throws(SpoolError) -> FaxJob {
        let now = self.now
        return try await write { db in
            var job = try db.job(id)
            guard job.state == .receiving else { throw SpoolError.invalidTransition(from: job.state, by: .receive(ok: result.pagesTransferred > 0)) }
            let attempt = try db.openAttempt(id)
            try db.closeAttempt(attempt, result: result, at: now)
            let pages = max(job.pagesConfirmed, result.pagesTransferred)
            let ok = pages > 0
            let reason = ok ? "received \(pages) page\(pages == 1 ? "" : "s")" : "nothing received: \(result.completion.code) \(result.completion.description)"
            try db.move(&job, .receive(ok: ok), reason: reason, at: now, attempt: 1, completion: result.completion) {
                $0.pagesConfirmed = pages
                $0.pagesTotal = pages
                $0.cancelRequested = false
                if !ok { $0.receivedPath = nil }
            }
            return job
        }
    }
}
