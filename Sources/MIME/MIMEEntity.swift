// MIMEEntity: a message, or one of its body parts, as MIMEParser read it — its header fields
// as they came (unfolded), their meaning (media type, parameters, a safe file name), and its
// content: the decoded body of a leaf, or the parts of a multipart. Values from the message
// that a caller may put into a header of its own go through text(_:), which decodes encoded
// words and leaves no control characters.

public struct MIMEEntity: Sendable {
    /// The header fields in order: folding removed, control characters but tab (a stray CR, a
    /// NUL) made spaces, values trimmed and not decoded (8-bit bytes read as UTF-8, else
    /// Windows-1252).
    public let fields: [(name: String, value: String)]
    /// "type/subtype" lowercased; text/plain when Content-Type is missing or unreadable (RFC 2045 §5.2).
    public let mediaType: String
    /// Content-Type's parameters: names lowercased, values unquoted, RFC 2231 decoded.
    public let parameters: [String: String]
    /// Content-Disposition's type lowercased ("attachment", "inline"), nil without one.
    public let disposition: String?
    /// The file name (Content-Disposition's filename, else Content-Type's name), decoded and
    /// made a safe base name: no path, no control characters, no leading dot, at most 200 bytes.
    public let filename: String?
    /// The decoded content of a leaf (message/rfc822 parts are leaves: the message as bytes);
    /// empty for a multipart.
    public internal(set) var body: [UInt8] = []
    /// A multipart's parts, in order (preamble and epilogue are not kept).
    public internal(set) var parts: [MIMEEntity] = []

    init(fields: [(name: String, value: String)]) {
        self.fields = fields
        let contentType = fields.first { Self.isNamed($0.name, "content-type") }.map { HeaderParameters.parse($0.value) }
        if let contentType, Self.isMediaType(contentType.value) {
            (mediaType, parameters) = contentType
        } else {
            (mediaType, parameters) = ("text/plain", [:])
        }
        let contentDisposition = fields.first { Self.isNamed($0.name, "content-disposition") }.map { HeaderParameters.parse($0.value) }
        disposition = contentDisposition.flatMap { $0.value.isEmpty ? nil : $0.value }
        filename = (contentDisposition?.parameters["filename"] ?? parameters["name"]).flatMap(SafeFilename.make)
    }

    /// The first field called `name` (in any case), as it came.
    public func field(_ name: String) -> String? {
        fields.first { Self.isNamed($0.name, name) }?.value
    }

    /// Every field called `name` (in any case), in order, as they came.
    public func fields(_ name: String) -> [String] {
        fields.filter { Self.isNamed($0.name, name) }.map(\.value)
    }

    /// The first field called `name` as text: encoded words decoded, control characters (CR and
    /// LF above all) made spaces — safe to put into a header of one's own.
    public func text(_ name: String) -> String? {
        field(name).map(EncodedWords.displayText)
    }

    public var isMultipart: Bool { mediaType.hasPrefix("multipart/") }

    /// An attachment by its disposition, or by having a file name.
    public var isAttachment: Bool { disposition == "attachment" || filename != nil }

    /// The leaf parts, depth first (the entity itself when it is a leaf).
    public var leaves: [MIMEEntity] {
        var found: [MIMEEntity] = []
        var stack = [self]
        while let entity = stack.popLast() {
            if entity.isMultipart {
                stack.append(contentsOf: entity.parts.reversed())
            } else {
                found.append(entity)
            }
        }
        return found
    }

    /// The first text/plain leaf that is no attachment, in its charset (UTF-8, US-ASCII,
    /// ISO-8859-1, ISO-8859-15, Windows-1252; UTF-8 or else Windows-1252 for any other), with
    /// LF line ends; nil when there is none.
    public var textBody: String? {
        guard let leaf = leaves.first(where: { $0.mediaType == "text/plain" && !$0.isAttachment }) else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(leaf.body.count)
        for (i, byte) in leaf.body.enumerated() where !(byte == 13 && i + 1 < leaf.body.count && leaf.body[i + 1] == 10) {
            bytes.append(byte)
        }
        return HeaderParameters.decoded(bytes, charset: leaf.parameters["charset"] ?? "us-ascii")
    }

    /// Field names compared in ASCII, ignoring case.
    static func isNamed(_ name: String, _ wanted: String) -> Bool {
        name.utf8.elementsEqual(wanted.utf8) { a, b in a == b || (a ^ 0x20 == b && (a | 0x20) >= 0x61 && (a | 0x20) <= 0x7A) }
    }

    /// "type/subtype", each an RFC 2045 token.
    static func isMediaType(_ value: String) -> Bool {
        let parts = value.split(separator: "/", omittingEmptySubsequences: false)
        let tspecials = Set("()<>@,;:\\\"/[]?=".utf8)
        return parts.count == 2 && parts.allSatisfy { part in
            !part.isEmpty && part.utf8.allSatisfy { (33...126).contains($0) && !tspecials.contains($0) }
        }
    }
}
