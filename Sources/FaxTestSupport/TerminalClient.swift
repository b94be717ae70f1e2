// TerminalClient: a raw terminal for tests: writes AT commands to a tty, reads response lines
// until a final result code.

import Foundation
import Glibc

/// A raw terminal client: writes AT commands, reads response lines until a final result code.
public final class TerminalClient {
    public let fd: Int32
    private var buffer: [UInt8] = []

    public init(path: String) throws {
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

    public static let finalCodes: Set<String> = ["OK", "ERROR", "CONNECT", "NO CARRIER", "BUSY", "NO ANSWER", "NO DIALTONE", "+FCERROR", "VCON"]

    /// Sends `command` and returns the non-empty lines up to and including the final result code.
    public func command(_ command: String, timeout: Double = 5) -> [String] {
        _ = (command + "\r").utf8CString.withUnsafeBufferPointer { write(fd, $0.baseAddress, $0.count - 1) }
        return readUntilFinal(timeout: timeout)
    }

    public func readUntilFinal(timeout: Double) -> [String] {
        var lines: [String] = []
        let deadline = Date().addingTimeInterval(timeout)
        while let line = readLine(deadline: deadline) {
            lines.append(line)
            if Self.finalCodes.contains(line) || line.hasPrefix("CONNECT") { break }
        }
        return lines
    }

    /// The next non-empty line, or nil at the deadline.
    public func readLine(deadline: Date) -> String? {
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

