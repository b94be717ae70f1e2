// DocumentError: why a document could not become fax pages, with the SwiftFax completion code it maps to.

import FaxOutcome

/// A document the converter refused or could not convert. `code` is 4201 (unsupported, invalid,
/// encrypted, empty, too slow to convert) or 4202 (too large by bytes, pages or pixels).
public enum DocumentError: Error, Equatable, Sendable, Codable, CustomStringConvertible {
    /// The content matches no supported format.
    case unsupportedFormat(path: String)
    /// The content claims a supported format but cannot be decoded.
    case invalid(path: String, reason: String)
    /// A PDF that needs a password.
    case encrypted(path: String)
    /// The document decodes to no pages at all.
    case noPages(path: String)
    /// Conversion ran past its time limit and was stopped.
    case timedOut(path: String, seconds: Double)
    /// Over a configured limit: bytes, pages or pixels.
    case tooLarge(path: String, reason: String)
    /// Writing an output file (TIFF, PDF, PNG) failed.
    case outputFailed(path: String, reason: String)

    /// The SwiftFax completion code (docs/error-codes.md).
    public var code: Int { completion.code }

    public var completion: FaxCompletion {
        switch self {
        case .tooLarge: .documentTooLarge
        case .outputFailed(_, let reason): .internalError(reason)
        default: .documentUnreadable
        }
    }

    public var description: String {
        switch self {
        case .unsupportedFormat(let path): "\(path): unsupported document format"
        case .invalid(let path, let reason): "\(path): invalid document: \(reason)"
        case .encrypted(let path): "\(path): the PDF is encrypted (password protected)"
        case .noPages(let path): "\(path): the document has no pages"
        case .timedOut(let path, let seconds): "\(path): conversion exceeded its time limit of \(seconds) s"
        case .tooLarge(let path, let reason): "\(path): document too large: \(reason)"
        case .outputFailed(let path, let reason): "\(path): cannot write output: \(reason)"
        }
    }
}
