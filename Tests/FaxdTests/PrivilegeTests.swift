// Who faxd runs as, and what it does to files that are not its own.
// - Started as root it runs as an unprivileged user: the configured one (every thread, the
//   spool's files, the API socket), or swiftfax when the configuration names none — and takes
//   over a spool an older faxd left owned by root. It refuses to go on as root (`user: root`)
//   unless `allow_root: true`, and a user that does not exist stops it with a clear message.
// - Started from a directory only root may enter (a clone in /root), it works in its spool.
// - The API socket's directory is not faxd's: an existing one (shared like /tmp) keeps its mode
//   and owner; one faxd's user cannot write is a clear start-up error, not a chown. The socket
//   gets socket_mode and socket_group; a group that does not exist, or one faxd's user is not
//   in, stops faxd with a clear message.
// (The tests that start faxd as root are skipped when the tests do not run as root.)

import FaxAPIModels
import FaxClient
import FaxTestSupport
import FaxdTestSupport
import Foundation
import T30
import Testing
import VirtualExchange

@Suite(.serialized) struct PrivilegeTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Creates the swiftfax user as `make demo` and install-faxd.sh do.
    static func swiftfaxAccount() throws -> passwd {
        let (status, output) = try runTool("/bin/sh", [root.appendingPathComponent("scripts/install-faxd.sh").path, "--user-only"])
        try #require(status == 0, "\(output)")
        return try #require(getpwnam("swiftfax")?.pointee)
    }

    /// A faxd configuration (no modems) in `dir`; `lines` are added at the top level.
    static func writeConfig(_ dir: ScratchDirectory, socket: String, _ lines: String = "", api: String = "") throws -> String {
        let path = dir.file("faxd-\(UUID().uuidString.prefix(6)).yaml")
        try """
            spool: \(dir.file("spool"))
            lock_directory: ""
            destinations: { private_prefixes: ["+1555"] }
            \(lines)
            api: { socket: \(socket)\(api) }
            modems: []

            """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Runs faxd expecting it to refuse to start: its exit status and output. A faxd still running
    /// after 15 s started after all; it is stopped and the status is nil.
    static func refusal(_ config: String) throws -> (status: Int32?, output: String) {
        try runTool(FaxdProcess.executable, ["--config", config], timeout: 15)
    }

    /// The uid of every thread of `pid`.
    static func threadUIDs(_ pid: Int32) throws -> [String: [Substring]] {
        var uids: [String: [Substring]] = [:]
        for task in try FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task") {
            let text = try String(contentsOfFile: "/proc/\(pid)/task/\(task)/status", encoding: .utf8)
            let line = text.split(separator: "\n").first { $0.hasPrefix("Uid:") } ?? ""
            uids[task] = Array(line.split(whereSeparator: { $0 == "\t" || $0 == " " }).dropFirst())
        }
        return uids
    }

    static func owner(_ path: String) throws -> (uid: uid_t, gid: gid_t, mode: mode_t) {
        var st = stat()
        guard lstat(path, &st) == 0 else { throw FaxdTestError("\(path): \(String(cString: strerror(errno)))") }
        return (st.st_uid, st.st_gid, st.st_mode & 0o7777)
    }

    /// faxd started as root from a directory its user cannot enter (a clone in /root) drops to
    /// swiftfax and still converts documents: its conversion helper is itself, reached through
    /// /proc/self/exe, not by a path swiftfax would have to traverse.
    @Test(.enabled(if: getuid() == 0, "needs root to start faxd as root"))
    func runsAsTheConfiguredUser() async throws {
        let account = try Self.swiftfaxAccount()
        let rootOnly = NSTemporaryDirectory() + "swiftfax-root-only-\(getpid())"
        try FileManager.default.createDirectory(atPath: rootOnly, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(atPath: rootOnly) }
        let faxdCopy = rootOnly + "/faxd"
        try FileManager.default.copyItem(atPath: FaxdProcess.executable, toPath: faxdCopy)
        let (harness, machine) = try FaxdHarness.sendingToFaxMachine(
            "faxd-user", extraYAML: "user: swiftfax", workingDirectory: rootOnly, executable: faxdCopy)
        defer { harness.stop() }
        let pid = try #require(harness.faxd.pid)

        let threads = try Self.threadUIDs(pid)
        #expect(!threads.isEmpty)
        for (task, uids) in threads {
            #expect(uids.count == 4 && uids.allSatisfy { $0 == "\(account.pw_uid)" }, "thread \(task): \(uids)")
        }
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/cwd") == harness.spoolDirectory)
        let fax = try await harness.client.submit(document: Array("hello\n".utf8), SubmitFaxRequest(to: "+15550200"))
        #expect(fax.state == "queued")
        for path in [harness.spoolDirectory, harness.spoolDirectory + "/spool.sqlite", harness.socketPath] {
            #expect(try Self.owner(path).uid == account.pw_uid, "\(path)")
        }
        let sent = try await CallTests.wait(harness.client, fax.id, timeout: 120) { $0.isFinished }
        #expect(sent.state == "sent", "\(sent.state) \(String(describing: sent.completion))\n\(harness.faxd.log(tail: 40))")
        #expect(machine.waitForReceived(count: 1, timeout: 30).count == 1)
    }

    /// No `user:`: root becomes swiftfax (before: faxd kept root for everything), and takes over
    /// the spool a faxd running as root (allow_root) left behind.
    @Test(.enabled(if: getuid() == 0, "needs root to start faxd as root"))
    func withoutAUserFaxdRunsAsSwiftfax() async throws {
        let account = try Self.swiftfaxAccount()
        let dir = ScratchDirectory("faxd-default-user")
        let socket = dir.file("run/faxd.sock")

        let asRoot = FaxdProcess(configPath: try Self.writeConfig(dir, socket: socket, "allow_root: true"), socketPath: socket,
                                 logPath: dir.file("faxd-root.log"))
        try asRoot.start()
        #expect(try Self.threadUIDs(try #require(asRoot.pid)).values.allSatisfy { $0.allSatisfy { $0 == "0" } }, "allow_root and no user: root")
        #expect(asRoot.log().contains("running as root (allow_root: true)"))
        _ = try await FaxClient(socketPath: socket).submit(document: Array("queued by root\n".utf8), SubmitFaxRequest(to: "+15550100200"))
        asRoot.stop()
        #expect(try Self.owner(dir.file("spool/spool.sqlite")).uid == 0)

        // (A new socket directory: the one root's faxd made is root's, and faxd never takes it over.)
        let socket2 = dir.file("run2/faxd.sock")
        let faxd = FaxdProcess(configPath: try Self.writeConfig(dir, socket: socket2), socketPath: socket2, logPath: dir.file("faxd.log"))
        try faxd.start()
        defer { faxd.stop() }
        for (task, uids) in try Self.threadUIDs(try #require(faxd.pid)) {
            #expect(uids.count == 4 && uids.allSatisfy { $0 == "\(account.pw_uid)" }, "thread \(task): \(uids)\n\(faxd.log())")
        }
        let list = try await FaxClient(socketPath: socket2).list()
        #expect(list.data.count == 1, "the job queued while faxd ran as root")
        for path in [dir.file("spool"), dir.file("spool/spool.sqlite"), dir.file("spool/documents"), socket2] {
            #expect(try Self.owner(path).uid == account.pw_uid, "\(path)")
        }
    }

    @Test(.enabled(if: getuid() == 0, "needs root to start faxd as root"))
    func refusesRootAndUnknownUsers() throws {
        _ = try Self.swiftfaxAccount()
        let dir = ScratchDirectory("faxd-refusals")
        let socket = dir.file("run/faxd.sock")

        let root = try Self.refusal(try Self.writeConfig(dir, socket: socket, "user: root"))
        #expect(root.status == 78, "\(root.output)")
        #expect(root.output.contains("does not run as root unless `allow_root: true`"), "\(root.output)")

        let missing = try Self.refusal(try Self.writeConfig(dir, socket: socket, "user: no-such-user-swiftfax"))
        #expect(missing.status == 78, "\(missing.output)")
        #expect(missing.output.contains("user \"no-such-user-swiftfax\" does not exist"), "\(missing.output)")
        #expect(missing.output.contains("scripts/install-faxd.sh"), "\(missing.output)")

        // Explicitly allowed, root it is.
        let allowed = FaxdProcess(configPath: try Self.writeConfig(dir, socket: socket, "user: root\nallow_root: true"),
                                  socketPath: socket, logPath: dir.file("faxd.log"))
        try allowed.start()
        #expect(try Self.threadUIDs(try #require(allowed.pid)).values.allSatisfy { $0.allSatisfy { $0 == "0" } })
        allowed.stop()
    }

    /// Before: faxd chmodded the socket's directory 0755 and chowned it to its user — /tmp or /run
    /// included, if the socket was put there.
    @Test(.enabled(if: getuid() == 0, "needs root to start faxd as root"))
    func leavesTheSocketsDirectoryAlone() async throws {
        let account = try Self.swiftfaxAccount()
        let dialout = try #require(getgrnam("dialout")?.pointee.gr_gid)
        let dir = ScratchDirectory("faxd-socket-dir")
        chmod(dir.path, 0o755)

        // A shared directory like /tmp: root's, sticky, world-writable.
        let shared = dir.file("shared")
        try FileManager.default.createDirectory(atPath: shared, withIntermediateDirectories: false)
        chmod(shared, 0o1777)
        let socket = shared + "/faxd.sock"
        let faxd = FaxdProcess(configPath: try Self.writeConfig(dir, socket: socket, "user: swiftfax", api: ", socket_mode: \"0660\", socket_group: dialout"),
                               socketPath: socket, logPath: dir.file("faxd.log"))
        try faxd.start()
        let parent = try Self.owner(shared)
        #expect(parent.uid == 0 && parent.gid == 0 && parent.mode == 0o1777, "the socket's directory was changed: \(parent)")
        let socketFile = try Self.owner(socket)
        #expect(socketFile.uid == account.pw_uid)
        #expect(socketFile.gid == dialout, "socket_group")
        #expect(socketFile.mode == 0o660, "socket_mode: \(String(socketFile.mode, radix: 8))")
        #expect(try await FaxClient(socketPath: socket).health())
        faxd.stop()

        // A directory faxd's user cannot write: a clear refusal (before: chowned to swiftfax).
        let closed = dir.file("closed")
        try FileManager.default.createDirectory(atPath: closed, withIntermediateDirectories: false)
        chmod(closed, 0o755)
        let refused = try Self.refusal(try Self.writeConfig(dir, socket: closed + "/faxd.sock", "user: swiftfax"))
        #expect(refused.status == 78, "\(refused.output)")
        #expect(refused.output.contains("the API socket's directory \(closed) is not writable by swiftfax"), "\(refused.output)")
        let after = try Self.owner(closed)
        #expect(after.uid == 0 && after.mode == 0o755)

        // A directory that does not exist yet is faxd's own: made for its user.
        let fresh = dir.file("fresh/run")
        let made = FaxdProcess(configPath: try Self.writeConfig(dir, socket: fresh + "/faxd.sock", "user: swiftfax"),
                               socketPath: fresh + "/faxd.sock", logPath: dir.file("faxd-fresh.log"))
        try made.start()
        made.stop()
        #expect(try Self.owner(fresh).uid == account.pw_uid)
    }

    /// Before: an unknown socket_group was ignored (the socket kept faxd's group and nobody noticed).
    @Test func unknownSocketGroupStopsFaxd() throws {
        let dir = ScratchDirectory("faxd-socket-group")
        let socket = dir.file("run/faxd.sock")
        let unknown = try Self.refusal(try Self.writeConfig(dir, socket: socket, "allow_root: true", api: ", socket_group: no-such-group-swiftfax"))
        #expect(unknown.status == 78, "\(unknown.output)")
        #expect(unknown.output.contains("api.socket_group \"no-such-group-swiftfax\" is not a group on this system"), "\(unknown.output)")

        let badMode = try Self.refusal(try Self.writeConfig(dir, socket: socket, "allow_root: true", api: ", socket_mode: \"rw-rw----\""))
        #expect(badMode.status == 78, "\(badMode.output)")
        #expect(badMode.output.contains("api.socket_mode"), "\(badMode.output)")
    }

    /// A group faxd's user is not in: chown would fail, so faxd says so and stops.
    @Test(.enabled(if: getuid() == 0, "needs root to start faxd as root"))
    func socketGroupFaxdsUserIsNotIn() throws {
        _ = try Self.swiftfaxAccount()
        let dir = ScratchDirectory("faxd-socket-group-member")
        let refused = try Self.refusal(try Self.writeConfig(dir, socket: dir.file("run/faxd.sock"), "user: swiftfax", api: ", socket_group: root"))
        #expect(refused.status == 78, "\(refused.output)")
        #expect(refused.output.contains("faxd's user swiftfax is not in that group"), "\(refused.output)")
    }
}
