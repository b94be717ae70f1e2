// MailAddress: an email address as SwiftFax accepts one (RFC 5321's mailbox, the dot-atom form
// only: no quoted local parts, no comments, no source routes) with an optional display name —
// checked when made, so what reaches a header or an SMTP envelope is only ever a plain address.

public struct MailAddress: Sendable, Hashable, CustomStringConvertible {
    public let address: String
    public let displayName: String?

    public enum Problem: Error, Equatable, CustomStringConvertible {
        case invalid(String)
        public var description: String {
            switch self { case .invalid(let text): "\"\(text.prefix(80))\" is not an email address (local@domain)" }
        }
    }

    /// Checks `address`: local@domain, each at most 64/255 bytes, atoms of RFC 5322's atext
    /// separated by single dots, the domain's labels letters, digits and inner hyphens.
    public init(_ address: String, displayName: String? = nil) throws(Problem) {
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard address.utf8.count <= 254, parts.count == 2 else { throw .invalid(address) }
        let (local, domain) = (parts[0], parts[1])
        let atext = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~")
        guard !local.isEmpty, local.utf8.count <= 64,
              local.split(separator: ".", omittingEmptySubsequences: false).allSatisfy({ !$0.isEmpty && $0.allSatisfy(atext.contains) }) else {
            throw .invalid(address)
        }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard domain.utf8.count <= 253, labels.count >= 2, labels.allSatisfy({ label in
            !label.isEmpty && label.count <= 63 && label.first != "-" && label.last != "-"
                && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        }) else { throw .invalid(address) }
        self.address = address
        self.displayName = displayName.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// For a header: `"Name" <local@domain>`, or the bare address; the address goes on a line
    /// of its own when the name's last line would make it long.
    public var headerValue: String {
        guard let displayName else { return address }
        let phrase = HeaderText.phrase(displayName)
        let lastLine = phrase.components(separatedBy: "\r\n").last ?? phrase
        return phrase + (lastLine.count + address.count + 3 > 72 ? "\r\n <" : " <") + address + ">"
    }

    public var description: String { headerValue }
}
