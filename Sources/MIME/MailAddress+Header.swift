// MailAddress+Header: the first mailbox of an address header that arrived with a message
// (From, Sender, Reply-To): `"Name" <a@b>`, `Name <a@b>`, `a@b`, `a@b (comment)`, groups
// (`Team: a@b, c@d;`) — read tolerantly, then held to MailAddress's own checks, so whatever
// comes back is a plain address a reply can be sent to.

extension MailAddress {
    /// The first mailbox in `value` with its domain lowercased and its display name decoded
    /// (RFC 2047) and made safe; nil when the first mailbox is no address MailAddress accepts,
    /// or there is none. Later mailboxes are never used in place of a bad first one.
    public static func firstAddress(inHeader value: String) -> MailAddress? {
        var mailbox: [HeaderToken] = []
        var inAngle = false
        for token in HeaderTokens.tokens(value, specials: "<>,:;") {
            switch (token.kind, token.text, inAngle) {
            case (.special, "<", _): inAngle = true; mailbox.append(token)
            case (.special, ">", _): inAngle = false; mailbox.append(token)
            case (.special, ":", false):  // after a group's name, which is a phrase (no "@", no "<")
                guard mailbox.allSatisfy({ $0.kind != .special && !$0.text.contains("@") }) else { return nil }
                mailbox = []
            case (.special, ",", false), (.special, ";", false):
                if mailbox.contains(where: { $0.kind != .comment }) { return address(mailbox) }
                mailbox = []
            case (.comment, _, _): continue
            default: mailbox.append(token)
            }
        }
        return mailbox.isEmpty ? nil : address(mailbox)
    }

    /// A mailbox: a name-addr (phrase, "<", addr-spec, ">") or a bare addr-spec.
    private static func address(_ tokens: [HeaderToken]) -> MailAddress? {
        let spec: String, phrase: ArraySlice<HeaderToken>
        if let open = tokens.firstIndex(where: { $0.kind == .special && $0.text == "<" }) {
            guard let close = tokens.lastIndex(where: { $0.kind == .special && $0.text == ">" }), close == tokens.count - 1,
                  close > open else { return nil }
            var inside = tokens[(open + 1)..<close]
            if let route = inside.lastIndex(where: { $0.kind == .special && $0.text == ":" }) {  // obsolete route: <@a,@b:x@y>
                inside = inside[(route + 1)...]
            }
            guard inside.count == 1, let only = inside.first, only.kind == .atom else { return nil }
            spec = only.text
            phrase = tokens[..<open]
            guard phrase.allSatisfy({ $0.kind != .special }) else { return nil }
        } else {
            guard tokens.count == 1, tokens[0].kind == .atom else { return nil }
            spec = tokens[0].text
            phrase = []
        }
        guard let at = spec.lastIndex(of: "@") else { return nil }
        let normalized = spec[..<at] + spec[at...].lowercased()
        let name = EncodedWords.displayText(HeaderTokens.joined(phrase))
        let displayName = name.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
        return try? MailAddress(String(normalized), displayName: displayName.isEmpty ? nil : displayName)
    }
}
