// The retry table and the decision after a call, without a database.

import FaxOutcome
import T30
import Foundation
import Spool
import Testing

@Suite struct RetryPolicyTests {
    let policy = RetryPolicy.standard

    @Test(arguments: [
        (FaxCompletion.busy, [120.0, 300, 600, 600]),
        (.noAnswer, [120.0, 300, 600, 600]),
        (FaxCompletion(t30Status: 2), [300.0, 900, 1800, 1800]),
        (.noDialtone, [60.0, 120, 300, 300]),
    ])
    func backoffByCause(_ completion: FaxCompletion, _ delays: [Double]) {
        let rule = policy.rule(for: completion.code)
        #expect((1...4).map { rule.delay(afterAttempt: $0) } == delays)
    }

    @Test(arguments: [FaxCompletion.answeredByVoice, .unassignedNumber, .documentUnreadable, .documentTooLarge,
                      .documentDownloadFailed, .cancelled, .invalidDestination, .destinationNotAllowed])
    func causesThatNeverRetry(_ completion: FaxCompletion) {
        #expect(policy.rule(for: completion.code).retries == false)
        #expect(policy.rule(for: completion.code).delay(afterAttempt: 1) == nil)
    }

    @Test func unknownCodesUseTheFallback() {
        #expect(policy.rule(for: 9999).name == policy.fallback.name)
        #expect(policy.rule(for: 9999).retries)
    }
}
