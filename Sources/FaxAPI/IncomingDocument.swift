// IncomingDocument: a submitted document as it arrives (an upload's `document` part, a fetched
// `document_url`), written straight to its file in the documents area — `<documents>/<uuid>/original`,
// private (0700/0600) — in pieces of at most `flushBytes`, so a submission holds that much of its
// document in memory, not the whole of it. The size limit is enforced as it arrives; the first KiB
// is kept to recognise the format. `finish()` makes it durable (file, folder and documents
// directory fsync'd); `discard()` removes it (a refused submission leaves nothing).

import FaxDocuments
import FaxServer
import Foundation
import NIOCore

final class IncomingDocument {
    let folder: String
    let path: String
    let maxBytes: Int
    private let documentsDirectory: String
    private var fd: Int32
    private var pending: [UInt8] = []
    /// Bytes received so far (written or pending).
    private(set) var size = 0
    /// The first bytes, for DocumentFormat.detect.
    private(set) var head: [UInt8] = []
    /// More than `maxBytes` arrived (the rest is not kept).
    private(set) var overLimit = false

    static let flushBytes = 256 * 1024
    static let headBytes = 1024

    /// A new empty document in `documents` (a folder of its own).
    init(in documents: DocumentStore) throws(APIProblem) {
        do {
            folder = try documents.makeFolder()
        } catch {
            throw APIProblem(.internalServerError, code: 5300, "Internal error", detail: "cannot create a document folder: \(error)")
        }
        path = folder + "/original"
        maxBytes = documents.maxBytes
        documentsDirectory = documents.directory
        fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            let error = errno
            try? FileManager.default.removeItem(atPath: folder)
            throw APIProblem(.internalServerError, code: 5300, "Internal error", detail: "cannot create a document: \(String(cString: strerror(error)))")
        }
        pending.reserveCapacity(Self.flushBytes)
    }

    deinit {
        if fd >= 0 { close(fd) }
    }

    /// Takes more bytes (synchronously: the multipart parser's callbacks cannot wait); call
    /// `flushIfNeeded()` after each piece of input.
    func append(_ chunk: ByteBuffer) {
        let count = chunk.readableBytes
        guard !overLimit, count > 0 else { return }
        if size + count > maxBytes {
            overLimit = true
            pending = []
            return
        }
        if head.count < Self.headBytes { head += chunk.readableBytesView.prefix(Self.headBytes - head.count) }
        pending += chunk.readableBytesView
        size += count
    }

    /// Refuses a document over the limit; writes what is pending once there is enough of it.
    func flushIfNeeded() async throws(APIProblem) {
        if overLimit { throw tooLarge }
        if pending.count >= Self.flushBytes { try await flush() }
    }

    var tooLarge: APIProblem {
        APIProblem.from(DocumentError.tooLarge(path: "the document", reason: "larger than the limit of \(maxBytes) bytes"))
    }

    /// Checks what arrived: not empty, not over the limit, a format the converter takes (4201/4202).
    @discardableResult
    func check(_ documents: DocumentStore) throws(APIProblem) -> DocumentFormat {
        if overLimit { throw tooLarge }
        do {
            return try documents.check(head)
        } catch {
            throw APIProblem.from(error)
        }
    }

    /// Writes the rest and makes the document durable: the file, its folder and the documents
    /// directory fsync'd. Returns the file's path.
    func finish() async throws(APIProblem) -> String {
        try await flush()
        let fd = self.fd
        let folder = self.folder, directory = documentsDirectory
        do {
            try await OffPool.run {
                guard fsync(fd) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
                try DocumentStore.syncDirectory(folder)
                try DocumentStore.syncDirectory(directory)
            }
        } catch {
            throw APIProblem(.internalServerError, code: 5300, "Internal error", detail: "cannot store the document: \(error)")
        }
        close(fd)
        self.fd = -1
        return path
    }

    /// Removes the document and its folder.
    func discard() {
        if fd >= 0 {
            close(fd)
            fd = -1
        }
        pending = []
        try? FileManager.default.removeItem(atPath: folder)
    }

    private func flush() async throws(APIProblem) {
        guard !pending.isEmpty else { return }
        let bytes = pending
        pending.removeAll(keepingCapacity: true)
        let fd = self.fd
        do {
            try await OffPool.run { try DocumentStore.writeAll(bytes, to: fd) }
        } catch {
            throw APIProblem(.internalServerError, code: 5300, "Internal error", detail: "cannot store the document: \(error)")
        }
    }
}
