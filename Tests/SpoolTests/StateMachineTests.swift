// The job state machine, exhaustively: every (state, transition) pair is either in the allowed
// table with its result, or refused with `SpoolError.invalidTransition`.

import Spool
import Testing

@Suite struct StateMachineTests {
    struct Key: Hashable { var state: JobState; var transition: JobTransition }

    static let allowed: [Key: JobState] = {
        var table: [Key: JobState] = [:]
        func allow(_ states: [JobState], _ transition: JobTransition, _ to: JobState) {
            for state in states { table[Key(state: state, transition: transition)] = to }
        }
        let waiting: [JobState] = [.queued, .scheduled, .retryWait]
        allow(waiting, .dial, .dialing)
        allow([.dialing], .connect, .sending)
        allow([.dialing, .sending], .finish(.retry), .retryWait)
        allow([.dialing, .sending], .finish(.failed), .failed)
        allow([.dialing, .sending], .finish(.cancelled), .cancelled)
        allow([.sending], .finish(.sent), .sent)
        allow([.dialing, .sending], .finish(.partial), .partial)
        allow(waiting, .hold, .held)
        allow([.held], .resume(due: true), .queued)
        allow([.held], .resume(due: false), .scheduled)
        allow([.queued, .scheduled], .modify(due: true), .queued)
        allow([.queued, .scheduled], .modify(due: false), .scheduled)
        for due in [true, false] {
            allow([.held], .modify(due: due), .held)
            allow([.retryWait], .modify(due: due), .retryWait)
        }
        allow(waiting + [.held], .cancel, .cancelled)
        allow(waiting + [.held], .expire, .failed)
        allow([.failed, .partial], .retry, .queued)
        allow([.dialing, .sending], .recover(delivered: false), .queued)
        allow([.sending], .recover(delivered: true), .sent)
        allow([.receiving], .recover(delivered: true), .received)
        allow([.receiving], .recover(delivered: false), .failed)
        allow([.receiving], .receive(ok: true), .received)
        allow([.receiving], .receive(ok: false), .failed)
        return table
    }()

    static var pairs: [Key] {
        JobState.allCases.flatMap { state in JobTransition.all.map { Key(state: state, transition: $0) } }
    }

    @Test func everyPairIsAllowedOrRefused() {
        var allowedCount = 0
        for key in Self.pairs {
            if let expected = Self.allowed[key] {
                allowedCount += 1
                #expect((try? key.state.applying(key.transition)) == expected, "\(key.state) by \(key.transition)")
            } else {
                #expect(throws: SpoolError.invalidTransition(from: key.state, by: key.transition)) {
                    try key.state.applying(key.transition)
                }
            }
        }
        #expect(allowedCount == Self.allowed.count)
        #expect(Self.pairs.count == JobState.allCases.count * JobTransition.all.count)
    }

    @Test func finishedStatesOnlyAllowRetryOfFailures() {
        for state in JobState.allCases where state.isFinished {
            let allowed = JobTransition.all.filter { (try? state.applying($0)) != nil }
            #expect(allowed == ((state == .failed || state == .partial) ? [.retry] : []), "\(state)")
        }
    }

    @Test func holdOnlyBeforeAnAttemptStarts() {
        for state in JobState.allCases {
            #expect(((try? state.applying(.hold)) != nil) == state.isWaiting, "\(state)")
        }
    }

    @Test func inboundNeverEntersOutboundStates() {
        for transition in JobTransition.all {
            if let next = try? JobState.receiving.applying(transition) {
                #expect(next == .received || next == .failed)
            }
        }
    }

    @Test func errorsDescribeThemselves() {
        let error = SpoolError.invalidTransition(from: .sent, by: .hold)
        #expect(error.description == "A job that is sent cannot be held")
    }
}
