// ScratchDirectory: a private temporary directory for one conversion, removed with everything in it.

import Foundation

/// Created under `parent`; `remove()` (call it in a `defer`) deletes it whatever happened.
struct ScratchDirectory {
    let path: String

    init(parent: String) throws {
        let path = (parent as NSString).appendingPathComponent("swiftfax-doc-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw DocumentError.outputFailed(path: path, reason: "cannot create a scratch directory")
        }
        self.path = path
    }

    func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}
