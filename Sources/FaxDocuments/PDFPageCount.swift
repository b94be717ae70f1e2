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
                                     memoryBytes: 512 << 20, environment: ["TMPDIR": scratch.path])
        let output = OutputBox()
        guard let outcome = try? process.run(logPath: scratch.file("pdfinfo.log"), readOutput: { fd, _ in
            var data = Data()
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let n = read(fd, &buffer, buffer.count)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { break }
                data.append(contentsOf: buffer[0..<n])
            }
            output.data = data
        }), outcome.status == 0, !outcome.timedOut else { return nil }
        let text = String(decoding: output.data, as: UTF8.self)
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("Pages:") }),
              let pages = Int(line.dropFirst(6).trimmingCharacters(in: .whitespaces)), pages > 0 else { return nil }
        return pages
    }

    private final class OutputBox: @unchecked Sendable {
        var data = Data()  // written by the reader before `run` returns
    }
}
