// ConversionRequest: one document-to-TIFF/F conversion as plain data (source, output, resolution,
// page header, the helper's resource limits), so it can cross a process boundary: faxd hands it to
// its conversion helper (ConversionHelper, in a process of its own) and reads the ConversionReply back.

import Foundation
import T4

public struct ConversionRequest: Codable, Sendable, Equatable {
    public var source: String
    public var output: String
    /// `FaxResolution`'s raw value.
    public var resolution: String
    /// Scratch files go in a private directory inside it.
    public var temporaryDirectory: String
    public var header: Header?
    /// Limits the helper process puts on itself before it reads the document.
    public var limits: Limits?
    /// More documents after `source`, in order (a mailed fax's attachments).
    public var more: [String]?
    /// A cover page first (a mailed fax's subject and text).
    public var cover: Cover?

    /// A cover page's fields (CoverPage with the default template, dated now).
    public struct Cover: Codable, Sendable, Equatable {
        public var to: String
        public var toNumber: String
        public var from: String
        public var subject: String
        public var message: String

        public init(to: String, toNumber: String, from: String, subject: String, message: String) {
            self.to = to
            self.toNumber = toNumber
            self.from = from
            self.subject = subject
            self.message = message
        }
    }

    public struct Limits: Codable, Sendable, Equatable {
        public var memoryBytes: Int
        public var fileBytes: Int
        public var cpuSeconds: Int
    }

    /// The page header's fields (PageHeader, with the time zone by identifier and the date in
    /// seconds since 1970).
    public struct Header: Codable, Sendable, Equatable {
        public var sender: String
        public var number: String
        public var recipient: String
        public var timeZone: String
        public var date: Double

        public init(sender: String, number: String, recipient: String, timeZone: String, date: Date) {
            self.sender = sender
            self.number = number
            self.recipient = recipient
            self.timeZone = timeZone
            self.date = date.timeIntervalSince1970
        }
    }

    public init(source: String, output: String, resolution: FaxResolution, temporaryDirectory: String, header: Header?) {
        self.source = source
        self.output = output
        self.resolution = resolution.rawValue
        self.temporaryDirectory = temporaryDirectory
        self.header = header
    }

    /// The converter's options for this request.
    public var options: ConversionOptions {
        var options = ConversionOptions(resolution: FaxResolution(rawValue: resolution) ?? .fine)
        options.temporaryDirectory = temporaryDirectory
        if let header {
            options.header = PageHeader(sender: header.sender, number: header.number, recipient: header.recipient,
                                        timeZone: TimeZone(identifier: header.timeZone) ?? TimeZone(identifier: "UTC")!,
                                        date: Date(timeIntervalSince1970: header.date))
        }
        return options
    }

    /// Converts in this process; returns the page count.
    public func perform() throws -> Int {
        let page = cover.map { CoverPage(to: $0.to, toNumber: $0.toNumber, from: $0.from, subject: $0.subject, message: $0.message) }
        return try DocumentConverter(options: options).convert([source] + (more ?? []), to: output, cover: page).count
    }
}

/// What the helper prints on stdout: the page count, or why the document was refused.
public struct ConversionReply: Codable, Sendable, Equatable {
    public var pages: Int?
    public var error: DocumentError?

    public init(pages: Int? = nil, error: DocumentError? = nil) {
        self.pages = pages
        self.error = error
    }
}
