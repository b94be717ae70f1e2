// DocumentStore: the files behind jobs, under <spool>/documents — one private directory per
// document (0700), files 0600, written and fsync'd (file, folder and the folder's entry) before the
// job that points at them is committed. Submissions are checked here first: the format from the first bytes (42xx errors
// for anything the converter cannot take) and the size limit.

import FaxDocuments
import Foundation
import T30

public struct DocumentStore: Sendable {
    public let directory: String
    public let maxBytes: Int

    public init(directory: String, maxBytes: Int) {
        self.directory = directory
        self.maxBytes = maxBytes
    }

    /// Creates the documents directory (0700) if needed.
    public func prepare() throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        chmod(directory, 0o700)
    }

    /// Checks a submitted document: not empty, not over the limit, a format the converter takes.
    public func check(_ bytes: some Collection<UInt8>) throws(DocumentError) -> DocumentFormat {
        guard !bytes.isEmpty else { throw .noPages(path: "the document") }
        guard bytes.count <= maxBytes else {
            throw .tooLarge(path: "the document", reason: "\(bytes.count) bytes; the limit is \(maxBytes)")
        }
        guard let format = DocumentFormat.detect(Array(bytes.prefix(1024))) else {
            throw .unsupportedFormat(path: "the document")
        }
        return format
    }

    /// Stores the bytes as a new document; returns the file's path. Durable when it returns (the
    /// file, its folder and the folder's entry in the documents directory fsync'd) unless
    /// `durable` is false (tests, scratch files).
    public func store(_ bytes: some Collection<UInt8>, name: String = "original", durable: Bool = true) throws -> String {
        let folder = directory + "/" + UUID().uuidString.lowercased()
        guard mkdir(folder, 0o700) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        let path = folder + "/" + name
        do {
            try Self.writeFile(Array(bytes), to: path, sync: durable)
            if durable { try Self.syncFolders(of: path) }
        } catch {
            try? FileManager.default.removeItem(atPath: folder)
            throw error
        }
        return path
    }

    /// A new empty private directory for files a job produces (the transmitted TIFF, the inbox).
    public func makeFolder() throws -> String {
        let folder = directory + "/" + UUID().uuidString.lowercased()
        guard mkdir(folder, 0o700) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        return folder
    }

    /// Removes a stored document's directory (a submission that was refused after storing).
    public func remove(_ path: String) {
        let folder = (path as NSString).deletingLastPathComponent
        guard folder.hasPrefix(directory + "/") else { return }
        try? FileManager.default.removeItem(atPath: folder)
    }

    static func writeFile(_ bytes: [UInt8], to path: String, sync: Bool) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        defer { close(fd) }
        try writeAll(bytes, to: fd)
        if sync, fsync(fd) != 0 { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    }

    /// Writes every byte to `fd`, resuming after partial writes and EINTR.
    public static func writeAll(_ bytes: [UInt8], to fd: Int32) throws {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, bytes.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
            }
            offset += n
        }
    }

    /// fsync of one file: its data and size are on disk when this returns. Errors are thrown, never
    /// ignored: a failed fsync means the data may not be there.
    public static func syncFile(_ path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    }

    /// fsync of a directory: the entries created, renamed or removed in it are on disk.
    public static func syncDirectory(_ path: String) throws {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    }

    /// fsync of the folder holding `path` and of that folder's own entry in its parent (a
    /// per-document folder is new with its first file).
    public static func syncFolders(of path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        try syncDirectory(folder)
        try syncDirectory((folder as NSString).deletingLastPathComponent)
    }

    /// A file written by someone else (the converter, the T.30 receiver, the PDF writer) made
    /// durable: the file, its folder and the folder's entry. Before its path or page count is
    /// committed to the spool.
    public static func syncWritten(_ path: String) throws {
        try syncFile(path)
        try syncFolders(of: path)
    }
}
