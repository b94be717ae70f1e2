// Spool+ModemEvents: recording modems coming and going, and reading them back in order. The table
// keeps the most recent `modemEventsKept` rows: a modem flapping on a bad USB cable must not grow
// the spool without bound.

import Foundation
import GRDB

extension Spool {
    public static let modemEventsKept: Int64 = 10_000

    @discardableResult
    public func recordModemEvent(_ kind: ModemEvent.Kind, modem: String, device: String, identity: String,
                                 usbID: String?) async throws(SpoolError) -> ModemEvent {
        let at = now
        return try await write { db in
            try db.execute(sql: "INSERT INTO modem_events (modem, kind, device, identity, usb_id, at) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [modem, kind.rawValue, device, identity, usbID, at.spoolMillis])
            let sequence = db.lastInsertedRowID
            try db.execute(sql: "DELETE FROM modem_events WHERE seq <= ?", arguments: [sequence - Self.modemEventsKept])
            return ModemEvent(sequence: sequence, modem: modem, kind: kind, device: device, identity: identity, usbID: usbID, at: at)
        }
    }

    /// Modem events after `sequence`, oldest first.
    public func modemEvents(after sequence: Int64 = 0, limit: Int = 1000) async throws(SpoolError) -> [ModemEvent] {
        try await read { db in
            try ModemEvent.fetchAll(db, sql: "SELECT * FROM modem_events WHERE seq > ? ORDER BY seq LIMIT ?", arguments: [sequence, limit])
        }
    }
}
