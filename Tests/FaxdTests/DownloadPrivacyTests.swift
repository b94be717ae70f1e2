// A fax downloaded as PDF is made from its TIFF by tiff2pdf. Before, faxd made it in the shared
// /tmp (world-readable, at a guessable name while tiff2pdf wrote it). Now it is made in the
// spool's private scratch directory (0700) and removed once sent; faxd's umask is 0077, so
// nothing it or a helper creates is readable by others; and faxd's TMPDIR is that scratch
// directory, so a helper's own temporary files (Ghostscript's, ImageMagick's) do not reach /tmp
// either. The test watches the scratch directory with inotify (not the shared /tmp).

import FaxAPIModels
import FaxClient
import FaxTestSupport
import FaxdTestSupport
import Foundation
import Spool
import Testing
import VirtualExchange

@Suite(.serialized) struct DownloadPrivacyTests {
    @Test func pdfDownloadsAreMadeInThePrivateScratchDirectory() async throws {
        let harness = try FaxdHarness("faxd-download", modems: [("ttyOut", "15550101", false, true)]) { exchange, _ in
            exchange.addBehaviourLine(number: "15550300", profile: LineProfile(answering: .neverAnswers))
        }
        defer { harness.stop() }
        let client = harness.client
        let pid = try #require(harness.faxd.pid)
        let scratch = harness.spoolDirectory + "/tmp"

        // faxd's process: umask 0077; the scratch directory 0700. (faxd sets TMPDIR to it after
        // it starts, which /proc/PID/environ, the environment faxd was started with, does not show.)
        let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        #expect(status.split(separator: "\n").contains("Umask:\t0077"), "\(status.split(separator: "\n").filter { $0.hasPrefix("Umask") })")
        var st = stat()
        try #require(stat(scratch, &st) == 0, "no scratch directory \(scratch)")
        #expect(st.st_mode & 0o777 == 0o700)

        // A fax whose document has been converted (dialling a line that never answers).
        let (document, _) = try writeChart(harness.dir, pages: 2, name: "doc.tif", seed: 4, density: 0.3)
        let fax = try await client.submit(file: document, SubmitFaxRequest(to: "+15550300"))
        let converted = try await harness.wait(for: JobID(fax.id), timeout: 60) { $0.transmitPath != nil || $0.state.isFinished }
        try #require(converted.transmitPath != nil, "\(converted.state)\n\(harness.faxd.log())")

        // Download the transmitted fax as PDF while watching the scratch directory.
        let watch = inotify_init1(Int32(IN_NONBLOCK))
        try #require(watch >= 0)
        defer { close(watch) }
        try #require(inotify_add_watch(watch, scratch, UInt32(IN_CREATE | IN_DELETE)) >= 0)
        for _ in 0..<3 {
            let pdf = try await client.document(fax.id, kind: "transmitted", format: "pdf")
            #expect(pdf.starts(with: Array("%PDF-".utf8)))
        }
        let events = Self.events(watch)
        let created = events.filter { $0.mask & UInt32(IN_CREATE) != 0 }.map(\.name)
        let deleted = events.filter { $0.mask & UInt32(IN_DELETE) != 0 }.map(\.name)
        #expect(created.filter { $0.hasPrefix("download-") }.count == 3, "created in \(scratch): \(created)")
        #expect(Set(deleted) == Set(created), "created \(created), removed \(deleted)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch).isEmpty)

        _ = try await client.perform(.cancel, fax.id)
        _ = try await harness.wait(for: JobID(fax.id), timeout: 30) { $0.state.isFinished }
    }

    struct Event { let mask: UInt32; let name: String }

    /// The inotify events waiting on `fd` (non-blocking).
    static func events(_ fd: Int32) -> [Event] {
        var events: [Event] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            guard count > 0 else { return events }
            var offset = 0
            while offset + 16 <= count {
                let mask = buffer[(offset + 4)..<(offset + 8)].withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) }
                let length = Int(buffer[(offset + 12)..<(offset + 16)].withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) })
                let nameBytes = buffer[(offset + 16)..<(offset + 16 + length)].prefix { $0 != 0 }
                events.append(Event(mask: mask, name: String(decoding: nameBytes, as: UTF8.self)))
                offset += 16 + length
            }
        }
    }
}
