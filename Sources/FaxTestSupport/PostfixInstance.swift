// PostfixInstance: a real Postfix of the test's own, on loopback. It has its own config, queue and
// data directories, its own log file and Maildirs, all under one folder. Nothing under /etc/postfix
// or /var/spool/postfix is written, and the system's Postfix need not run. Mail comes in over SMTP on
// 127.0.0.1:smtpPort or through /usr/sbin/sendmail with this instance's config directory (as root).
// Local domains go to Maildirs (the virtual delivery agent); pipe domains go to a command (pipe).
// Runs as root: `postfix -c DIR start`. The main.cf and master.cf are in
// PostfixInstance+Configuration.swift, which also lists what was found out about Postfix 3.7.
// Processes and their signal state are in PostfixInstance+Processes.swift.

import Foundation
import Synchronization

public struct PostfixError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

public final class PostfixInstance: Sendable {
    public static let postfix = "/usr/sbin/postfix"
    public static let postqueue = "/usr/sbin/postqueue"
    public static let sendmail = "/usr/sbin/sendmail"

    public let directory: URL
    public let smtpPort: Int
    public let localDomains: [String]
    /// Domain → argv of the command its mail is piped to (`${sender}`, `${recipient}` and pipe(8)'s other
    /// macros are expanded by Postfix). One recipient per run.
    public let pipeDomains: [String: [String]]
    public let pipeUser: String
    public let extraMain: [String: String]

    public var configDirectory: URL { directory.appendingPathComponent("config") }
    public var queueDirectory: URL { directory.appendingPathComponent("queue") }
    public var dataDirectory: URL { directory.appendingPathComponent("data") }
    /// virtual_mailbox_base: `mail/<domain>/<user>/` is a Maildir.
    public var mailDirectory: URL { directory.appendingPathComponent("mail") }
    /// maillog_file, written by postlogd.
    public var logFile: URL { directory.appendingPathComponent("maillog") }

    /// The master's pid while this instance runs.
    private let master = Mutex<pid_t?>(nil)

    /// Writes the configuration (directories, main.cf, master.cf, maps); start() starts Postfix on it.
    /// Throws for a domain or a pipe argument that cannot be written into Postfix's files.
    public init(directory: URL, smtpPort: Int, localDomains: [String], pipeDomains: [String: [String]] = [:],
                pipeUser: String = "nobody", extraMain: [String: String] = [:]) throws {
        self.directory = directory
        self.smtpPort = smtpPort
        self.localDomains = localDomains.map { $0.lowercased() }
        self.pipeDomains = Dictionary(pipeDomains.map { ($0.key.lowercased(), $0.value) }) { first, _ in first }
        self.pipeUser = pipeUser
        self.extraMain = extraMain
        try writeConfiguration()
    }

    deinit { stop() }

    // MARK: Submitting mail

    /// What a program running as root adds to `/usr/sbin/sendmail -t -i` to submit into this instance
    /// (`-C` names the config directory; sendmail passes it on to postdrop).
    public var sendmailArguments: [String] { ["-C", configDirectory.path] }
    /// The other way: the environment for `/usr/sbin/sendmail` (MAIL_CONFIG names the config directory).
    public var sendmailEnvironment: [String: String] { ["MAIL_CONFIG": configDirectory.path] }

    // MARK: Running

    public var masterPID: pid_t? { master.withLock { $0 } }

    /// The master process is alive (not a zombie).
    public var isRunning: Bool {
        guard let pid = masterPID else { return false }
        return Self.isMaster(pid)
    }

    /// `postfix -c CONFIG start` — returns once the master has initialized (master -w): smtpd's socket
    /// is open. About 0.3 s. Does nothing if this instance already runs.
    public func start() throws {
        guard geteuid() == 0 else { throw PostfixError("PostfixInstance runs Postfix as root (uid now \(geteuid()))") }
        guard !isRunning else { return }
        guard FileManager.default.isExecutableFile(atPath: Self.postfix) else {
            throw PostfixError("\(Self.postfix) is missing: install postfix (scripts/install-deps.sh)")
        }
        // The master's inet listeners set SO_REUSEPORT: a second instance on a port another one (as
        // root) listens on would start without complaint and share its connections. So: checked here.
        guard Self.bindLoopback(port: smtpPort) != nil else { throw PostfixError("127.0.0.1:\(smtpPort) is in use") }
        let run = try runCommand(Self.postfix, ["-c", configDirectory.path, "start"])
        guard run.status == 0, let pid = readMasterPID(), Self.isMaster(pid) else {
            throw PostfixError("postfix start failed (status \(String(describing: run.status))):\n\(run.output)\n\(log(tail: 30))")
        }
        master.withLock { $0 = pid }
    }

    /// `postfix -c CONFIG stop` (the master ends its daemons), then the rest of what it started: a pipe
    /// command still running (it has a session of its own, the master's signal misses it) gets SIGTERM,
    /// and SIGKILL two seconds later. Returns when none of them is left. Safe to call when stopped.
    public func stop() {
        guard let pid = master.withLock({ $0 }) ?? readMasterPID(), Self.isMaster(pid) else {
            master.withLock { $0 = nil }
            return
        }
        var family = Self.family(of: pid)
        _ = try? runCommand(Self.postfix, ["-c", configDirectory.path, "stop"], timeout: 20)
        let inSession = { Self.allProcesses().contains { $0.session == pid && $0.state != "Z" } }
        _ = eventually(timeout: 5) { family.formUnion(Self.family(of: pid)); return !inSession() }
        for signal in [SIGTERM, SIGKILL] {
            let left = family.filter { Self.isAlive($0) }
            if left.isEmpty { break }
            left.forEach { kill($0.pid, signal) }
            _ = eventually(timeout: 2) { left.allSatisfy { !Self.isAlive($0) } }
        }
        master.withLock { $0 = nil }
    }

    /// `postqueue -f`: every deferred message is tried again now.
    public func flush() throws {
        let run = try runCommand(Self.postqueue, ["-c", configDirectory.path, "-f"])
        guard run.status == 0 else { throw PostfixError("postqueue -f failed (\(String(describing: run.status))): \(run.output)") }
    }

    /// No message anywhere in the queue: maildrop (sendmail's, not yet picked up), incoming, active,
    /// deferred, hold. Read from the queue directory, so it answers while stopped, too.
    public func queueIsEmpty() -> Bool {
        ["maildrop", "incoming", "active", "deferred", "hold"].allSatisfy { name in
            let queue = queueDirectory.appendingPathComponent(name)
            guard let walk = FileManager.default.enumerator(at: queue, includingPropertiesForKeys: [.isRegularFileKey]) else { return true }
            return !walk.contains { ((try? ($0 as? URL)?.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile) == true }
        }
    }

    /// `postqueue -p`, for messages when something is stuck (needs the instance running).
    public func queueListing() -> String {
        (try? runCommand(Self.postqueue, ["-c", configDirectory.path, "-p"]).output) ?? ""
    }

    // MARK: Mail and log

    /// The Maildir of a local address: mail/<domain>/<user>/ (Postfix folds the address to lower case).
    public func maildir(for address: String) -> URL {
        let folded = address.lowercased()
        let at = folded.lastIndex(of: "@") ?? folded.endIndex
        let user = String(folded[..<at]), domain = at < folded.endIndex ? String(folded[folded.index(after: at)...]) : ""
        return mailDirectory.appendingPathComponent(domain).appendingPathComponent(user)
    }

    /// The messages in an address's Maildir (new/ and cur/), oldest first, as delivered (LF line ends).
    public func messages(for address: String) -> [[UInt8]] {
        let box = maildir(for: address)
        let files = ["new", "cur"].flatMap { folder -> [URL] in
            (try? FileManager.default.contentsOfDirectory(at: box.appendingPathComponent(folder),
                                                          includingPropertiesForKeys: [.contentModificationDateKey])) ?? []
        }
        let dated = files.map { ($0, (try? $0.resourceValues(forKeys: [.contentModificationDateKey]).contentModificationDate) ?? .distantPast) }
        return dated.sorted { ($0.1, $0.0.lastPathComponent) < ($1.1, $1.0.lastPathComponent) }
            .compactMap { try? Array(Data(contentsOf: $0.0)) }
    }

    /// The instance's log (maillog_file), line by line.
    public var logLines: [String] {
        guard let text = try? String(contentsOf: logFile, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").map(String.init)
    }

    public func log(tail lines: Int = 40) -> String {
        logLines.suffix(lines).joined(separator: "\n")
    }

    /// A TCP port on 127.0.0.1 that nothing listens on right now (the kernel's pick).
    public static func unusedPort() throws -> Int {
        guard let port = bindLoopback(port: 0) else { throw PostfixError("bind 127.0.0.1:0: \(String(cString: strerror(errno)))") }
        return port
    }

    /// Binds a socket to 127.0.0.1:port (SO_REUSEADDR, not SO_REUSEPORT) and closes it; the port bound,
    /// or nil when the port is taken.
    static func bindLoopback(port: Int) -> Int? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        return bound ? Int(UInt16(bigEndian: address.sin_port)) : nil
    }

    private func readMasterPID() -> pid_t? {
        let file = queueDirectory.appendingPathComponent("pid/master.pid")
        guard let text = try? String(contentsOf: file, encoding: .utf8) else { return nil }
        return pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
