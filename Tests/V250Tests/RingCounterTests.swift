// RingCounter: rings counted to the answer, caller ID kept whether it comes before, with or after
// the RING that completes the count, and a call whose rings stopped forgotten.

import Testing
import V250

struct RingCounterTests {
    let start = ContinuousClock.now

    func take(_ counter: inout RingCounter, _ event: ATUnsolicited, at instant: ContinuousClock.Instant) -> Bool {
        counter.take(event, at: instant)
    }

    @Test func answersOnTheConfiguredRingWithTheCallerID() {
        var counter = RingCounter(ringsToAnswer: 2)
        #expect(!take(&counter, .ring(CallerID()), at: start))
        #expect(counter.isRinging)
        // North America: the caller ID arrives between the first and second RING.
        #expect(take(&counter, .ring(CallerID(number: "5550200", name: "CLINIC")), at: start + .seconds(6)))
        let call = counter.answer()
        #expect(call.rings == 2)
        #expect(call.callerID.number == "5550200" && call.callerID.name == "CLINIC")
        #expect(!counter.isRinging, "answering starts a fresh count")
    }

    @Test func lateCallerIDIsTaken() {
        var counter = RingCounter(ringsToAnswer: 1)
        #expect(take(&counter, .ring(CallerID()), at: start))
        counter.takeLate([.ring(CallerID(number: "15550300"))])
        #expect(counter.answer().callerID.number == "15550300")
    }

    @Test func ringsOfAGoneCallAreForgotten() {
        var counter = RingCounter(ringsToAnswer: 3)
        #expect(!take(&counter, .ring(CallerID(number: "1")), at: start))
        #expect(!take(&counter, .ring(CallerID()), at: start + .seconds(6)))
        // The caller hung up; the next ring, 30 s later, is a new call: one ring, no caller ID.
        #expect(!take(&counter, .ring(CallerID()), at: start + .seconds(36)))
        #expect(counter.rings == 1)
        #expect(counter.callerID.number == nil)
        counter.forgetIfStale(start + .seconds(50))
        #expect(!counter.isRinging)
    }

    @Test func onlyRingsCount() {
        var counter = RingCounter(ringsToAnswer: 0)
        #expect(counter.ringsToAnswer == 1)
        #expect(!take(&counter, .other("NO CARRIER"), at: start))
        #expect(counter.rings == 0)
    }
}
