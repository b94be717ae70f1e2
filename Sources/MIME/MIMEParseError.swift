// MIMEParseError: why MIMEParser refused a message, each case with a short sentence a bounce
// message can quote ("the message has more than 100 MIME parts"). Names from the message (a
// file name) reach the sentence only as MIMEEntity.filename made them: a safe base name.

public enum MIMEParseError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Which entity a problem is in: the message itself, a body part by its number (1 is the
    /// first part, counting every part depth first), or a part by its file name.
    public enum Part: Equatable, Sendable, CustomStringConvertible {
        case message
        case number(Int)
        case file(String)

        public var description: String {
            switch self {
            case .message: "the message"
            case .number(let n): "part \(n)"
            case .file(let name): "the attachment “\(name)”"
            }
        }
    }

    case tooLarge(limit: Int)
    case tooDeep(limit: Int)
    case tooManyParts(limit: Int)
    case headerTooLarge(Part, limit: Int)
    case tooManyHeaderFields(Part, limit: Int)
    /// A header line that is neither a field ("Name: value") nor the continuation of one.
    case malformedHeader(Part)
    /// A multipart whose Content-Type has no boundary parameter (or an unusable one).
    case missingBoundary(Part)
    /// A multipart whose boundary never starts a line of its body.
    case boundaryNotFound(Part)
    case brokenBase64(Part)
    /// A Content-Transfer-Encoding other than 7bit, 8bit, binary, base64 and quoted-printable.
    case unknownTransferEncoding(Part, encoding: String)

    public var description: String {
        switch self {
        case .tooLarge(let limit): "the message is larger than \(Self.bytes(limit))"
        case .tooDeep(let limit): "the message nests multiparts more than \(limit) deep"
        case .tooManyParts(let limit): "the message has more than \(limit) MIME parts"
        case .headerTooLarge(let part, let limit): "the header of \(part) is larger than \(Self.bytes(limit))"
        case .tooManyHeaderFields(let part, let limit): "the header of \(part) has more than \(limit) fields"
        case .malformedHeader(let part): "the header of \(part) has a malformed line"
        case .missingBoundary(let part): "\(part) is a multipart without a boundary"
        case .boundaryNotFound(let part): "\(part) is a multipart whose boundary never occurs"
        case .brokenBase64(let part): "the base64 encoding of \(part) is broken"
        case .unknownTransferEncoding(let part, let encoding): "\(part) has an unknown transfer encoding (\(encoding))"
        }
    }

    /// "25 MiB", "64 KiB", "1000 bytes".
    static func bytes(_ count: Int) -> String {
        if count > 0, count % (1 << 20) == 0 { return "\(count >> 20) MiB" }
        if count > 0, count % (1 << 10) == 0 { return "\(count >> 10) KiB" }
        return "\(count) bytes"
    }
}
