// ModemEvent: a modem came or went — plugged in and taken into service, pulled out, or found not
// to be a modem. A row of the `modem_events` table, numbered by its own sequence that only goes up
// (the feed `GET /v1/modems/events` and, later, webhooks read it).

import Foundation
import GRDB

public struct ModemEvent: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        /// Plugged in (or present at start) and given a worker.
        case added
        /// Pulled out; its worker withdrawn.
        case removed
        /// Did not answer AT: left alone.
        case notAModem = "not_a_modem"
        /// Now driven another way: `class: auto` fell back from a fax class to voice with the soft
        /// modem after calls in a row ended in modem faults.
        case driverSwitched = "driver_switched"
    }

    /// Strictly increasing, never reused.
    public var sequence: Int64
    /// faxd's name for the modem.
    public var modem: String
    public var kind: Kind
    /// The device node it had (/dev/ttyACM0).
    public var device: String
    /// The stable identity it is known by (ID_SERIAL + interface, else ID_PATH…).
    public var identity: String
    /// "vvvv:pppp" for a USB modem.
    public var usbID: String?
    public var at: Date
}

extension ModemEvent: FetchableRecord {
    public init(row: Row) throws {
        sequence = row["seq"]
        modem = row["modem"]
        guard let kind = Kind(rawValue: row["kind"]) else {
            throw SpoolError.storage("modem event \(sequence) has an unknown kind (a newer schema?)")
        }
        self.kind = kind
        device = row["device"]
        identity = row["identity"]
        usbID = row["usb_id"]
        at = Date(spoolMillis: row["at"])
    }
}
