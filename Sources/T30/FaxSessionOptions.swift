// FaxSessionOptions: what a T.30 session may negotiate, and who it says it is.

import CSpanDSP

/// Image-transfer modems T.30 may use. The fallback order within them is spandsp's: V.17 → V.29 → V.27ter.
public struct FaxModems: OptionSet, Sendable, Hashable, Codable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    public static let v27ter = FaxModems(rawValue: Int(T30_SUPPORT_V27TER))
    public static let v29 = FaxModems(rawValue: Int(T30_SUPPORT_V29))
    public static let v17 = FaxModems(rawValue: Int(T30_SUPPORT_V17))
    public static let all: FaxModems = [.v27ter, .v29, .v17]
}

/// Image compressions. T.6 (MMR) is only negotiated with ECM.
public struct FaxCompressions: OptionSet, Sendable, Hashable, Codable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    /// T.4 one-dimensional (MH).
    public static let t4OneDimensional = FaxCompressions(rawValue: Int(T30_SUPPORT_T4_1D_COMPRESSION))
    /// T.4 two-dimensional (MR).
    public static let t4TwoDimensional = FaxCompressions(rawValue: Int(T30_SUPPORT_T4_2D_COMPRESSION))
    /// T.6 (MMR).
    public static let t6 = FaxCompressions(rawValue: Int(T30_SUPPORT_T6_COMPRESSION))
    public static let all: FaxCompressions = [.t4OneDimensional, .t4TwoDimensional, .t6]
}

/// Vertical resolutions the session will accept or offer (horizontal is always R8).
public struct FaxResolutions: OptionSet, Sendable, Hashable, Codable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    public static let standard = FaxResolutions(rawValue: Int(T30_SUPPORT_STANDARD_RESOLUTION))
    public static let fine = FaxResolutions(rawValue: Int(T30_SUPPORT_FINE_RESOLUTION))
    public static let superfine = FaxResolutions(rawValue: Int(T30_SUPPORT_SUPERFINE_RESOLUTION))
    public static let all: FaxResolutions = [.standard, .fine, .superfine]
}

public struct FaxSessionOptions: Sendable, Hashable {
    /// Our station identity: TSI when sending, CSI when receiving (T.30: up to 20 of `0-9 +` and space).
    public var localIdentity: String
    /// Text spandsp stamps at the top of each sent page, beside date, time, identity and page number. Nil: no header line.
    public var pageHeader: String?
    /// POSIX TZ string for the page header's date and time (e.g. "EST5EDT"); nil uses UTC.
    public var pageHeaderTimeZone: String?
    public var errorCorrection: Bool
    public var modems: FaxModems
    public var compressions: FaxCompressions
    public var resolutions: FaxResolutions
    /// The hard limit on one call, in line time. spandsp can wait forever on a line with continuous noise.
    public var callDeadline: Duration

    public init(
        localIdentity: String = "",
        pageHeader: String? = nil,
        pageHeaderTimeZone: String? = nil,
        errorCorrection: Bool = true,
        modems: FaxModems = .all,
        compressions: FaxCompressions = .all,
        resolutions: FaxResolutions = .all,
        callDeadline: Duration = .seconds(15 * 60)
    ) {
        self.localIdentity = localIdentity
        self.pageHeader = pageHeader
        self.pageHeaderTimeZone = pageHeaderTimeZone
        self.errorCorrection = errorCorrection
        self.modems = modems
        self.compressions = compressions
        self.resolutions = resolutions
        self.callDeadline = callDeadline
    }

    /// Checks what T.30 cannot carry: an identity longer than 20 characters or with characters outside `0-9 +`.
    public func validate() throws(FaxSessionError) {
        guard localIdentity.count <= 20 else { throw .invalidOption("station identity is longer than 20 characters") }
        guard localIdentity.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == " " || $0 == "+") }) else {
            throw .invalidOption("station identity may hold only digits, spaces and '+'")
        }
        if let header = pageHeader, header.utf8.count > 50 {
            throw .invalidOption("page header is longer than 50 bytes")
        }
        guard !modems.isEmpty else { throw .invalidOption("no modems allowed") }
        guard !compressions.isEmpty else { throw .invalidOption("no compressions allowed") }
        guard !resolutions.isEmpty else { throw .invalidOption("no resolutions allowed") }
    }
}

public enum FaxSessionError: Error, Equatable, CustomStringConvertible {
    case invalidOption(String)

    public var description: String {
        switch self {
        case .invalidOption(let why): "invalid fax session option: \(why)"
        }
    }
}
