// Received faxes: receiving → received with the call's result, or failed when nothing arrived;
// a crash mid-reception keeps what arrived.

import FaxOutcome
import T30
import Foundation
import Spool
import Testing

@Suite struct InboundTests {
    @Test func receiveAFax() async throws {
        let f = SpoolFixture()
        let spool = try await f.open()
        let job = try await spool.beginReceiving(from: "+15556660000", to: "+15559870000", modem: "r", receivedPath: f.dir.file("in.tif"))
        #expect(job.direction == .inbound)
        #expect(job.state == .receiving)
        #expect(try await spool.claimNext(modem: "x") == nil)
        await #expect(throws: SpoolError.modemBusy("r")) {
            try await spool.beginReceiving(from: "", to: "+15559870000", modem: "r", receivedPath: f.dir.file("in2.tif"))
        }
        let done = try await spool.finishReceiving(job.id, result: result(.ok, pages: 2, of: nil))
        #expect(done.state == .received)
        #expect(done.pagesConfirmed == 2)
        #expect(try await spool.attempts(job.id).first?.result?.pagesTransferred == 2)
        #expect(try await states(spool, job.id) == [.receiving, .received])
    }

    @Test func nothingArrivedIsFailed() async throws {
        let f = SpoolFixture()
        let spool = try await f.open()
        let job = try await spool.beginReceiving(from: "", to: "+15559870000", modem: "r", receivedPath: f.dir.file("in.tif"))
        let failed = try await spool.finishReceiving(job.id, result: result(FaxCompletion(t30Status: 2), pages: 0, of: nil))
        #expect(failed.state == .failed)
        #expect(failed.receivedPath == nil)
    }

    @Test func crashMidReceptionKeepsThePagesThatArrived() async throws {
        let f = SpoolFixture()
        var id: JobID
        do {
            let spool = try await f.open()
            id = try await spool.beginReceiving(from: "", to: "+15559870000", modem: "r", receivedPath: f.dir.file("in.tif")).id
            try await spool.recordPageConfirmed(id, page: 1)
        }
        let job = try await f.open().job(id)
        #expect(job.state == .received)
        #expect(job.pagesConfirmed == 1)
    }
}
