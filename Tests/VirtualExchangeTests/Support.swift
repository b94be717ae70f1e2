// Test support for the exchange: scratch directories, documents, and a minimal AT client for a pty.

import Foundation
import Glibc
import T4

final class ScratchDirectory {
    let path: String

    init(_ label: String = "swiftfax") {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString.prefix(8))")
        try! FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        path = base.path
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    func file(_ name: String) -> String { "\(path)/\(name)" }
}

func writeChart(_ dir: ScratchDirectory, pages count: Int, name: String = "document.tif", resolution: FaxResolution = .fine, seed: UInt64 = 11) throws -> (String, [FaxPage]) {
    let pages = TestChart.pages(count: count, resolution: resolution, seed: seed)
    let path = dir.file(name)
    try TIFFFaxWriter.write(pages, to: path)
    return (path, pages)
}

/// A raw terminal client: writes AT commands, reads response lines until a final result code.
final class TerminalClient {
    let fd: Int32
    private var buffer: [UInt8] = []

    init(path: String) throws {
        fd = open(path, O_RDWR | O_NOCTTY)
        guard fd >= 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        var modes = termios()
        tcgetattr(fd, &modes)
        cfmakeraw(&modes)
        tcsetattr(fd, TCSANOW, &modes)
        tcflush(fd, TCIOFLUSH)
    }

    deinit {
        close(fd)
    }

    static let finalCodes: Set<String> = ["OK", "ERROR", "CONNECT", "NO CARRIER", "BUSY", "NO ANSWER", "NO DIALTONE", "+FCERROR"]

    /// Sends `command` and returns the non-empty lines up to and including the final result code.
    func command(_ command: String, timeout: Double = 5) -> [String] {
        _ = (command + "\r").utf8CString.withUnsafeBufferPointer { write(fd, $0.baseAddress, $0.count - 1) }
        return readUntilFinal(timeout: timeout)
    }

    func readUntilFinal(timeout: Double) -> [String] {
        var lines: [String] = []
        let deadline = Date().addingTimeInterval(timeout)
        while let line = readLine(deadline: deadline) {
            lines.append(line)
            if Self.finalCodes.contains(line) || line.hasPrefix("CONNECT") { break }
        }
        return lines
    }

    /// The next non-empty line, or nil at the deadline.
    func readLine(deadline: Date) -> String? {
        while true {
            if let end = buffer.firstIndex(where: { $0 == 0x0D || $0 == 0x0A }) {
                let line = String(decoding: buffer[..<end], as: UTF8.self).trimmingCharacters(in: .whitespaces)
                buffer.removeSubrange(...end)
                if !line.isEmpty { return line }
                continue
            }
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else { return nil }
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&pfd, 1, Int32(remaining * 1000)) > 0 else { return nil }
            var chunk = [UInt8](repeating: 0, count: 256)
            let n = read(fd, &chunk, chunk.count)
            guard n > 0 else { return nil }
            buffer.append(contentsOf: chunk[..<n])
        }
    }
}

/// Writes a page as a binary PBM (P4: rows packed MSB first, 1 = black — a FaxPage's own layout).
func writePBM(_ page: FaxPage, to path: String) throws {
    var data = Data("P4\n\(page.width) \(page.length)\n".utf8)
    data.append(contentsOf: page.bits)
    try data.write(to: URL(fileURLWithPath: path))
}
