// SubmissionBatcher: group commit for submissions. Requests that arrive while a commit is in
// flight wait and go together in the next one: one fsync of the documents' file system and one
// fsync'd SQLite commit per batch, however many requests it holds. Each request is answered
// only after the commit that holds it — durable before acknowledged.

import FaxServer
import Foundation
import Spool

actor SubmissionBatcher {
    private let spool: Spool
    private let documents: DocumentStore
    private var pending: [(FaxSubmission, CheckedContinuation<Result<FaxJob, SpoolError>, Never>)] = []
    private var writing = false
    /// Largest batch seen (for the benchmark's report).
    private(set) var largestBatch = 0

    init(spool: Spool, documents: DocumentStore) {
        self.spool = spool
        self.documents = documents
    }

    func submit(_ submission: FaxSubmission) async -> Result<FaxJob, SpoolError> {
        await withCheckedContinuation { continuation in
            pending.append((submission, continuation))
            if !writing {
                writing = true
                Task { await drain() }
            }
        }
    }

    private func drain() async {
        while !pending.isEmpty {
            let batch = pending
            pending.removeAll()
            largestBatch = max(largestBatch, batch.count)
            let results: [Result<FaxJob, SpoolError>]
            do {
                try await documents.syncAll()
                results = try await spool.submit(batch: batch.map(\.0))
            } catch let error as SpoolError {
                results = Array(repeating: .failure(error), count: batch.count)
            } catch {
                results = Array(repeating: .failure(.storage("documents could not be made durable: \(error)")), count: batch.count)
            }
            for ((_, continuation), result) in zip(batch, results) { continuation.resume(returning: result) }
        }
        writing = false
    }
}
