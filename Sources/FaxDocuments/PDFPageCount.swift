// PDFPageCount: how many pages a PDF has, from poppler's pdfinfo as a bounded subprocess — known
// before rendering starts, the page header's "Page n/m" can be stamped and each page coded while
// Ghostscript is still rendering the next ones. Nil when pdfinfo cannot tell (the caller then
// converts the ordinary way).

import Foundation

enum PDFPageCount {
    static let executable = "/usr/bin/pdfinfo"

    static func count(path: String, scratch: ScratchDirectory) -> Int? {
        guard FileManager.default.isExecutableFile(atPath: executable) else { return nil }
        let process = BoundedProcess(executable: executable, arguments: [path], timeoutSeconds: 10,
                                     memoryBytes: 512 << 20, fileBytes: 1 << 20, environment: ["TMPDIR": scratch.path])
        let found = OutputBox()
        guard let outcome = try? process.run(readOutput: { fd, _ in
            // Line by line, keeping one line of at most 4 KiB: a PDF's metadata (printed before
            // "Pages:") is the author's, and may be huge.
            var line: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let n = read(fd, &buffer, buffer.count)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { break }
                for byte in buffer[0..<n] {
                    if byte == 0x0A {
                        if found.pages == nil, let pages = Self.pages(in: line) { found.pages = pages }
                        line.removeAll(keepingCapacity: true)
                    } else if line.count < 4096 {
                        line.append(byte)
                    }
                }
            }
        }), outcome.status == 0, !outcome.timedOut else { return nil }
        return found.pages
    }

    /// The count from a "Pages:  12" line.
    static func pages(in line: [UInt8]) -> Int? {
        let text = String(decoding: line, as: UTF8.self)
        guard text.hasPrefix("Pages:"), let pages = Int(text.dropFirst(6).trimmingCharacters(in: .whitespaces)),
              pages > 0 else { return nil }
        return pages
    }

    private final class OutputBox: @unchecked Sendable {
        var pages: Int?  // written by the reader before `run` returns
    }
}
