// Spool+Mail: the mail outbox (MailDelivery) — the site's mail policy, the mails due now, a try's
// end (delivered, tried again later, or failed for good), a fax's mail log — and the SMTP log of
// messages that came in to become faxes.

import Foundation
import GRDB

extension Spool {
    /// Sets who gets mail (faxd, from its configuration, at start).
    public func setMailPolicy(_ policy: MailPolicy) async throws(SpoolError) {
        let text = String(decoding: (try? JSONEncoder().encode(policy)) ?? Data("{}".utf8), as: UTF8.self)
        try await write { db in
            try db.execute(sql: "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                           arguments: [MailPolicy.settingsKey, text])
        }
    }

    /// Pending mails whose time has come, oldest first.
    public func dueMails(limit: Int = 16) async throws(SpoolError) -> [MailDelivery] {
        let now = self.now
        return try await read { db in
            try MailDelivery.fetchAll(db, sql: """
                SELECT * FROM mail_deliveries WHERE state = 'pending' AND next_at <= ? ORDER BY next_at, id LIMIT ?
                """, arguments: [now.spoolMillis, limit])
        }
    }

    /// When the next pending mail is due (nil: none pending).
    public func nextMailDue() async throws(SpoolError) -> Date? {
        try await read { db in
            try Int64.fetchOne(db, sql: "SELECT min(next_at) FROM mail_deliveries WHERE state = 'pending'").map { Date(spoolMillis: $0) }
        }
    }

    /// One try's end: delivered (`error` nil); otherwise pending again at `retryAt`, or failed for
    /// good with no retry left (`retryAt` nil).
    public func finishMailTry(_ id: Int64, error: String?, retryAt: Date?) async throws(SpoolError) {
        let now = self.now
        let state: MailDelivery.State = error == nil ? .delivered : (retryAt == nil ? .failed : .pending)
        try await write { db in
            try db.execute(sql: """
                UPDATE mail_deliveries SET state = ?, tries = tries + 1, next_at = ?, last_at = ?, last_error = ?, delivered_at = ?
                WHERE id = ?
                """, arguments: [state.rawValue, (retryAt ?? now).spoolMillis, now.spoolMillis, error,
                                 error == nil ? now.spoolMillis : nil, id])
        }
    }

    /// The mail log, newest first: of one fax, or all.
    public func mailDeliveries(job: JobID? = nil, limit: Int = 100) async throws(SpoolError) -> [MailDelivery] {
        try await read { db in
            try MailDelivery.fetchAll(db, sql: """
                SELECT * FROM mail_deliveries WHERE (? IS NULL OR job_id = ?) ORDER BY id DESC LIMIT ?
                """, arguments: [job, job, limit])
        }
    }

    /// Records a message that came in by mail; returns it with its id.
    public func logSMTP(_ entry: SMTPLogEntry) async throws(SpoolError) -> SMTPLogEntry {
        var entry = entry
        entry.id = "smtp_" + newID(at: entry.receivedAt).rawValue
        let logged = entry
        let jobs = String(decoding: (try? JSONEncoder().encode(entry.jobIDs.map(\.rawValue))) ?? Data("[]".utf8), as: UTF8.self)
        try await write { db in
            try db.execute(sql: """
                INSERT INTO smtplog (id, received_at, envelope_from, envelope_to, header_from, subject, message_id, size, faxbox_id,
                                     accepted, reason, job_ids, tenant_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [logged.id, logged.receivedAt.spoolMillis, logged.envelopeFrom, logged.envelopeTo, logged.headerFrom,
                                 logged.subject, logged.messageID, logged.size, logged.faxboxID, logged.accepted, logged.reason, jobs,
                                 logged.tenantID])
        }
        return logged
    }

    /// The SMTP log, newest first (`before`: an id to page from).
    public func smtpLog(tenantID: String? = nil, before: String? = nil, limit: Int = 100) async throws(SpoolError) -> [SMTPLogEntry] {
        try await read { db in
            try SMTPLogEntry.fetchAll(db, sql: """
                SELECT * FROM smtplog WHERE (? IS NULL OR tenant_id = ?) AND (? IS NULL OR id < ?) ORDER BY id DESC LIMIT ?
                """, arguments: [tenantID, tenantID, before, before, limit])
        }
    }

    public func smtpLogEntry(_ id: String) async throws(SpoolError) -> SMTPLogEntry {
        try await read { db in
            guard let entry = try SMTPLogEntry.fetchOne(db, sql: "SELECT * FROM smtplog WHERE id = ?", arguments: [id]) else {
                throw SpoolError.invalidRequest("no smtplog entry \(id)")
            }
            return entry
        }
    }
}
