// PostfixInstance, proved with real mail: swaks over SMTP into a Maildir (the attachment read back by
// Python's email package, byte for byte), a pipe domain's command getting the message and the
// envelope, a refusing command's text coming back in a bounce to the sender, sendmail -t -i as root
// into this instance (MAIL_CONFIG and -C), a stopped instance refusing connections and mail submitted
// meanwhile going out after the restart (and a second instance kept off its port), and a deferred
// message leaving on flush(). No process outlives stop() or the instance, not even a pipe command
// still running.

import FaxTestSupport
import Foundation
import MIME
import Testing

@Suite struct PostfixInstanceTests {
    /// A scratch folder and an instance in it (not started).
    static func instance(_ label: String) throws -> (ScratchDirectory, PostfixInstance) {
        let dir = ScratchDirectory(label)
        let postfix = try PostfixInstance(directory: URL(fileURLWithPath: dir.file("postfix")), smtpPort: try PostfixInstance.unusedPort(),
                                          localDomains: ["mail.test"])
        return (dir, postfix)
    }

    static func swaks(_ postfix: PostfixInstance, _ arguments: [String]) throws -> (status: Int32?, output: String) {
        try runTool("/usr/bin/swaks", ["--server", "127.0.0.1:\(postfix.smtpPort)", "--timeout", "10"] + arguments, timeout: 30)
    }

    /// What Python's email package makes of a delivered message; binary parts are written to files.
    struct Parsed: Decodable {
        struct Part: Decodable { let type: String; let filename: String?; let text: String?; let path: String?; let subject: String? }
        let headers: [String: String]
        let parts: [Part]
        let defects: [String]

        /// Text with folded lines and runs of spaces made single spaces.
        func flat(_ text: String?) -> String { (text ?? "").split(whereSeparator: \.isWhitespace).joined(separator: " ") }
    }

    static let parser = #"""
import email, email.policy, json, os, sys
m = email.message_from_bytes(open(sys.argv[1], "rb").read(), policy=email.policy.default)
parts = []
for i, p in enumerate(m.walk()):
    t = p.get_content_type()
    entry = {"type": t, "filename": p.get_filename()}
    if t == "message/delivery-status":
        entry["text"] = "\n".join(str(block) for block in p.get_payload())
    elif t == "message/rfc822":
        entry["subject"] = str(p.get_payload(0)["Subject"])
    elif p.is_multipart():
        pass
    elif p.get_content_maintype() == "text":
        entry["text"] = p.get_content()
    else:
        path = os.path.join(sys.argv[2], "part-%d" % i)
        open(path, "wb").write(p.get_payload(decode=True) or b"")
        entry["path"] = path
    parts.append(entry)
print(json.dumps({"headers": {k.lower(): str(v) for k, v in m.items()},
                  "parts": parts, "defects": [str(d) for p in m.walk() for d in p.defects]}))
"""#

    static func parse(_ message: [UInt8], in dir: ScratchDirectory) throws -> Parsed {
        let folder = dir.file("parsed-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data(message).write(to: URL(fileURLWithPath: folder + "/message.eml"))
        try parser.write(toFile: folder + "/parse.py", atomically: true, encoding: .utf8)
        let run = try runTool("/usr/bin/python3", [folder + "/parse.py", folder + "/message.eml", folder])
        try #require(run.status == 0, "\(run.output)")
        return try JSONDecoder().decode(Parsed.self, from: Data(run.output.utf8))
    }

    /// errno of a TCP connect to 127.0.0.1:port (0: connected).
    static func connectError(port: Int) -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        return connectLoopback(fd, port: port) == 0 ? 0 : errno
    }

    /// The pids of live (not zombie) processes among `pids`.
    static func alive(_ pids: [pid_t]) -> [pid_t] {
        pids.filter { pid in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let close = stat.lastIndex(of: ")") else { return false }
            return !stat[stat.index(after: close)...].hasPrefix(" Z")
        }
    }

    /// The addresses 127.0.0.1 listening sockets on `port` are bound to, from /proc/net/tcp (hex, as there).
    static func listeners(port: Int) throws -> [String] {
        let hexPort = String(format: "%04X", port)
        return try String(contentsOfFile: "/proc/net/tcp", encoding: .utf8).split(separator: "\n").dropFirst().compactMap { line in
            let fields = line.split(separator: " ")
            guard fields.count > 3, fields[3] == "0A", fields[1].hasSuffix(":" + hexPort) else { return nil }
            return String(fields[1].prefix(8))
        }
    }

    /// The log's warnings, errors and worse.
    static func problems(_ postfix: PostfixInstance) -> [String] {
        postfix.logLines.filter { line in ["warning:", "error:", "fatal:", "panic:"].contains { line.contains($0) } }
    }

    /// A shell script the pipe user can run.
    static func script(_ dir: ScratchDirectory, _ name: String, _ body: String) throws -> String {
        let path = dir.file(name)
        try ("#!/bin/sh\n" + body + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o755)
        return path
    }

    @Test func swaksMessageArrivesInTheMaildirWithItsAttachmentIntact() throws {
        let (dir, postfix) = try Self.instance("postfix-swaks")
        defer { withExtendedLifetime(dir) { postfix.stop() } }
        let started = Date()
        try postfix.start()
        let startTime = Date().timeIntervalSince(started)
        #expect(startTime < 10, "start took \(startTime) s")
        // The master runs with no signal blocked (it must see SIGTERM and SIGCHLD), smtpd only on loopback.
        let master = try #require(postfix.masterPID)
        let status = try String(contentsOfFile: "/proc/\(master)/status", encoding: .utf8)
        #expect(status.contains("SigBlk:\t0000000000000000"), "\(status)")
        #expect(try Self.listeners(port: postfix.smtpPort) == ["0100007F"])
        #expect(FileManager.default.fileExists(atPath: postfix.configDirectory.path + "/main.cf"))

        var generator = SystemRandomNumberGenerator()
        let attachment = (0..<60_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        try Data(attachment).write(to: URL(fileURLWithPath: dir.file("fax.pdf")))
        let sent = Date()
        let run = try Self.swaks(postfix, ["--to", "User@mail.test", "--from", "x@mail.test", "--header", "Subject: a fax",
                                           "--body", "one attachment", "--attach-type", "application/pdf", "--attach", "@" + dir.file("fax.pdf")])
        try #require(run.status == 0, "\(run.output)\n\(postfix.log())")
        #expect(eventually(timeout: 20) { postfix.messages(for: "user@mail.test").count == 1 }, "\(postfix.log())")
        print("PostfixInstance: start \(String(format: "%.2f", startTime)) s, swaks to Maildir \(String(format: "%.2f", Date().timeIntervalSince(sent))) s")
        #expect(postfix.maildir(for: "User@Mail.Test").path == postfix.mailDirectory.path + "/mail.test/user")

        let message = try #require(postfix.messages(for: "user@mail.test").first)
        let parsed = try Self.parse(message, in: dir)
        #expect(parsed.defects.isEmpty, "\(parsed.defects)")
        #expect(parsed.headers["delivered-to"] == "User@mail.test", "the recipient as given; its Maildir is in lower case")
        #expect(parsed.headers["return-path"] == "<x@mail.test>")
        #expect(parsed.headers["subject"] == "a fax")
        let pdf = try #require(parsed.parts.first { $0.type == "application/pdf" }, "\(parsed.parts.map(\.type))")
        #expect(pdf.filename == "fax.pdf")
        #expect(try Array(Data(contentsOf: URL(fileURLWithPath: try #require(pdf.path)))) == attachment)
        #expect(parsed.parts.contains { $0.type == "text/plain" && $0.text?.contains("one attachment") == true })
        #expect(postfix.logLines.contains { $0.contains("to=<User@mail.test>, relay=virtual") && $0.contains("status=sent (delivered to maildir)") })
        #expect(eventually(timeout: 10) { postfix.queueIsEmpty() })
        #expect(Self.problems(postfix).isEmpty, "\(Self.problems(postfix))")
        // Only this instance's domains are taken over SMTP.
        let relay = try Self.swaks(postfix, ["--to", "someone@example.com", "--from", "x@mail.test", "--body", "no"])
        #expect(relay.status != 0 && relay.output.contains("Relay access denied"), "\(relay.output)")
    }

    @Test func pipeDomainCommandGetsTheMessageAndTheEnvelope() throws {
        let dir = ScratchDirectory("postfix-pipe")
        let out = dir.file("out")
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        chmod(out, 0o777)
        // Written aside, then renamed: a .msg file is complete.
        let copy = try Self.script(dir, "copy.sh", #"""
            { id -un; for a in "$@"; do printf 'arg:%s\n' "$a"; done; echo; cat; } > "\#(out)/$$.tmp" && mv "\#(out)/$$.tmp" "\#(out)/$$.msg"
            """#)
        let postfix = try PostfixInstance(directory: URL(fileURLWithPath: dir.file("postfix")), smtpPort: try PostfixInstance.unusedPort(),
                                          localDomains: ["mail.test"], pipeDomains: ["fax.test": [copy, "${sender}", "${recipient}", "two words"]])
        defer { withExtendedLifetime(dir) { postfix.stop() } }
        try postfix.start()

        let run = try Self.swaks(postfix, ["--to", "15550200@fax.test,15550300@fax.test", "--from", "sender@mail.test",
                                           "--header", "Subject: to the fax", "--body", "pipe body"])
        try #require(run.status == 0, "\(run.output)\n\(postfix.log())")
        let files = { ((try? FileManager.default.contentsOfDirectory(atPath: out)) ?? []).filter { $0.hasSuffix(".msg") } }
        #expect(eventually(timeout: 20) { files().count == 2 }, "\(postfix.log())")
        let runs = try files().map { try String(contentsOfFile: out + "/" + $0, encoding: .utf8) }
        // One run per recipient, each with the envelope as arguments, as the pipe user.
        for recipient in ["15550200@fax.test", "15550300@fax.test"] {
            let text = try #require(runs.first { $0.contains("arg:\(recipient)\n") }, "\(runs)")
            #expect(text.hasPrefix("nobody\narg:sender@mail.test\narg:\(recipient)\narg:two words\n\n"), "\(text)")
            #expect(text.contains("Return-Path: <sender@mail.test>\n"))
            #expect(text.contains("Subject: to the fax\n") && text.contains("\npipe body\n"))
        }
        let transport = postfix.transportName(for: "fax.test")
        #expect(eventually(timeout: 10) { postfix.logLines.filter { $0.contains("relay=\(transport)") && $0.contains("status=sent") }.count == 2 },
                "\(postfix.log())")
        #expect(eventually(timeout: 10) { postfix.queueIsEmpty() })
        #expect(Self.problems(postfix).isEmpty, "\(Self.problems(postfix))")
    }

    @Test func refusingCommandBouncesToTheSenderWithItsText() throws {
        let dir = ScratchDirectory("postfix-bounce")
        let refuse = try Self.script(dir, "refuse.sh", #"echo "sender not permitted: $1"; exit 77"#)
        let reject = try Self.script(dir, "reject.sh", #"echo "no pages in this message" >&2; exit 65"#)
        let postfix = try PostfixInstance(directory: URL(fileURLWithPath: dir.file("postfix")), smtpPort: try PostfixInstance.unusedPort(),
                                          localDomains: ["mail.test"],
                                          pipeDomains: ["fax.test": [refuse, "${sender}"], "data.test": [reject]])
        defer { withExtendedLifetime(dir) { postfix.stop() } }
        try postfix.start()

        for (to, from) in [("15550200@fax.test", "alice@mail.test"), ("15550300@data.test", "bob@mail.test")] {
            let run = try Self.swaks(postfix, ["--to", to, "--from", from, "--header", "Subject: fax for \(to)", "--body", "text"])
            try #require(run.status == 0, "accepted at SMTP, refused by the command: \(run.output)")
        }
        for (sender, to, text, status) in [("alice@mail.test", "15550200@fax.test", "sender not permitted: alice@mail.test", "5.7.0"),
                                           ("bob@mail.test", "15550300@data.test", "no pages in this message", "5.6.0")] {
            #expect(eventually(timeout: 20) { postfix.messages(for: sender).count == 1 }, "\(postfix.log())")
            let bounce = try Self.parse(try #require(postfix.messages(for: sender).first), in: dir)
            #expect(bounce.headers["from"] == "Mail Delivery System <MAILER-DAEMON@postfix.test>")
            #expect(bounce.headers["subject"] == "Undelivered Mail Returned to Sender")
            #expect(bounce.headers["return-path"] == "<>")
            let notice = bounce.flat(bounce.parts.first { $0.type == "text/plain" }?.text)
            #expect(notice.contains("<\(to)>:") && notice.contains("Command output: \(text)"), "\(notice)")
            let report = bounce.flat(bounce.parts.first { $0.type == "message/delivery-status" }?.text)
            #expect(report.contains("Diagnostic-Code: x-unix; \(text)") && report.contains("Status: \(status)"), "\(report)")
            #expect(bounce.parts.contains { $0.type == "message/rfc822" && $0.subject == "fax for \(to)" })
        }
        #expect(eventually(timeout: 10) { postfix.queueIsEmpty() })
    }

    @Test func sendmailAsRootSubmitsIntoThisInstance() throws {
        let (dir, postfix) = try Self.instance("postfix-sendmail")
        defer { withExtendedLifetime(dir) { postfix.stop() } }
        try postfix.start()
        var generator = SystemRandomNumberGenerator()
        let tiff = (0..<20_000).map { _ in UInt8.random(in: 0...255, using: &generator) }

        // The two ways a program names this instance: MAIL_CONFIG in its environment, or -C.
        for (recipient, environment, arguments) in [("env@mail.test", postfix.sendmailEnvironment, [String]()),
                                                    ("option@mail.test", [:], postfix.sendmailArguments)] {
            let message = MIMEMessage(from: try MailAddress("fax@mail.test", displayName: "Fax"), to: [try MailAddress(recipient)],
                                      subject: "Fax received (\(recipient))", text: "One page.\n",
                                      attachments: [.init(filename: "fax.tif", contentType: "image/tiff", data: tiff)])
            let file = dir.file("\(recipient).eml")
            try Data(message.rendered()).write(to: URL(fileURLWithPath: file))
            let command = ([PostfixInstance.sendmail] + arguments + ["-t", "-i", "-f", "fax@mail.test"]).joined(separator: " ") + " < " + file
            let run = try runTool("/bin/sh", ["-c", command], environment: environment)
            try #require(run.status == 0, "\(command): \(run.output)")
            #expect(eventually(timeout: 20) { postfix.messages(for: recipient).count == 1 }, "\(postfix.log())")
            let parsed = try Self.parse(try #require(postfix.messages(for: recipient).first), in: dir)
            #expect(parsed.defects.isEmpty, "\(parsed.defects)")
            #expect(parsed.headers["subject"] == "Fax received (\(recipient))" && parsed.headers["return-path"] == "<fax@mail.test>")
            let part = try #require(parsed.parts.first { $0.type == "image/tiff" })
            #expect(try Array(Data(contentsOf: URL(fileURLWithPath: try #require(part.path)))) == tiff)
        }
        #expect(postfix.logLines.filter { $0.contains("pickup") && $0.contains("uid=0 from=<fax@mail.test>") }.count == 2, "\(postfix.log())")
        #expect(!FileManager.default.fileExists(atPath: "/var/spool/postfix/maildrop") ||
                ((try? FileManager.default.contentsOfDirectory(atPath: "/var/spool/postfix/maildrop")) ?? []).isEmpty)
    }

    @Test func stoppedInstanceRefusesConnectionsAndStartsAgain() throws {
        let (dir, postfix) = try Self.instance("postfix-restart")
        defer { withExtendedLifetime(dir) { postfix.stop() } }
        try postfix.start()
        #expect(Self.connectError(port: postfix.smtpPort) == 0)
        try #require(try Self.swaks(postfix, ["--to", "a@mail.test", "--from", "x@mail.test", "--body", "first"]).status == 0)
        #expect(eventually(timeout: 20) { postfix.messages(for: "a@mail.test").count == 1 })

        let master = try #require(postfix.masterPID)
        let processes = PostfixInstance.processes(of: master)
        #expect(processes.count > 3, "master, qmgr, pickup and more: \(processes)")
        let stopping = Date()
        postfix.stop()
        let stopTime = Date().timeIntervalSince(stopping)
        #expect(Self.alive(processes).isEmpty, "left behind: \(Self.alive(processes))")
        #expect(!postfix.isRunning && postfix.masterPID == nil)

        // Stopped: SMTP is refused outright; sendmail still queues (maildrop), for later.
        #expect(Self.connectError(port: postfix.smtpPort) == ECONNREFUSED)
        let refused = try Self.swaks(postfix, ["--to", "b@mail.test", "--from", "x@mail.test", "--body", "while stopped"])
        #expect(refused.status != 0 && refused.output.contains("Connection refused"), "\(refused.output)")
        let file = dir.file("queued.eml")
        try "From: x@mail.test\nTo: c@mail.test\nSubject: queued while stopped\n\nlater\n".write(toFile: file, atomically: true, encoding: .utf8)
        let queued = try runTool("/bin/sh", ["-c", "\(PostfixInstance.sendmail) -t -i < \(file)"], environment: postfix.sendmailEnvironment)
        #expect(queued.status == 0, "\(queued.output)")
        #expect(!postfix.queueIsEmpty())

        let starting = Date()
        try postfix.start()
        let restartTime = Date().timeIntervalSince(starting)
        print("PostfixInstance: stop \(String(format: "%.2f", stopTime)) s, start again \(String(format: "%.2f", restartTime)) s")
        #expect(postfix.masterPID != master)
        try #require(try Self.swaks(postfix, ["--to", "b@mail.test", "--from", "x@mail.test", "--body", "after the restart"]).status == 0)
        #expect(eventually(timeout: 20) { postfix.messages(for: "b@mail.test").count == 1 && postfix.messages(for: "c@mail.test").count == 1 },
                "\(postfix.log())")
        #expect(eventually(timeout: 10) { postfix.queueIsEmpty() })
        #expect(postfix.messages(for: "a@mail.test").count == 1, "the Maildir outlives a restart")

        // A second instance on this port would share it without a word (the master's listener sets
        // SO_REUSEPORT): start() refuses instead.
        let twin = try PostfixInstance(directory: URL(fileURLWithPath: dir.file("twin")), smtpPort: postfix.smtpPort, localDomains: ["twin.test"])
        #expect(throws: PostfixError.self) { try twin.start() }
        #expect(!twin.isRunning)

        // An instance let go without stop(): its deinit stops it.
        var dropped: [pid_t] = []
        do {
            let other = try PostfixInstance(directory: URL(fileURLWithPath: dir.file("other")), smtpPort: try PostfixInstance.unusedPort(),
                                            localDomains: ["other.test"])
            try other.start()
            dropped = PostfixInstance.processes(of: try #require(other.masterPID))
        }
        #expect(!dropped.isEmpty && Self.alive(dropped).isEmpty, "left behind: \(Self.alive(dropped))")
    }

    @Test func stopEndsAPipeCommandStillRunning() throws {
        let dir = ScratchDirectory("postfix-slow")
        let state = dir.file("state")
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
        chmod(state, 0o777)
        let slow = try Self.script(dir, "slow.sh", #"echo $$ > "\#(state)/pid"; exec sleep 300"#)
        let postfix = try PostfixInstance(directory: URL(fileURLWithPath: dir.file("postfix")), smtpPort: try PostfixInstance.unusedPort(),
                                          localDomains: ["mail.test"], pipeDomains: ["slow.test": [slow]])
        defer { withExtendedLifetime(dir) { postfix.stop() } }
        try postfix.start()
        try #require(try Self.swaks(postfix, ["--to", "1@slow.test", "--from", "x@mail.test", "--body", "slow"]).status == 0)
        let commandPID = { (try? String(contentsOfFile: state + "/pid", encoding: .utf8)).flatMap { pid_t($0.trimmingCharacters(in: .newlines)) } }
        #expect(eventually(timeout: 20) { commandPID() != nil }, "\(postfix.log())")
        let command = try #require(commandPID())
        let processes = PostfixInstance.processes(of: try #require(postfix.masterPID))
        #expect(processes.contains(command), "the pipe command is one of the instance's processes: \(processes)")
        let stopping = Date()
        postfix.stop()
        #expect(Self.alive(processes + [command]).isEmpty, "left behind: \(Self.alive(processes + [command]))")
        #expect(Date().timeIntervalSince(stopping) < 10)
    }

    @Test func deferredMessageLeavesOnFlush() throws {
        let dir = ScratchDirectory("postfix-flush")
        let state = dir.file("state")
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
        chmod(state, 0o777)
        // Fails for now (EX_TEMPFAIL) until the test says otherwise.
        let gate = try Self.script(dir, "gate.sh", #"""
            [ -e "\#(state)/open" ] || { echo "not yet"; exit 75; }; cat > "\#(state)/tmp" && mv "\#(state)/tmp" "\#(state)/delivered"
            """#)
        // Retries an hour apart: only flush() can make it go now.
        let postfix = try PostfixInstance(directory: URL(fileURLWithPath: dir.file("postfix")), smtpPort: try PostfixInstance.unusedPort(),
                                          localDomains: ["mail.test"], pipeDomains: ["fax.test": [gate]],
                                          extraMain: ["queue_run_delay": "3600s", "minimal_backoff_time": "3600s", "maximal_backoff_time": "3600s"])
        defer { withExtendedLifetime(dir) { postfix.stop() } }
        try postfix.start()
        try #require(try Self.swaks(postfix, ["--to", "15550200@fax.test", "--from", "x@mail.test", "--body", "flushed"]).status == 0)
        #expect(eventually(timeout: 20) { postfix.logLines.contains { $0.contains("status=deferred") && $0.contains("not yet") } }, "\(postfix.log())")
        #expect(!postfix.queueIsEmpty())
        #expect(postfix.queueListing().contains("15550200@fax.test"))

        _ = FileManager.default.createFile(atPath: state + "/open", contents: nil)
        Thread.sleep(forTimeInterval: 1)
        #expect(!FileManager.default.fileExists(atPath: state + "/delivered"), "went out before the flush")
        try postfix.flush()
        #expect(eventually(timeout: 20) { FileManager.default.fileExists(atPath: state + "/delivered") }, "\(postfix.log())")
        #expect(eventually(timeout: 10) { postfix.queueIsEmpty() })
        #expect(try String(contentsOfFile: state + "/delivered", encoding: .utf8).contains("\nflushed\n"))
    }
}
