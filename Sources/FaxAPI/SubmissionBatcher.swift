// SubmissionBatcher: group commit for submissions. Requests that arrive while a commit is in
// flight wait and go together in the next one: one fsync'd SQLite commit per batch, however many
// requests it holds (their documents were fsync'd as they were stored). Each request is answered
// only after the commit that holds it — durable before acknowledged. (One syncfs per batch for
// the documents instead of an fsync each measured no faster: `swiftfax-bench api`, 850–920/s
// against 850–1000/s.)

import Foundation
import Spool

actor SubmissionBatcher {
    private let spool: Spool
    private var pending: [(FaxSubmission, CheckedContinuation<Result<FaxJob, SpoolError>, Never>)] = []
    private var writing = false
    /// Largest batch seen (for the benchmark's report).
    private(set) var largestBatch = 0

    init(spool: Spool) {
        self.spool = spool
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
                results = try await spool.submit(batch: batch.map(\.0))
            } catch {
                results = Array(repeating: .failure(error), count: batch.count)
            }
            for ((_, continuation), result) in zip(batch, results) { continuation.resume(returning: result) }
        }
        writing = false
    }
}
