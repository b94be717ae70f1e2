// PrivateCupsd: a real cupsd of the test's own — its own ServerRoot, spool, logs and a Unix socket
// (no TCP port) in a scratch folder — running the system's filters and the swiftfax backend just
// built, copied into its own ServerBin/backend (mode 0755: cupsd runs it as lp, supplementary
// groups dropped, as on a real system). Tools (lp, lpstat, lpadmin, cancel, lpinfo) talk to it
// through CUPS_SERVER. Started, stopped with SIGTERM, killed with SIGKILL, started again.
// Ready means `lpstat -r` says the scheduler is running on this socket.

import FaxTestSupport
import Foundation

public final class PrivateCupsd: @unchecked Sendable {
    /// The backend built next to the test bundle (or the benchmark).
    public static let backendExecutable = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        .appendingPathComponent("swiftfax-cups").path
    /// cups-backend/swiftfax.ppd in this checkout.
    public static let ppd = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("cups-backend/swiftfax.ppd").path
    public static let cupsd = "/usr/sbin/cupsd"

    public let root: String
    public var socketPath: String { root + "/cups.sock" }
    public var errorLogPath: String { root + "/log/error_log" }
    private var process: SpawnedProcess?

    /// `environment`: set for every backend and filter (cups-files.conf SetEnv), e.g. SWIFTFAX_SOCKET.
    public init(root: String, environment: [String: String] = [:]) throws {
        self.root = root
        let fm = FileManager.default
        for folder in ["etc", "etc/ppd", "bin/backend", "spool", "tmp", "cache", "state", "log"] {
            try fm.createDirectory(atPath: "\(root)/\(folder)", withIntermediateDirectories: true)
        }
        chmod(root, 0o755)
        // As Debian's /var/spool/cups/tmp: filters and the backend (as lp) write their scratch files here.
        chown("\(root)/tmp", 0, getgrnam("lp")?.pointee.gr_gid ?? 7)
        chmod("\(root)/tmp", 0o1770)
        // The system's filters and helper daemons (cups-deviced for lpinfo), our backend.
        for folder in ["filter", "daemon", "driver", "notifier", "monitor"] where fm.fileExists(atPath: "/usr/lib/cups/\(folder)") {
            try fm.createSymbolicLink(atPath: "\(root)/bin/\(folder)", withDestinationPath: "/usr/lib/cups/\(folder)")
        }
        guard fm.fileExists(atPath: Self.backendExecutable) else {
            throw FaxdTestError("the swiftfax backend is not built: \(Self.backendExecutable) (swift build --build-tests)")
        }
        try fm.copyItem(atPath: Self.backendExecutable, toPath: "\(root)/bin/backend/swiftfax")
        chmod("\(root)/bin/backend/swiftfax", 0o755)
        let setEnv = environment.sorted { $0.key < $1.key }.map { "SetEnv \($0.key) \($0.value)\n" }.joined()
        try """
        ServerRoot \(root)/etc
        ServerBin \(root)/bin
        DataDir /usr/share/cups
        RequestRoot \(root)/spool
        TempDir \(root)/tmp
        CacheDir \(root)/cache
        StateDir \(root)/state
        AccessLog \(root)/log/access_log
        ErrorLog \(root)/log/error_log
        PageLog \(root)/log/page_log
        Printcap \(root)/printcap
        User lp
        Group lp
        SystemGroup root
        \(setEnv)
        """.write(toFile: "\(root)/etc/cups-files.conf", atomically: true, encoding: .utf8)
        try """
        LogLevel debug
        MaxLogSize 0
        DirtyCleanInterval 0
        Listen \(socketPath)
        Browsing No
        BrowseLocalProtocols none
        DefaultAuthType None
        WebInterface No
        PreserveJobHistory Yes
        PreserveJobFiles No
        <Location />
          Order allow,deny
          Allow all
        </Location>
        <Policy default>
          <Limit All>
            Order deny,allow
          </Limit>
        </Policy>

        """.write(toFile: "\(root)/etc/cupsd.conf", atomically: true, encoding: .utf8)
    }

    public var pid: Int32? { process?.pid }

    /// Starts cupsd in the foreground and waits until it answers.
    public func start() throws {
        let process = try SpawnedProcess(Self.cupsd, ["-f", "-c", "\(root)/etc/cupsd.conf", "-s", "\(root)/etc/cups-files.conf"])
        self.process = process
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline, process.isRunning {
            if FileManager.default.fileExists(atPath: socketPath),
               let answer = try? tool("/usr/bin/lpstat", ["-r"], timeout: 5), answer.output.contains("scheduler is running") {
                return
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw FaxdTestError("cupsd did not start (running: \(process.isRunning)):\n" + errorLog(tail: 30))
    }

    /// SIGTERM and wait: cupsd's own shutdown.
    public func stop() {
        process?.end(with: SIGTERM)
        process = nil
    }

    /// SIGKILL: cupsd gone at once; its backends keep running, orphaned.
    public func kill9() {
        process?.end(with: SIGKILL)
        process = nil
    }

    /// Runs a CUPS tool against this cupsd (CUPS_SERVER set); nil status when it overran `timeout`.
    @discardableResult
    public func tool(_ path: String, _ arguments: [String], timeout: Double = 30) throws -> (status: Int32?, output: String) {
        try runTool("/usr/bin/env", ["CUPS_SERVER=\(socketPath)", path] + arguments, timeout: timeout)
    }

    /// A fax queue on the swiftfax backend with the repository's PPD (lpadmin, as README says).
    public func addFaxQueue(_ name: String = "fax", uri: String, options: [String] = []) throws {
        let result = try tool("/usr/sbin/lpadmin", ["-p", name, "-E", "-v", uri, "-P", Self.ppd, "-D", "Office fax"] + options)
        guard result.status == 0 else { throw FaxdTestError("lpadmin failed (\(String(describing: result.status))): \(result.output)") }
    }

    /// `lp …`; returns the job id from "request id is fax-12 (1 file(s))".
    public func print(_ arguments: [String]) throws -> Int {
        let result = try tool("/usr/bin/lp", arguments)
        guard result.status == 0, let range = result.output.range(of: #"request id is \S+-(\d+)"#, options: .regularExpression),
              let id = Int(result.output[range].split(separator: "-").last ?? "") else {
            throw FaxdTestError("lp \(arguments) failed (\(String(describing: result.status))): \(result.output)")
        }
        return id
    }

    public func errorLog(tail lines: Int = 60) -> String {
        let text = (try? String(contentsOfFile: errorLogPath, encoding: .utf8)) ?? ""
        return text.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines).joined(separator: "\n")
    }

    deinit { stop() }
}
