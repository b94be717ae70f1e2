// IsolatedConverter: the conversion helper (`faxd convert-document`) gives exactly what converting in this process
// gives — the same TIFF/F for a good document, the same DocumentError for a bad one — and a helper
// that dies, hangs or prints garbage becomes a 4201 for that document, not a crash of the caller.

import FaxDocuments
import Foundation
import T4
import Testing

struct IsolatedConverterTests {
    /// faxd, built beside the test bundle, is the helper.
    static let helper = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("faxd").path

    func request(_ ws: Workspace, _ source: String, output: String) -> ConversionRequest {
        ConversionRequest(source: source, output: ws.file(output), resolution: .fine, temporaryDirectory: ws.path,
                          header: .init(sender: "Isolation test", number: "+1 555 0100", recipient: "+15550200",
                                        timeZone: "Europe/Berlin", date: Date(timeIntervalSince1970: 1_800_000_000)))
    }

    @Test func helperOutputIsTheInProcessConversion() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        #expect(FileManager.default.isExecutableFile(atPath: Self.helper), "\(Self.helper) is not built")
        let ps = ws.file("letter.ps")
        try Workspace.postScript(pages: 2).write(toFile: ps, atomically: true, encoding: .utf8)
        let pages = try IsolatedConverter(helper: Self.helper).convert(request(ws, ps, output: "isolated.tif"))
        let local = try request(ws, ps, output: "local.tif").perform()
        #expect(pages == 2 && local == 2)
        #expect(try TIFFFaxReader.readPages(path: ws.file("isolated.tif")).map(\.bits)
                == TIFFFaxReader.readPages(path: ws.file("local.tif")).map(\.bits))
    }

    @Test func helperReportsTheSameRefusal() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let cases: [(String, [UInt8])] = [
            ("empty.pdf", Array("%PDF-1.4\n%%EOF\n".utf8)),
            ("huge.png", HostileFiles.png(width: 30000, height: 30000)),
            ("huge.tif", HostileFiles.tiff([.init(width: 0xFFFF_FFF0, length: 0xFFFF_FFF0)])),
        ]
        for (name, bytes) in cases {
            let path = ws.file(name)
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            let local = #expect(throws: DocumentError.self) { try request(ws, path, output: "l-\(name).tif").perform() }
            let isolated = #expect(throws: DocumentError.self) {
                try IsolatedConverter(helper: Self.helper).convert(request(ws, path, output: "i-\(name).tif"))
            }
            #expect(isolated == local, "\(name)")
            #expect([4201, 4202].contains(isolated?.code ?? 0))
        }
    }

    @Test func aHelperThatDiesHangsOrBabblesIsA4201() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let doc = ws.file("letter.txt")
        try "A letter.\n".write(toFile: doc, atomically: true, encoding: .utf8)
        let scripts = [
            ("segv", "kill -SEGV $$", "crashed"),
            ("bus error", "kill -BUS $$", "crashed"),
            ("hang", "exec sleep 600", "time limit"),
            ("garbage", "echo '{not json'; exit 0", "failed"),
            ("no pages", "echo '{\"pages\":0}'; exit 0", "failed"),
        ]
        for (name, body, says) in scripts {
            let script = ws.file("\(name).sh")
            try "#!/bin/sh\n\(body)\n".write(toFile: script, atomically: true, encoding: .utf8)
            chmod(script, 0o755)
            let started = Date()
            let error = #expect(throws: DocumentError.self) {
                try IsolatedConverter(helper: script, timeoutSeconds: 2).convert(request(ws, doc, output: "\(name).tif"))
            }
            #expect(error?.code == 4201, "\(name)")
            #expect(error?.description.contains(says) == true, "\(name): \(String(describing: error))")
            #expect(Date().timeIntervalSince(started) < 10, "\(name)")
        }
    }
}
