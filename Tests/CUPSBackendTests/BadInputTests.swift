// BadInputTests: what cannot be faxed ends the CUPS job with a clear message and leaves nothing in
// faxd's spool — bytes that are no document (printed raw), a job larger than faxd takes — and an
// empty job (lp refuses one itself; another IPP client could send it) is refused by the backend,
// run here directly as lp the way cupsd runs it, before faxd is asked. With no faxd at the
// socket the backend asks CUPS to retry later (exit 6) and says why.

import FaxAPIModels
import FaxClient
import FaxdTestSupport
import FaxTestSupport
import Foundation
import Testing

@Suite(.serialized) struct BadInputTests {
    @Test func unprintableAndHugeJobsAreCancelledWithAMessage() async throws {
        let h = try CUPSFaxHarness("cups-bad", apiYAML: ", max_body_bytes: 1000000")
        defer { h.stop() }
        var junk = [UInt8](repeating: 0, count: 4096)
        for index in junk.indices { junk[index] = UInt8(truncatingIfNeeded: index * 7919 + 13) | 0x80 }
        try Data(junk).write(to: URL(fileURLWithPath: h.dir.file("junk.bin")))
        let unprintable = try h.cupsd.print(["-d", "fax", "-o", "raw", "-o", "phone=\(CUPSFaxHarness.machineNumber)", h.dir.file("junk.bin")])
        let refused = try await h.waitForJob(unprintable, timeout: 60) { $0.hasEnded }
        #expect(refused?.state == CupsJob.canceled, "\(String(describing: refused))\n\(h.diagnostics())")
        #expect(refused?.message.contains("cannot fax this document") == true && refused?.message.contains("4201") == true,
                "\(String(describing: refused))")

        let line = String(repeating: "a long memo line ", count: 5) + "\n"
        try String(repeating: line, count: 1_200_000 / line.utf8.count).write(toFile: h.dir.file("huge.txt"), atomically: true, encoding: .utf8)
        let huge = try h.cupsd.print(["-d", "fax", "-o", "phone=\(CUPSFaxHarness.machineNumber)", h.dir.file("huge.txt")])
        let tooLarge = try await h.waitForJob(huge, timeout: 60) { $0.hasEnded }
        #expect(tooLarge?.state == CupsJob.canceled, "\(String(describing: tooLarge))\n\(h.diagnostics())")
        #expect(tooLarge?.message.contains("cannot fax this document") == true, "\(String(describing: tooLarge))")

        #expect(try await h.client.list().data.isEmpty, "faxd has no fax for either")
        let leftovers = try spoolDocuments(h)
        #expect(leftovers.isEmpty, "faxd kept a document: \(leftovers)")
        #expect(h.faxd.exchange.callRecords.isEmpty)
    }

    @Test func emptyJobIsRefusedByTheBackend() async throws {
        let h = try CUPSFaxHarness("cups-empty")
        defer { h.stop() }
        let backend = h.cupsd.root + "/bin/backend/swiftfax"
        let result = try runTool("/usr/bin/setpriv", [
            "--reuid=lp", "--regid=lp", "--clear-groups", "/usr/bin/env", "-i",
            "DEVICE_URI=swiftfax:/?socket=\(h.faxd.socketPath)", "PRINTER=fax",
            backend, "41", "alice", "Empty", "1", "phone=\(CUPSFaxHarness.machineNumber) job-uuid=urn:uuid:empty-test", "/dev/null",
        ], timeout: 30)
        #expect(result.status == 5, "CUPS_BACKEND_CANCEL: \(result.output)")
        #expect(result.output.contains("ERROR: The print job is empty"), "\(result.output)")
        #expect(try await h.client.list().data.isEmpty)
    }

    @Test func unreachableFaxdMeansRetryLaterWithAMessage() throws {
        let dir = ScratchDirectory("cups-unreachable")
        chmod(dir.path, 0o755)
        // Run as lp from a copy, as cupsd runs the installed backend: the build folder may be in
        // a directory lp cannot enter (a clone under /root, or in a mktemp -d folder).
        let backend = dir.file("swiftfax")
        try FileManager.default.copyItem(atPath: PrivateCupsd.backendExecutable, toPath: backend)
        chmod(backend, 0o755)
        let result = try runTool("/usr/bin/setpriv", [
            "--reuid=lp", "--regid=lp", "--clear-groups", "/usr/bin/env", "-i",
            "DEVICE_URI=swiftfax:/?socket=\(dir.file("no-faxd.sock"))", "PRINTER=fax",
            backend, "42", "alice", "Memo", "1", "phone=+15550200 job-uuid=urn:uuid:unreachable-test",
            try TestDocuments.text(dir),
        ], timeout: 30)
        #expect(result.status == 6, "CUPS_BACKEND_RETRY: \(result.output)")
        #expect(result.output.contains("ERROR: faxd is not reachable at \(dir.file("no-faxd.sock"))")
                && result.output.contains("CUPS will retry"), "\(result.output)")
    }
}
