// Spool+Faxboxes: faxboxes as records — create, list, change, delete (its faxes move to the
// default box) — and the webhook endpoints a box's callback URLs become (kind 'faxbox', scoped to
// the box, one for inbound and one for outbound events, signed with the server's callback
// secret), kept in step with the box in the same transaction.

import Foundation
import GRDB

extension Spool {
    public func createFaxbox(_ fields: FaxboxChange, tenantID: String? = nil) async throws(SpoolError) -> Faxbox {
        let now = self.now
        guard let name = fields.name, !name.isEmpty else { throw .invalidRequest("a faxbox needs a name") }
        let id = "fbx_" + newID(at: now).rawValue
        let blank = Faxbox(id: id, name: name, numbers: [], modems: [], callers: [], notifications: FaxboxNotifications(),
                           tenantID: tenantID, createdAt: now, updatedAt: now)
        let box = fields.applied(to: blank)
        return try await write { db in
            try Self.checkOwnership(db, box)
            try box.insert(db)
            try db.syncFaxboxCallbacks(box, at: now)
            return box
        }
    }

    public func faxboxes(tenantID: String? = nil) async throws(SpoolError) -> [Faxbox] {
        try await read { db in
            try Faxbox.fetchAll(db, sql: "SELECT * FROM faxboxes WHERE ? IS NULL OR tenant_id = ? OR id = 'default' ORDER BY created_at, id",
                                arguments: [tenantID, tenantID])
        }
    }

    public func faxbox(_ id: String) async throws(SpoolError) -> Faxbox {
        try await read { db in try db.faxbox(id) }
    }

    /// The box, or nil when there is none with this id.
    public func faxboxIfAny(_ id: String) async throws(SpoolError) -> Faxbox? {
        try await read { db in try Faxbox.fetchOne(db, sql: "SELECT * FROM faxboxes WHERE id = ?", arguments: [id]) }
    }

    public func updateFaxbox(_ id: String, _ change: FaxboxChange) async throws(SpoolError) -> Faxbox {
        let now = self.now
        if let name = change.name, name.isEmpty { throw .invalidRequest("a faxbox needs a name") }
        return try await write { db in
            var box = change.applied(to: try db.faxbox(id))
            box.updatedAt = now
            try Self.checkOwnership(db, box)
            try box.update(db)
            try db.syncFaxboxCallbacks(box, at: now)
            return box
        }
    }

    /// Deletes a box; its faxes (and their inbox) move to the default box.
    public func deleteFaxbox(_ id: String) async throws(SpoolError) {
        guard id != Faxbox.defaultID else { throw .invalidRequest("the default faxbox cannot be deleted") }
        try await write { db in
            _ = try db.faxbox(id)
            try db.execute(sql: "UPDATE jobs SET faxbox_id = 'default' WHERE faxbox_id = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM webhook_deliveries WHERE webhook_id IN (SELECT id FROM webhooks WHERE faxbox_id = ?)", arguments: [id])
            try db.execute(sql: "DELETE FROM webhooks WHERE faxbox_id = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM faxboxes WHERE id = ?", arguments: [id])
        }
    }

    /// The secret that signs callbacks (a box's callback URLs, a fax's callback_url): made once.
    public func callbackSecret() async throws(SpoolError) -> String {
        try await write { db in try db.callbackSecret() }
    }

    /// A number, modem or caller pattern belongs to one box at most: routing must not depend on
    /// which box was made first.
    static func checkOwnership(_ db: Database, _ box: Faxbox) throws {
        for other in try Faxbox.fetchAll(db, sql: "SELECT * FROM faxboxes WHERE id != ?", arguments: [box.id]) {
            let digits = { (text: String) in text.filter(\.isNumber) }
            if let number = box.numbers.first(where: { n in other.numbers.contains { digits($0) == digits(n) } }) {
                throw SpoolError.invalidRequest("number \(number) already belongs to faxbox \(other.id)")
            }
            if let modem = box.modems.first(where: other.modems.contains) {
                throw SpoolError.invalidRequest("modem \(modem) already belongs to faxbox \(other.id)")
            }
            if let pattern = box.callers.first(where: other.callers.contains) {
                throw SpoolError.invalidRequest("caller pattern \(pattern) already belongs to faxbox \(other.id)")
            }
            if let address = box.smtpAddress, address.lowercased() == other.smtpAddress?.lowercased() {
                throw SpoolError.invalidRequest("custom_smtp_email_address \(address) already belongs to faxbox \(other.id)")
            }
        }
    }

    /// The box a mail domain's label names: its id in any case, `_` written `-` (a host name has
    /// no `_`): `fbx-01m…` for `fbx_01M…`, `default`.
    public func faxbox(mailLabel label: String) async throws(SpoolError) -> Faxbox? {
        try await read { db in
            try Faxbox.fetchOne(db, sql: "SELECT * FROM faxboxes WHERE lower(replace(id, '_', '-')) = lower(?)", arguments: [label])
        }
    }

    /// The box whose own mail domain (custom_smtp_email_address) is `domain`, if any.
    public func faxbox(smtpDomain domain: String) async throws(SpoolError) -> Faxbox? {
        try await read { db in
            try Faxbox.fetchOne(db, sql: "SELECT * FROM faxboxes WHERE lower(smtp_address) = lower(?)", arguments: [domain])
        }
    }
}

extension Database {
    func faxbox(_ id: String) throws -> Faxbox {
        guard let box = try Faxbox.fetchOne(self, sql: "SELECT * FROM faxboxes WHERE id = ?", arguments: [id]) else {
            throw SpoolError.faxboxNotFound(id)
        }
        return box
    }

    func callbackSecret() throws -> String {
        if let secret = try String.fetchOne(self, sql: "SELECT value FROM settings WHERE key = 'callback_secret'") { return secret }
        var generator = SystemRandomNumberGenerator()
        let key = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let secret = "whsec_" + Data(key).base64EncodedString()
        try execute(sql: "INSERT INTO settings (key, value) VALUES ('callback_secret', ?)", arguments: [secret])
        return secret
    }

    /// The box's callback URLs as its two endpoints (made, changed or removed to match).
    func syncFaxboxCallbacks(_ box: Faxbox, at now: Date) throws {
        let directions: [(String, String?, [String])] = [
            ("inbound", box.notifications.inbound.callbackURL, OutboxNotification.types.filter { $0.hasPrefix("fax.inbound.") }),
            ("outbound", box.notifications.outbound.callbackURL,
             OutboxNotification.types.filter { $0.hasPrefix("fax.") && !$0.hasPrefix("fax.inbound.") }),
        ]
        for (direction, url, types) in directions {
            let id = "wh_\(box.id)_\(direction)"
            guard let url, !url.isEmpty else {
                try execute(sql: "DELETE FROM webhook_deliveries WHERE webhook_id = ?", arguments: [id])
                try execute(sql: "DELETE FROM webhooks WHERE id = ?", arguments: [id])
                continue
            }
            let typesText = String(decoding: try JSONEncoder().encode(types), as: UTF8.self)
            try execute(sql: """
                INSERT INTO webhooks (id, url, description, event_types, secret, tenant_id, kind, faxbox_id, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, 'faxbox', ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET url = excluded.url, updated_at = excluded.updated_at
                """, arguments: [id, url, "faxbox \(box.id) \(direction) callback", typesText, try callbackSecret(), box.tenantID,
                                 box.id, now.spoolMillis, now.spoolMillis])
        }
    }
}
