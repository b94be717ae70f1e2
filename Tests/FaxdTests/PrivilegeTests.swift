// faxd started as root runs as the configured unprivileged user: every thread, the spool's files
// and the API socket; started from a directory only root may enter (a clone in /root), it works
// in its spool, where its helper programs can start. (Skipped when the tests do not run as root.)

import FaxAPIModels
import FaxTestSupport
import Foundation
import Testing

@Suite struct PrivilegeTests {
    @Test(.enabled(if: getuid() == 0, "needs root to start faxd as root"))
    func runsAsTheConfiguredUser() async throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let (status, output) = try runTool("/bin/sh", [root.appendingPathComponent("scripts/install-faxd.sh").path, "--user-only"])
        try #require(status == 0, "\(output)")
        let account = try #require(getpwnam("swiftfax")?.pointee)
        let rootOnly = NSTemporaryDirectory() + "swiftfax-root-only-\(getpid())"
        try FileManager.default.createDirectory(atPath: rootOnly, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(atPath: rootOnly) }
        let harness = try FaxdHarness("faxd-user", extraYAML: "user: swiftfax", workingDirectory: rootOnly)
        defer { harness.stop() }
        let pid = try #require(harness.faxd.pid)

        let tasks = try FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")
        #expect(!tasks.isEmpty)
        for task in tasks {
            let text = try String(contentsOfFile: "/proc/\(pid)/task/\(task)/status", encoding: .utf8)
            let uid = text.split(separator: "\n").first { $0.hasPrefix("Uid:") } ?? ""
            #expect(uid.split(whereSeparator: { $0 == "\t" || $0 == " " }).dropFirst().allSatisfy { $0 == "\(account.pw_uid)" },
                    "thread \(task): \(uid)")
        }
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/cwd") == harness.spoolDirectory)
        let fax = try await harness.client.submit(document: Array("hello\n".utf8), SubmitFaxRequest(to: "+15550100200"))
        #expect(fax.state == "queued")
        for path in [harness.spoolDirectory, harness.spoolDirectory + "/spool.sqlite", harness.socketPath] {
            let owner = try FileManager.default.attributesOfItem(atPath: path)[.ownerAccountID] as? Int
            #expect(owner == Int(account.pw_uid), "\(path)")
        }
    }
}
