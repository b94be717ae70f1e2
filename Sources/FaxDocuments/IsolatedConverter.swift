// IsolatedConverter: runs a ConversionRequest in a helper process of its own (by default faxd
// itself, `faxd convert-document`, started through /proc/self/exe so it works wherever faxd was
// started from, even a directory its unprivileged user cannot enter), with a wall-clock limit and
// the address-space, CPU and file-size limits the helper sets on itself. A document that crashes a
// decoder (libtiff, MagickWand, libcups), loops or eats memory ends that process only: its job
// fails with 4201/4202 and faxd, with the calls it has in progress, goes on.

import Foundation

public struct IsolatedConverter: Sendable {
    /// The helper program, run as `helper convert-document '<request>'`.
    public var helper: String
    /// Wall-clock limit for the whole conversion.
    public var timeoutSeconds: Double
    /// Address-space limit for the helper (Ghostscript, its child, has a lower one of its own).
    public var memoryBytes: Int
    /// Largest file the helper may write (the TIFF/F and its scratch files).
    public var fileBytes: Int

    /// This program, whichever path it was started from (faxd is its own conversion helper).
    public static let thisProgram = "/proc/self/exe"

    public init(helper: String = IsolatedConverter.thisProgram, timeoutSeconds: Double = 300,
                memoryBytes: Int = 4 << 30, fileBytes: Int = 512 << 20) {
        self.helper = helper
        self.timeoutSeconds = timeoutSeconds
        self.memoryBytes = memoryBytes
        self.fileBytes = fileBytes
    }

    /// Converts; returns the page count, or throws the DocumentError the helper reported, or one
    /// saying how the helper failed (crashed, timed out, killed for memory) — 4201 unless the
    /// helper itself said "too large".
    public func convert(_ request: ConversionRequest) throws -> Int {
        var request = request
        request.limits = .init(memoryBytes: memoryBytes, fileBytes: fileBytes, cpuSeconds: Int(timeoutSeconds.rounded(.up)) + 1)
        let json = String(decoding: try JSONEncoder().encode(request), as: UTF8.self)
        let process = BoundedProcess(executable: helper, arguments: [ConversionHelper.command, json], timeoutSeconds: timeoutSeconds)
        let reply = ReplyBuffer()
        let outcome = try process.run(readOutput: { fd, _ in reply.read(fd) })
        let source = request.source
        if outcome.timedOut { throw DocumentError.timedOut(path: source, seconds: timeoutSeconds) }
        if outcome.logOverflowed {
            throw DocumentError.invalid(path: source, reason: "the converter printed too much and was stopped")
        }
        if let decoded = try? JSONDecoder().decode(ConversionReply.self, from: Data(reply.bytes)) {
            if let error = decoded.error { throw error }
            if let pages = decoded.pages, pages > 0, outcome.status == 0, !outcome.signalled { return pages }
        }
        if outcome.signalled {
            let name = String(cString: strsignal(outcome.status))
            throw DocumentError.invalid(path: source, reason: "the converter crashed on it (signal \(outcome.status): \(name))\(Self.lastLine(outcome.log))")
        }
        throw DocumentError.invalid(path: source, reason: "the converter failed (exit \(outcome.status))\(Self.lastLine(outcome.log))")
    }

    private static func lastLine(_ log: String) -> String {
        guard let line = log.split(whereSeparator: \.isNewline).last else { return "" }
        return ": " + String(line.prefix(300))
    }
}

/// The helper's stdout, at most 64 KiB (a reply is a line of JSON).
private final class ReplyBuffer: @unchecked Sendable {
    private(set) var bytes: [UInt8] = []

    func read(_ fd: Int32) {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = Glibc.read(fd, &buffer, buffer.count)
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return }
            if bytes.count < 64 << 10 { bytes.append(contentsOf: buffer[0..<min(n, (64 << 10) - bytes.count)]) }
        }
    }
}
