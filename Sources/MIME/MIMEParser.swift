// MIMEParser: a mail message from the Internet (RFC 5322, MIME: RFC 2045, 2046) read into
// MIMEEntity values, for mail that becomes a fax. The message is hostile until proven
// otherwise: MailLimits bounds its size, nesting, parts and header blocks; every scan moves
// forward (finding line ends with memchr), so the work is linear in the message's size times
// its nesting depth; nothing on the input can trap. Line ends may be CRLF or LF.

import Foundation

public enum MIMEParser {
    /// The message's entity tree: headers, then for a multipart its parts (RFC 2046 §5.1:
    /// preamble and epilogue ignored, a missing close delimiter tolerated), else its decoded
    /// body. message/rfc822 parts are leaves. A leading mbox "From " line is skipped.
    public static func parse(_ message: [UInt8], limits: MailLimits = MailLimits()) throws(MIMEParseError) -> MIMEEntity {
        guard message.count <= limits.maxBytes else { throw .tooLarge(limit: limits.maxBytes) }
        var reader = Reader(bytes: message, limits: limits)
        let start = reader.mboxLineEnd()
        return try reader.entity(start..<message.count, part: .message, multipartDepth: 0)
    }

    /// One parse: the message, the limits, and the parts seen so far.
    struct Reader {
        let bytes: [UInt8]
        let maxDepth: Int, maxParts: Int, maxHeaderBytes: Int, maxHeaderFields: Int
        /// Parts found in multipart bodies so far (the limit's count).
        var partsFound = 0
        /// Parts read so far, depth first (their numbers in errors).
        var partsRead = 0

        init(bytes: [UInt8], limits: MailLimits) {
            self.bytes = bytes
            maxDepth = min(max(limits.maxDepth, 0), 64)
            maxParts = max(limits.maxParts, 0)
            maxHeaderBytes = max(limits.maxHeaderBytes, 0)
            maxHeaderFields = max(limits.maxHeaderFields, 0)
        }

        /// Where the message starts after an mbox "From " line ("From sender date": a space
        /// before the first colon, unlike a From field), if it has one.
        func mboxLineEnd() -> Int {
            guard bytes.starts(with: "From ".utf8) else { return 0 }
            let lineEnd = lineFeed(from: 0, to: bytes.count)
            let colon = bytes[..<lineEnd].firstIndex(of: UInt8(ascii: ":")) ?? lineEnd
            let name = Self.trimmed(Array(bytes[..<colon]))
            return name.contains(0x20) ? min(lineEnd + 1, bytes.count) : 0
        }

        /// The entity in `range`, whose multipart ancestors number `multipartDepth`.
        mutating func entity(_ range: Range<Int>, part: MIMEParseError.Part, multipartDepth: Int) throws(MIMEParseError) -> MIMEEntity {
            let (fields, bodyStart) = try headerBlock(range, part: part)
            var entity = MIMEEntity(fields: fields)
            let label = entity.filename.map(MIMEParseError.Part.file) ?? part
            let body = bodyStart..<range.upperBound
            if entity.isMultipart {
                guard multipartDepth < maxDepth else { throw .tooDeep(limit: maxDepth) }
                guard let boundary = entity.parameters["boundary"], !boundary.isEmpty, boundary.utf8.count <= 200 else {
                    throw .missingBoundary(label)
                }
                let ranges = try partRanges(body, boundary: Array(boundary.utf8), label: label)
                entity.parts.reserveCapacity(ranges.count)
                for range in ranges {
                    partsRead += 1
                    entity.parts.append(try self.entity(range, part: .number(partsRead), multipartDepth: multipartDepth + 1))
                }
            } else {
                entity.body = try decoded(body, encoding: entity.field("Content-Transfer-Encoding"), label: label)
            }
            return entity
        }

        /// The fields of the header block at the start of `range` (unfolded), and where the body
        /// starts: after the empty line, or at the end when there is none.
        func headerBlock(_ range: Range<Int>, part: MIMEParseError.Part) throws(MIMEParseError) -> (fields: [(name: String, value: String)], bodyStart: Int) {
            var fields: [(name: String, value: String)] = []
            var name = "", value: [UInt8] = []
            func finishField() {
                guard !name.isEmpty else { return }
                fields.append((name, MailCharset.utf8OrWindows1252(Self.trimmed(value))))
                name = ""
                value = []
            }
            // A line end searched for beyond this lies beyond the limit.
            let searchEnd = maxHeaderBytes < range.count - 2 ? range.lowerBound + maxHeaderBytes + 2 : range.upperBound
            var lineStart = range.lowerBound
            while lineStart < range.upperBound {
                let lineEnd = lineFeed(from: lineStart, to: searchEnd)
                guard lineEnd - range.lowerBound <= maxHeaderBytes else { throw .headerTooLarge(part, limit: maxHeaderBytes) }
                var contentEnd = lineEnd
                if contentEnd > lineStart, bytes[contentEnd - 1] == 13 { contentEnd -= 1 }
                if contentEnd == lineStart {  // the empty line that ends the header block
                    finishField()
                    return (fields, min(lineEnd + 1, range.upperBound))
                }
                let first = bytes[lineStart]
                if first == 0x20 || first == 0x09 {  // a continuation: unfolding removes only the line break
                    guard !name.isEmpty else { throw .malformedHeader(part) }
                    Self.appendVisible(bytes[lineStart..<contentEnd], to: &value)
                } else {
                    finishField()
                    var colon = lineStart
                    while colon < contentEnd, bytes[colon] != UInt8(ascii: ":") { colon += 1 }
                    var nameEnd = colon
                    while nameEnd > lineStart, bytes[nameEnd - 1] == 0x20 || bytes[nameEnd - 1] == 0x09 { nameEnd -= 1 }
                    guard colon < contentEnd, nameEnd > lineStart,
                          bytes[lineStart..<nameEnd].allSatisfy({ (33...126).contains($0) }) else { throw .malformedHeader(part) }
                    guard fields.count < maxHeaderFields else { throw .tooManyHeaderFields(part, limit: maxHeaderFields) }
                    name = String(decoding: bytes[lineStart..<nameEnd], as: UTF8.self)
                    Self.appendVisible(bytes[(colon + 1)..<contentEnd], to: &value)
                }
                lineStart = lineEnd + 1
            }
            finishField()
            return (fields, range.upperBound)
        }

        /// The ranges of a multipart body's parts: between delimiter lines ("--" boundary, then
        /// only white space), each without the line break before the next delimiter; the close
        /// delimiter ("--" boundary "--") ends the last, else the body's end does.
        mutating func partRanges(_ body: Range<Int>, boundary: [UInt8], label: MIMEParseError.Part) throws(MIMEParseError) -> [Range<Int>] {
            let delimiter = Array("--".utf8) + boundary
            var ranges: [Range<Int>] = []
            var partStart: Int?  // nil in the preamble
            var lineStart = body.lowerBound
            while lineStart < body.upperBound {
                let lineEnd = lineFeed(from: lineStart, to: body.upperBound)
                if let close = delimiterLine(lineStart..<lineEnd, delimiter) {
                    if let start = partStart {
                        var end = lineStart
                        if end > start, bytes[end - 1] == 10 { end -= 1 }
                        if end > start, bytes[end - 1] == 13 { end -= 1 }
                        ranges.append(start..<end)
                        partsFound += 1
                        guard partsFound <= maxParts else { throw .tooManyParts(limit: maxParts) }
                    }
                    if close { return ranges }
                    partStart = min(lineEnd + 1, body.upperBound)
                }
                lineStart = lineEnd + 1
            }
            guard let start = partStart else { throw .boundaryNotFound(label) }
            ranges.append(start..<body.upperBound)
            partsFound += 1
            guard partsFound <= maxParts else { throw .tooManyParts(limit: maxParts) }
            return ranges
        }

        /// Whether `line` is a delimiter line: nil when not, true for the close delimiter.
        func delimiterLine(_ line: Range<Int>, _ delimiter: [UInt8]) -> Bool? {
            guard line.count >= delimiter.count else { return nil }
            var i = line.lowerBound
            for byte in delimiter {
                guard bytes[i] == byte else { return nil }
                i += 1
            }
            var close = false
            if line.upperBound - i >= 2, bytes[i] == UInt8(ascii: "-"), bytes[i + 1] == UInt8(ascii: "-") {
                close = true
                i += 2
            }
            while i < line.upperBound {  // transport padding, and the CR of a CRLF
                guard bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 13 else { return nil }
                i += 1
            }
            return close
        }

        /// A leaf's content with its transfer encoding undone.
        func decoded(_ body: Range<Int>, encoding field: String?, label: MIMEParseError.Part) throws(MIMEParseError) -> [UInt8] {
            let encoding = field.map { HeaderParameters.parse($0).value } ?? ""
            switch encoding {
            case "", "7bit", "8bit", "binary":
                return Array(bytes[body])
            case "base64":
                guard let data = TransferDecoding.base64(bytes[body]) else { throw .brokenBase64(label) }
                return data
            case "quoted-printable":
                return TransferDecoding.quotedPrintable(bytes[body])
            default:
                let shown = String(encoding.filter { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }.prefix(40))
                throw .unknownTransferEncoding(label, encoding: shown)
            }
        }

        /// The index of the first LF in `from..<to`, or `to`.
        func lineFeed(from start: Int, to end: Int) -> Int {
            guard start < end else { return end }
            return bytes.withUnsafeBufferPointer { buffer in
                guard let base = buffer.baseAddress, let found = memchr(base + start, 10, end - start) else { return end }
                return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            }
        }

        /// Header bytes with control characters but tab (a stray CR, NUL, …) made spaces.
        static func appendVisible(_ bytes: ArraySlice<UInt8>, to value: inout [UInt8]) {
            for byte in bytes { value.append(byte < 0x20 && byte != 0x09 || byte == 0x7F ? 0x20 : byte) }
        }

        static func trimmed(_ value: [UInt8]) -> ArraySlice<UInt8> {
            let isSpace = { (b: UInt8) in b == 0x20 || b == 0x09 }
            guard let first = value.firstIndex(where: { !isSpace($0) }), let last = value.lastIndex(where: { !isSpace($0) }) else { return [] }
            return value[first...last]
        }
    }
}
