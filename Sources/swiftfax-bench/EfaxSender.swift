// EfaxSender: efax sending a document's pages (as PBM: efax codes them itself) through a modem
// on the exchange, as the line-time benchmarks' independent baseline. Nil when efax is not
// installed (`apt-get install efax`): the benchmark then prints its own figures only.

import Foundation
import T4

enum EfaxSender {
    static let path = "/usr/bin/efax"

    /// Starts `efax -d tty <option> -t number` with `pages` written to PBM files in `dir`.
    static func start(_ pages: [FaxPage], dir: String, tty: String, option: String, identity: String, number: String) throws -> Process? {
        guard FileManager.default.isExecutableFile(atPath: path) else { return nil }
        var files: [String] = []
        for (i, page) in pages.enumerated() {
            var data = Data("P4\n\(page.width) \(page.length)\n".utf8)
            data.append(contentsOf: page.bits)
            files.append("\(dir)/efax-p\(i + 1).pbm")
            try data.write(to: URL(fileURLWithPath: files.last!))
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["-d", tty, option, "-l", identity, "-h", "", "-t", number] + files
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }
}
