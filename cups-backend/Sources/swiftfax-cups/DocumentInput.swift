// DocumentInput: the printed document as the last filter (or cupsd, for a document that needs no
// filter) hands it to the backend — the file named in argv[6], or standard input — read whole,
// up to a limit, so an empty or huge job is told apart before faxd is asked.

import Foundation

enum DocumentInput {
    enum Problem: Error {
        case empty
        case tooLarge(limit: Int)
        case unreadable(String)
    }

    /// faxd's standard api.max_body_bytes.
    static let standardLimit = 64 << 20

    static func read(file: String?, limit: Int) throws(Problem) -> [UInt8] {
        let fd: Int32 = file.map { open($0, O_RDONLY) } ?? 0
        guard fd >= 0 else { throw .unreadable("cannot open \(file ?? "stdin"): \(String(cString: strerror(errno)))") }
        defer { if file != nil { close(fd) } }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buffer.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            guard n >= 0 else { throw .unreadable(String(cString: strerror(errno))) }
            if n == 0 { break }
            bytes += buffer[0..<n]
            if bytes.count > limit { throw .tooLarge(limit: limit) }
        }
        guard !bytes.isEmpty else { throw .empty }
        return bytes
    }
}
