// JobQuery: filters and cursor pagination for listing jobs. Newest first, by id (ids sort by
// creation); the cursor is the last id of a page, opaque to clients (base64url).

import Foundation

public struct JobQuery: Sendable, Hashable {
    /// Any of these states (empty: all).
    public var states: [JobState]
    public var direction: JobDirection?
    /// Jobs to or from this number.
    public var number: String?
    /// Created at or after.
    public var since: Date?
    public var tenantID: String?
    /// Only this faxbox's jobs (its inbox, with `direction: .inbound`).
    public var faxboxID: String?
    /// Only these jobs (a search by several ids; empty: any).
    public var ids: [JobID]
    public var limit: Int
    /// From the previous page's `nextCursor`.
    public var cursor: String?

    public init(states: [JobState] = [], direction: JobDirection? = nil, number: String? = nil, since: Date? = nil,
                tenantID: String? = nil, faxboxID: String? = nil, ids: [JobID] = [], limit: Int = 50, cursor: String? = nil) {
        self.faxboxID = faxboxID
        self.ids = ids
        self.states = states
        self.direction = direction
        self.number = number
        self.since = since
        self.tenantID = tenantID
        self.limit = limit
        self.cursor = cursor
    }
}

public struct JobPage: Sendable, Hashable {
    public var jobs: [FaxJob]
    /// nil on the last page.
    public var nextCursor: String?
}

enum PageCursor {
    static func encode(after id: JobID) -> String {
        Data(id.rawValue.utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ cursor: String) -> JobID? {
        var text = cursor.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        text += String(repeating: "=", count: (4 - text.count % 4) % 4)
        guard let data = Data(base64Encoded: text), let id = String(data: data, encoding: .utf8),
              id.utf8.count == 26 else { return nil }
        return JobID(rawValue: id)
    }
}
