// DocumentConverter: the document layer's entry point — input files (any supported format) plus an
// optional cover page to TIFF/F fax pages with the page header stamped, within the configured limits.

import Foundation
import T4

public struct DocumentConverter: Sendable {
    public var options: ConversionOptions

    public init(options: ConversionOptions = ConversionOptions()) {
        self.options = options
    }

    /// The format of the file at `path`, from its content; 4201 if none matches.
    public static func detectFormat(path: String) throws -> DocumentFormat {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw DocumentError.invalid(path: path, reason: "cannot open the file")
        }
        defer { try? handle.close() }
        let head = [UInt8]((try? handle.read(upToCount: 1024)) ?? Data())
        guard let format = DocumentFormat.detect(head) else { throw DocumentError.unsupportedFormat(path: path) }
        return format
    }

    /// Fax pages for `inputs` in order, after `cover` if given; every page carries the header if one is set.
    public func pages(for inputs: [String], cover: CoverPage? = nil) throws -> [FaxPage] {
        let scratch = try ScratchDirectory(parent: options.temporaryDirectory)
        defer { scratch.remove() }
        var sources: [SourcePage] = []
        for path in inputs {
            let remaining = options.limits.maxPages - sources.count - (cover == nil ? 0 : 1)
            guard remaining > 0 else {
                throw DocumentError.tooLarge(path: path, reason: "more than \(options.limits.maxPages) pages in all")
            }
            let decoded = try decode(path: path, maxPages: remaining, scratch: scratch)
            guard !decoded.isEmpty else { throw DocumentError.noPages(path: path) }
            guard decoded.count <= remaining else {
                throw DocumentError.tooLarge(path: path, reason: "more than \(options.limits.maxPages) pages in all")
            }
            sources += decoded
        }
        let total = sources.count + (cover == nil ? 0 : 1)
        if let cover { sources.insert(.fitted(try cover.render(pages: total, options: options)), at: 0) }
        let bands = try options.header?.bands(count: total, resolution: options.resolution) ?? []
        let converter = self
        return try ParallelPages.map(sources) { index, source in
            var page = try converter.faxPage(source)
            if index < bands.count, bands[index].width == page.width { PageHeader.stamp(&page, with: bands[index]) }
            return page
        }
    }

    /// Converts `inputs` and writes one TIFF/F file to `output` (replaced only when conversion succeeds).
    @discardableResult
    public func convert(_ inputs: [String], to output: String, cover: CoverPage? = nil) throws -> [FaxPage] {
        if cover == nil, inputs.count == 1, let pages = try convertStreaming(inputs[0], to: output) { return pages }
        return try convertOrdinary(inputs, to: output, cover: cover)
    }

    /// Every input decoded, then every page coded: what `convert` does when the streaming path
    /// (DocumentConverter+Streaming) does not apply. Its file is byte for byte the streaming one's.
    func convertOrdinary(_ inputs: [String], to output: String, cover: CoverPage?) throws -> [FaxPage] {
        let pages = try pages(for: inputs, cover: cover)
        let partial = output + ".partial-\(UUID().uuidString)"
        do {
            try TIFFFaxWriter.writeConcurrently(pages, to: partial, compression: options.compression)
            if FileManager.default.fileExists(atPath: output) { try FileManager.default.removeItem(atPath: output) }
            try FileManager.default.moveItem(atPath: partial, toPath: output)
        } catch {
            try? FileManager.default.removeItem(atPath: partial)
            throw DocumentError.outputFailed(path: output, reason: "\(error)")
        }
        return pages
    }

    private func decode(path: String, maxPages: Int, scratch: ScratchDirectory) throws -> [SourcePage] {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        guard let size = (attributes?[.size] as? NSNumber)?.intValue else {
            throw DocumentError.invalid(path: path, reason: "no such file")
        }
        guard size <= options.limits.maxInputBytes else {
            throw DocumentError.tooLarge(path: path, reason: "\(size) bytes (limit \(options.limits.maxInputBytes))")
        }
        var limits = options.limits
        limits.maxPages = maxPages
        switch try Self.detectFormat(path: path) {
        case .pdf, .postScript:
            return try GhostscriptRenderer.render(path: path, options: options, maxPages: maxPages, scratch: scratch)
                .map { .fax($0) }
        case .tiff:
            var local = options
            local.limits = limits
            return try TIFFDecoder.decode(path: path, options: local)
        case .png, .jpeg, .gif:
            return try ImageDecoder.decode(try read(path), path: path, limits: limits).map { .image($0) }
        case .cupsRaster:
            return try CupsRasterDecoder.decode(path: path, limits: limits).map { .image($0) }
        case .text:
            var local = options
            local.limits = limits
            return try PlainTextDocument.render(try read(path), path: path, options: local).map { .fitted($0) }
        }
    }

    private func read(_ path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DocumentError.invalid(path: path, reason: "cannot read the file")
        }
        return [UInt8](data)
    }

    private func faxPage(_ source: SourcePage) throws -> FaxPage {
        switch source {
        case .fax(let page):
            return page
        case .fitted(let grey):
            return Bilevel.page(from: grey, resolution: options.resolution, method: options.bilevel)
        case .image(let grey):
            let fitted = try PageFitter.fit(grey, resolution: options.resolution, paper: options.paper)
            return Bilevel.page(from: fitted, resolution: options.resolution, method: options.bilevel)
        }
    }
}
