// A document that crashes or hangs the converter fails its own job, never faxd: conversion runs in
// a helper process (`faxd convert-document`). The helper here is a wrapper that crashes (SIGSEGV, as a
// decoder fault would) or hangs on documents carrying a marker and runs the real helper otherwise;
// faxd must fail those jobs with 4201 and, in the same process, send the ordinary one.

import FaxAPIModels
import FaxClient
import FaxOutcome
import FaxTestSupport
import FaxdTestSupport
import Foundation
import T30
import T4
import Testing
import VirtualExchange

@Suite(.serialized) struct ConversionIsolationTests {
    @Test func crashingAndHangingConversionsFailTheirJobsOnly() async throws {
        let scratch = ScratchDirectory("conversion-wrapper")
        let wrapper = scratch.file("convert-wrapper.sh")
        try """
        #!/bin/sh
        # The request's source path (JSONEncoder escapes '/').
        src=$(printf '%s' "$2" | sed -n 's/.*"source":"\\([^"]*\\)".*/\\1/p' | sed 's#\\\\/#/#g')
        if grep -q CRASH-THE-CONVERTER "$src"; then kill -SEGV $$; fi
        if grep -q HANG-THE-CONVERTER "$src"; then exec sleep 600; fi
        exec \(FaxdProcess.executable) "$@"
        """.write(toFile: wrapper, atomically: true, encoding: .utf8)
        chmod(wrapper, 0o755)

        let (harness, machine) = try FaxdHarness.sendingToFaxMachine(
            "faxd-conversion", extraYAML: "conversion: { helper: \(wrapper), timeout_seconds: 4 }")
        defer { harness.stop() }
        let client = harness.client
        let faxdPid = harness.faxd.pid

        func document(_ name: String, _ text: String) throws -> String {
            let path = harness.dir.file(name)
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }

        // Crash: the job fails with 4201, saying the converter crashed.
        let crash = try await client.submit(file: try document("crash.txt", "Dear reader,\nCRASH-THE-CONVERTER\n"),
                                           SubmitFaxRequest(to: "+15550200"))
        let crashed = try await CallTests.wait(client, crash.id, timeout: 60) { $0.isFinished }
        #expect(crashed.state == "failed", "\(crashed.state)\n\(harness.faxd.log(tail: 40))")
        #expect(crashed.completion?.code == FaxCompletion.documentUnreadable.code)
        #expect(crashed.completion?.description.contains("crashed") == true, "\(String(describing: crashed.completion))")

        // Hang: stopped at the time limit, the job fails with 4201.
        let started = Date()
        let hang = try await client.submit(file: try document("hang.txt", "HANG-THE-CONVERTER\n"), SubmitFaxRequest(to: "+15550200"))
        let hung = try await CallTests.wait(client, hang.id, timeout: 60) { $0.isFinished }
        #expect(hung.state == "failed")
        #expect(hung.completion?.code == FaxCompletion.documentUnreadable.code)
        #expect(hung.completion?.description.contains("time limit") == true, "\(String(describing: hung.completion))")
        #expect(Date().timeIntervalSince(started) < 30, "the hung conversion was not stopped at its limit")

        // The same faxd (never restarted) sends an ordinary document, converted by the real helper.
        let fine = try await client.submit(file: try document("fine.txt", "An ordinary letter.\n"), SubmitFaxRequest(to: "+15550200"))
        let sent = try await CallTests.wait(client, fine.id, timeout: 120) { $0.isFinished }
        #expect(sent.state == "sent", "\(sent.state) \(String(describing: sent.completion))\n\(harness.faxd.log(tail: 40))")
        #expect(harness.faxd.isRunning && harness.faxd.pid == faxdPid, "faxd was restarted")
        #expect(!harness.faxd.logSinceStart().contains("restart"))
        let transmitted = try TIFFFaxReader.readPages(path: try #require(try await harness.spool().job(.init(fine.id)).transmitPath))
        let got = machine.waitForReceived(count: 1, timeout: 30)
        #expect(try TIFFFaxReader.readPages(path: try #require(got.last?.path)).map(\.bits) == transmitted.map(\.bits))

        // Nothing of the crashed conversion's output is left half-written.
        let crashedJob = try await harness.spool().job(.init(crash.id))
        #expect(crashedJob.transmitPath == nil)
    }
}
