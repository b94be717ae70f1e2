// The shipped systemd unit (etc/swiftfax-faxd.service) parses, and its sandbox does not weaken:
// `systemd-analyze security --offline=yes` scores its exposure (0 = locked down, 10 = none at
// all; the unit at ed58736 scored 9.6 UNSAFE) and must stay at or below the threshold. A sandbox
// setting systemd does not know (a typo) is reported on standard error and fails the test too.
// systemd-analyze comes with Debian's `systemd` package (scripts/install-deps.sh).

import FaxTestSupport
import FaxdTestSupport
import Foundation
import Testing

@Suite struct SystemdUnitTests {
    static let analyze = "/usr/bin/systemd-analyze"
    /// The exposure score × 10 the unit may not exceed (it scores 1.6 with systemd 252).
    static let threshold = 16
    static let unit = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("etc/swiftfax-faxd.service").path

    /// The unit as installed, with ExecStart pointing at this build's faxd (verify checks that the
    /// program exists), in a directory of its own named as systemd will know it.
    func installedCopy(_ dir: ScratchDirectory) throws -> String {
        let text = try String(contentsOfFile: Self.unit, encoding: .utf8)
        #expect(text.contains("ExecStart=/usr/local/bin/faxd "), "install-faxd.sh installs faxd in /usr/local/bin")
        let copy = dir.file("swiftfax-faxd.service")
        try text.replacingOccurrences(of: "ExecStart=/usr/local/bin/faxd ", with: "ExecStart=\(FaxdProcess.executable) ")
            .write(toFile: copy, atomically: true, encoding: .utf8)
        return copy
    }

    @Test func unitParsesAndItsExposureDoesNotRise() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.analyze), "systemd-analyze is missing: run scripts/install-deps.sh")
        let dir = ScratchDirectory("systemd-unit")
        let copy = try installedCopy(dir)

        let verify = try runSeparately(Self.analyze, ["verify", copy], in: dir)
        #expect(verify.status == 0 && verify.stderr.isEmpty, "systemd-analyze verify:\n\(verify.stdout)\n\(verify.stderr)")

        let security = try runSeparately(Self.analyze, ["security", "--offline=yes", "--threshold=\(Self.threshold)", copy], in: dir)
        let score = try #require(Self.score(security.stdout), "no overall score:\n\(security.stdout)\n\(security.stderr)")
        #expect(security.status == 0 && score <= Double(Self.threshold) / 10,
                "exposure \(score), above \(Double(Self.threshold) / 10):\n\(security.stdout)")
        #expect(security.stderr.isEmpty, "systemd-analyze security complained:\n\(security.stderr)")
        // The settings the issue asks for, by name (so a score reached another way still has them).
        let text = try String(contentsOfFile: Self.unit, encoding: .utf8)
        for setting in ["User=swiftfax", "Group=swiftfax", "SupplementaryGroups=dialout", "RuntimeDirectory=swiftfax",
                        "NoNewPrivileges=yes", "ProtectSystem=strict", "ReadWritePaths=/var/spool/swiftfax", "ProtectHome=yes",
                        "PrivateTmp=yes", "DevicePolicy=closed", "DeviceAllow=char-ttyACM rw", "ProtectKernelTunables=yes",
                        "ProtectKernelModules=yes", "ProtectKernelLogs=yes", "ProtectControlGroups=yes", "RestrictNamespaces=yes",
                        "LockPersonality=yes", "SystemCallFilter=@system-service", "SystemCallArchitectures=native",
                        "CapabilityBoundingSet=\n", "UMask=0077"] {
            #expect(text.contains(setting), "the unit lacks \(setting)")
        }
    }

    /// The unit at ed58736 (no sandbox, faxd as root until it dropped privileges itself) fails the
    /// same check: the threshold means something.
    @Test func theOldUnitFailsTheCheck() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.analyze), "systemd-analyze is missing: run scripts/install-deps.sh")
        let dir = ScratchDirectory("systemd-unit-old")
        let old = """
            [Unit]
            Description=SwiftFax fax server (faxd)
            [Service]
            Type=simple
            ExecStart=\(FaxdProcess.executable) --config /etc/swiftfax/faxd.yaml
            RuntimeDirectory=swiftfax
            RuntimeDirectoryPreserve=yes
            Restart=on-failure
            TimeoutStopSec=15min
            [Install]
            WantedBy=multi-user.target

            """
        try old.write(toFile: dir.file("swiftfax-faxd.service"), atomically: true, encoding: .utf8)
        let security = try runSeparately(Self.analyze, ["security", "--offline=yes", "--threshold=\(Self.threshold)", dir.file("swiftfax-faxd.service")], in: dir)
        #expect(security.status != 0)
        #expect((Self.score(security.stdout) ?? 0) >= 9, "\(security.stdout.suffix(300))")
    }

    /// "→ Overall exposure level for swiftfax-faxd.service: 1.6 OK 🙂" → 1.6
    static func score(_ output: String) -> Double? {
        guard let line = output.split(separator: "\n").first(where: { $0.contains("Overall exposure level") }),
              let colon = line.lastIndex(of: ":") else { return nil }
        return line[line.index(after: colon)...].split(separator: " ").first.flatMap { Double($0) }
    }

    /// Runs a tool with standard output and standard error kept apart (standard error in a file).
    func runSeparately(_ path: String, _ arguments: [String], in dir: ScratchDirectory) throws -> (status: Int32, stdout: String, stderr: String) {
        let errorPath = dir.file("stderr-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: errorPath, contents: nil)
        let errors = try FileHandle(forWritingTo: URL(fileURLWithPath: errorPath))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = errors
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try errors.close()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self), try String(contentsOfFile: errorPath, encoding: .utf8))
    }
}
