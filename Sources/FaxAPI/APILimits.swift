// APILimits: what one request may ask of faxd — list sizes, the lengths of the free-text fields a
// submission carries, its times and modem group — and Admission, the bound on work done at once
// (uploads streaming to disk, document fetches). Lengths and counts are refused with 400/4000,
// requests that are well formed but cannot be honoured (kill before send, a group no modem
// dials for) with 422/4000, and a full admission queue with 503/5030.

import FaxAPIModels
import FaxServer
import Foundation

enum APILimits {
    /// `limit` on list endpoints.
    static let listLimit = 1...1000
    /// `Idempotency-Key`: 1–255 visible ASCII characters.
    static let idempotencyKeyLength = 255
    /// `options.header`: the sender name printed across the top of each page.
    static let headerLength = 100
    /// Recipients of one fan-out request (`to` as a list).
    static let recipients = 100
    static let modemGroupLength = 64
    static let metadataEntries = 32
    static let metadataKeyLength = 64
    static let metadataValueLength = 512
    /// JSON bodies (a submission with `document_url`, a resubmit request) and each non-file part of a multipart form.
    static let jsonBodyBytes = 64 * 1024
    /// All the non-file parts of a multipart form together.
    static let formFieldBytes = 256 * 1024

    /// `limit` from the query: absent → `fallback`; otherwise an integer in 1...1000.
    static func listLimit(_ text: String?, fallback: Int) throws(APIProblem) -> Int {
        guard let text else { return fallback }
        guard let value = Int(text), listLimit.contains(value) else {
            throw .badRequest("limit must be an integer from \(listLimit.lowerBound) to \(listLimit.upperBound)")
        }
        return value
    }

    static func idempotencyKey(_ key: String?) throws(APIProblem) -> String? {
        guard let key else { return nil }
        guard !key.isEmpty, key.utf8.count <= idempotencyKeyLength, key.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) }) else {
            throw .badRequest("Idempotency-Key must be 1–\(idempotencyKeyLength) visible ASCII characters")
        }
        return key
    }

    /// The free-text and scheduling parts of a submission, checked against the limits and the
    /// server's configuration (`groups`: the modem groups some dialling modem is in).
    static func check(_ request: SubmitFaxRequest, groups: Set<String>, now: Date = Date()) throws(APIProblem) {
        let options = request.options ?? FaxOptionsResource()
        if let header = options.header {
            guard header.count <= headerLength else { throw .badRequest("header is at most \(headerLength) characters") }
            guard !header.unicodeScalars.contains(where: { CharacterSet.controlCharacters.contains($0) }) else {
                throw .badRequest("header is one line of text (no control characters)")
            }
        }
        if let metadata = options.metadata {
            guard metadata.count <= metadataEntries else { throw .badRequest("metadata has at most \(metadataEntries) entries") }
            for (key, value) in metadata {
                guard !key.isEmpty, key.count <= metadataKeyLength else {
                    throw .badRequest("metadata keys are 1–\(metadataKeyLength) characters")
                }
                guard value.count <= metadataValueLength else {
                    throw .badRequest("metadata values are at most \(metadataValueLength) characters (key \(key))")
                }
            }
        }
        if let group = options.modemGroup {
            guard !group.isEmpty, group.count <= modemGroupLength else {
                throw .badRequest("modem_group is 1–\(modemGroupLength) characters")
            }
            guard groups.contains(group) else {
                let known = groups.sorted().joined(separator: ", ")
                throw .unprocessable("no modem that dials is in modem_group \"\(group)\"" + (known.isEmpty ? " (no modem dials)" : " (groups: \(known))"))
            }
        }
        if let killAt = request.killAt {
            guard killAt > now else { throw .unprocessable("kill_at is in the past") }
            if let sendAt = request.sendAt, killAt <= sendAt { throw .unprocessable("kill_at must be after send_at") }
        }
    }

    /// The groups jobs may ask for: those of the modems that dial, and "default" when discovery
    /// may bring modems that are not configured.
    static func dialGroups(_ configuration: ServerConfiguration) -> Set<String> {
        var groups = Set(configuration.modems.filter(\.dial).flatMap(\.groups))
        if configuration.discovery.enabled && configuration.discovery.accept == "auto" { groups.insert("default") }
        return groups
    }
}

/// At most `limit` holders at once; up to `queue` more wait their turn (first come, first served);
/// beyond that, 503.
actor Admission {
    let name: String
    let limit: Int
    let queue: Int
    private var active = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(_ name: String, limit: Int, queue: Int) {
        self.name = name
        self.limit = limit
        self.queue = queue
    }

    /// Runs `body` holding one place.
    nonisolated func run<T>(_ body: () async throws -> T) async throws -> T {
        try await enter()
        do {
            let value = try await body()
            await leave()
            return value
        } catch {
            await leave()
            throw error
        }
    }

    /// Holders and waiters now (for tests).
    var holders: Int { active }
    var waiters: Int { waiting.count }

    private func enter() async throws(APIProblem) {
        if active < limit {
            active += 1
            return
        }
        guard waiting.count < queue else {
            throw .busy("too many \(name) in progress (\(limit) at once, \(queue) waiting); try again shortly")
        }
        await withCheckedContinuation { waiting.append($0) }  // the place is handed over by leave()
    }

    private func leave() {
        if waiting.isEmpty {
            active -= 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}
