// What the session's options do on the line: the page header spandsp stamps, resolutions the far
// end refuses, and the events a session reports.

import FaxOutcome
import FaxTestSupport
import Foundation
import T30
import T4
import Testing

@Suite struct SessionOptionTests {
    @Test func pageHeaderIsStampedAboveEachPage() throws {
        let dir = ScratchDirectory("header")
        let (document, sent) = try writeChart(dir, pages: 2, seed: 7)
        let output = dir.file("rx.tif")
        var options = FaxSessionOptions(localIdentity: "+1 555 0100", pageHeader: "ACME Clinic", pageHeaderTimeZone: "UTC")
        options.errorCorrection = false
        let outcome = try BackToBack.run(document: document, output: output, senderOptions: options, receiverOptions: FaxSessionOptions())
        #expect(outcome.sender.completion == .ok)
        let received = try TIFFFaxReader.readPages(path: output)
        try #require(received.count == 2)
        for (index, page) in received.enumerated() {
            // The header band is extra rows with text in them; the page itself follows unchanged.
            let band = page.length - sent[index].length
            #expect(band > 0 && band < 80, "header band of \(band) rows")
            let headerInk = (0..<band).reduce(0) { $0 + page.row($1).reduce(0) { $0 + $1.nonzeroBitCount } }
            #expect(headerInk > 500, "no text in the header band")
            let differing = (0..<sent[index].length).filter { page.row(band + $0) != sent[index].row($0) }
            #expect(differing.isEmpty)
        }
    }

    @Test func receiverThatRefusesTheResolutionFailsTheCall() throws {
        let dir = ScratchDirectory("resolution")
        let (document, _) = try writeChart(dir, pages: 1, resolution: .superfine, seed: 7)
        let receiver = FaxSessionOptions(resolutions: .standard)
        let outcome = try BackToBack.run(document: document, output: dir.file("rx.tif"), senderOptions: FaxSessionOptions(), receiverOptions: receiver)
        #expect(!outcome.sender.isSuccess)
        #expect(outcome.sender.completion.code == 5111, "got \(outcome.sender.completion)")  // cannot receive at this resolution
        #expect(outcome.sender.pagesTransferred == 0)
    }

    @Test func eventsTellTheStoryOfACall() throws {
        let dir = ScratchDirectory("events")
        let (document, _) = try writeChart(dir, pages: 2, seed: 7)
        let sender = try SoftModemCall(direction: .transmit(document: document), calling: true, options: FaxSessionOptions(localIdentity: "100"))
        let receiver = try SoftModemCall(direction: .receive(into: dir.file("rx.tif")), calling: false, options: FaxSessionOptions(localIdentity: "200"))
        var events: [FaxSessionEvent] = []
        sender.engine.onEvent = { events.append($0) }
        var a = [Int16](repeating: 0, count: 160), b = a, scratch = a
        while !(sender.isFinished && receiver.isFinished) {
            scratch.withUnsafeMutableBufferPointer { tx in b.withUnsafeBufferPointer { _ = sender.process(received: $0, transmit: tx) } }
            swap(&scratch, &a)
            scratch.withUnsafeMutableBufferPointer { tx in a.withUnsafeBufferPointer { _ = receiver.process(received: $0, transmit: tx) } }
            swap(&scratch, &b)
            if sender.isFinished { receiver.lineDropped() }
        }
        let phases = events.compactMap { if case .phase(let p) = $0 { p } else { nil } }
        #expect(phases.first == .b)
        #expect(phases.last == .e)
        #expect(phases.contains(.c) && phases.contains(.d))
        #expect(events.contains(.remoteIdentity("200")))
        #expect(events.contains { if case .negotiated(let n) = $0 { n.bitRate == 14400 && n.compression == "T.6" && n.errorCorrection } else { false } })
        let pages = events.compactMap { if case .page(let n, let of, _) = $0 { (n, of) } else { nil } }
        #expect(pages.map(\.0) == [1, 2])
        #expect(pages.allSatisfy { $0.1 == 2 })
    }
}
