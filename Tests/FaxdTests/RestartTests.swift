// faxd started again: the harness knows the new faxd is ready by what this run did (its own log
// lines, /health answering on the socket), not by the socket file and log lines a killed faxd
// left behind; and at start-up faxd sweeps the document and inbox folders, and the log folders,
// that a crash left without a job, keeping every folder a job refers to.

import FaxAPIModels
import FaxClient
import FaxTestSupport
import FaxdTestSupport
import Foundation
import Spool
import Testing

@Suite(.serialized) struct RestartTests {
    @Test func aRestartedFaxdIsReadyOnlyWhenItIs() async throws {
        let harness = try FaxdHarness("faxd-restart")
        defer { harness.stop() }
        let firstPID = harness.faxd.pid
        harness.faxd.kill9()
        // What the killed faxd left: its socket file and its "API listening" line.
        var st = stat()
        #expect(stat(harness.socketPath, &st) == 0 && (st.st_mode & S_IFMT) == S_IFSOCK)
        #expect(harness.faxd.log().contains("API listening"))
        #expect(!FaxdProcess.healthAnswers(harness.socketPath))

        // A faxd that cannot start (its configuration is broken) is not taken for ready.
        let configuration = try String(contentsOfFile: harness.faxd.configPath, encoding: .utf8)
        try "spool: relative/path\n".write(toFile: harness.faxd.configPath, atomically: true, encoding: .utf8)
        #expect(throws: FaxdTestError.self) { try harness.faxd.start() }
        #expect(!harness.faxd.isRunning)

        // Restored, it starts: a new process answering on the socket.
        try configuration.write(toFile: harness.faxd.configPath, atomically: true, encoding: .utf8)
        try harness.faxd.start()
        #expect(harness.faxd.pid != firstPID)
        #expect(harness.faxd.logSinceStart().contains("API listening"))
        #expect(try await harness.client.health())
    }

    @Test func startUpSweepsOrphanFoldersAndKeepsCommittedOnes() async throws {
        let harness = try FaxdHarness("faxd-sweep")
        defer { harness.stop() }
        let (document, _) = try writeChart(harness.dir, pages: 1, name: "one.tif", density: 0.2)
        let fax = try await harness.client.submit(file: document, SubmitFaxRequest(to: "+15550100200"))
        let committed = try #require(try await harness.spool().job(JobID(fax.id)).documentPath)
        harness.faxd.stop()

        // What a crash between writing and committing leaves: folders no job refers to.
        let spool = harness.spoolDirectory
        let orphans = [spool + "/documents/" + UUID().uuidString.lowercased(), spool + "/inbox/" + UUID().uuidString.lowercased(),
                       spool + "/logs/01JZZZZZZZZZZZZZZZZZZZZZZZ"]
        for (folder, file) in zip(orphans, ["original", "fax.tif", "attempt-1.log"]) {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try Data("left by a crash".utf8).write(to: URL(fileURLWithPath: folder + "/" + file))
        }

        try harness.faxd.start()
        for folder in orphans { #expect(!FileManager.default.fileExists(atPath: folder), "\(folder) was not swept") }
        #expect(FileManager.default.fileExists(atPath: committed))
        #expect(Data(try await harness.client.document(fax.id, kind: "original")) == (try Data(contentsOf: URL(fileURLWithPath: document))))
        #expect(harness.faxd.logSinceStart().contains("removing files no job refers to"))
    }
}
