// MailRecipient: what the address a message was sent to means — NUMBER@DOMAIN, where DOMAIN is
// one of mail.intake.domains (the `default` faxbox), BOX.DOMAIN (faxbox BOX: its id, `_` written
// `-`, any case), or a faxbox's own
// custom_smtp_email_address; NUMBER is read by the dial rules and checked by the destination
// policy, as a number typed into the API would be.

import E164
import Foundation
import FaxServer
import Spool

struct MailRecipient {
    var number: E164Number
    var faxbox: Faxbox

    /// Resolves `address`; throws the refusal a bounce should carry.
    static func resolve(_ address: String, configuration: ServerConfiguration, spool: Spool) async throws -> MailRecipient {
        let address = address.trimmingCharacters(in: CharacterSet(charactersIn: "<> "))
        guard let at = address.lastIndex(of: "@") else { throw MailRefusal.permanent("\(address) is not a fax address (NUMBER@domain)") }
        let local = String(address[..<at])
        let domain = address[address.index(after: at)...].lowercased()
        let domains = configuration.mail.intake.domains
        var box: Faxbox?
        if domains.contains(domain) {
            box = try await spool.faxboxIfAny(Faxbox.defaultID)
        } else if let parent = domains.first(where: { domain.hasSuffix("." + $0) }) {
            let label = String(domain.dropLast(parent.count + 1))
            box = try await spool.faxbox(mailLabel: label)
            if box == nil { throw MailRefusal.permanent("there is no faxbox \(label) (\(domain))") }
        } else {
            box = try await spool.faxbox(smtpDomain: domain)
        }
        guard let box else { throw MailRefusal.permanent("this server takes no faxes by mail for \(domain)") }
        // Separators people type in numbers; anything else is the dial rules' to judge.
        let typed = local.filter { !"-. ()".contains($0) }
        guard !typed.isEmpty, typed.count <= 32 else { throw MailRefusal.permanent("\(local) is not a fax number") }
        do throws(DestinationRefusal) {
            return MailRecipient(number: try configuration.destination(typed), faxbox: box)
        } catch {
            throw MailRefusal.permanent("\(local) is not a number this server may fax: \(error.description)")
        }
    }
}

/// Why a message did not become a fax: permanent (the sender gets a bounce saying why) or
/// temporary (the MTA keeps the message and tries again).
public enum MailRefusal: Error, CustomStringConvertible, Equatable {
    case permanent(String)
    case temporary(String)

    public var description: String {
        switch self {
        case .permanent(let text), .temporary(let text): text
        }
    }

    public var isPermanent: Bool { if case .permanent = self { true } else { false } }
}
