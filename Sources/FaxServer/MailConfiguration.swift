// MailConfiguration: faxd's `mail:` section — how faxes go out as mail (received faxes to their
// faxbox's recipients, outcomes to their submitters) and how mail comes in to become faxes.
// Outgoing mail goes through the host's MTA: `sendmail -t -i` (every MTA has one) or an SMTP
// relay (a smarthost, with STARTTLS and AUTH, spoken by curl). Without this section no mail is
// sent and mail-in is refused. docs/email.md has the whole story.

import Foundation

public struct MailConfiguration: Codable, Sendable, Hashable {
    /// The From of faxd's mail, e.g. `SwiftFax <fax@example.com>`; also the envelope sender.
    public var from: String = ""
    /// `sendmail` or `smtp`.
    public var transport: String = "sendmail"
    /// The sendmail program and any arguments before `-t -i` (e.g. `-C /etc/postfix-out`).
    public var sendmail: [String] = ["/usr/sbin/sendmail"]
    /// The relay for `transport: smtp`: `smtp://host:587` (STARTTLS when offered, or required
    /// with `starttls: required`) or `smtps://host:465`.
    public var smtpURL: String = ""
    /// `auto` (use STARTTLS when the relay offers it), `required`, or `off`.
    public var starttls: String = "auto"
    /// A netrc file with the relay's login (`machine HOST login USER password PASS`), for AUTH.
    public var smtpNetrc: String = ""
    /// CA certificates (PEM) the relay's certificate is checked against, when not the system's.
    public var smtpCAFile: String = ""
    /// Recipients of every received fax, besides its faxbox's (a fax administrator, HylaFAX's FaxMaster).
    public var receivedTo: [String] = []
    /// What a received fax is attached as: `pdf`, `tiff` or `both`.
    public var attach: String = "pdf"
    /// Subjects; placeholders: {caller} {caller_name} {remote_identity} {to} {pages} {time} {result} {id} {faxbox}.
    public var receivedSubject: String = "Fax from {caller} ({pages} pages)"
    public var outcomeSubject: String = "Fax to {to}: {result}"
    /// Seconds before the first retry of a mail the MTA did not take; doubles up to `retry_max`.
    public var retryInitial: Double = 30
    public var retryMax: Double = 3600
    /// A mail not handed over within this many seconds of its event fails.
    public var window: Double = 5 * 86_400
    /// Seconds one hand-over (sendmail or the relay) may take.
    public var timeout: Double = 60
    /// Mail-in (mail to a number becomes a fax).
    public var intake: MailIntakeConfiguration = MailIntakeConfiguration()

    public init() {}

    /// Mail is configured (a From is set).
    public var enabled: Bool { !from.isEmpty }

    enum CodingKeys: String, CodingKey {
        case from, transport, sendmail, smtpURL = "smtp_url", starttls, smtpNetrc = "smtp_netrc", smtpCAFile = "smtp_cafile", receivedTo = "received_to", attach
        case receivedSubject = "received_subject", outcomeSubject = "outcome_subject", retryInitial = "retry_initial"
        case retryMax = "retry_max", window, timeout, intake
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = MailConfiguration()
        from = try c.decodeIfPresent(String.self, forKey: .from) ?? d.from
        transport = try c.decodeIfPresent(String.self, forKey: .transport) ?? d.transport
        if let text = try? c.decodeIfPresent(String.self, forKey: .sendmail) {
            sendmail = text.split(separator: " ").map(String.init)
        } else {
            sendmail = try c.decodeIfPresent([String].self, forKey: .sendmail) ?? d.sendmail
        }
        smtpURL = try c.decodeIfPresent(String.self, forKey: .smtpURL) ?? d.smtpURL
        starttls = try c.decodeIfPresent(String.self, forKey: .starttls) ?? d.starttls
        smtpNetrc = try c.decodeIfPresent(String.self, forKey: .smtpNetrc) ?? d.smtpNetrc
        smtpCAFile = try c.decodeIfPresent(String.self, forKey: .smtpCAFile) ?? d.smtpCAFile
        receivedTo = try c.decodeIfPresent([String].self, forKey: .receivedTo) ?? d.receivedTo
        attach = try c.decodeIfPresent(String.self, forKey: .attach) ?? d.attach
        receivedSubject = try c.decodeIfPresent(String.self, forKey: .receivedSubject) ?? d.receivedSubject
        outcomeSubject = try c.decodeIfPresent(String.self, forKey: .outcomeSubject) ?? d.outcomeSubject
        retryInitial = try c.decodeIfPresent(Double.self, forKey: .retryInitial) ?? d.retryInitial
        retryMax = try c.decodeIfPresent(Double.self, forKey: .retryMax) ?? d.retryMax
        window = try c.decodeIfPresent(Double.self, forKey: .window) ?? d.window
        timeout = try c.decodeIfPresent(Double.self, forKey: .timeout) ?? d.timeout
        intake = try c.decodeIfPresent(MailIntakeConfiguration.self, forKey: .intake) ?? d.intake
        func bad(_ text: String) -> DecodingError { .dataCorrupted(.init(codingPath: c.codingPath, debugDescription: "mail: " + text)) }
        guard ["sendmail", "smtp"].contains(transport) else { throw bad("transport is sendmail or smtp") }
        guard transport != "sendmail" || !sendmail.isEmpty else { throw bad("sendmail names the program") }
        guard transport != "smtp" || smtpURL.hasPrefix("smtp://") || smtpURL.hasPrefix("smtps://") else {
            throw bad("smtp_url is smtp://host[:port] or smtps://host[:port]")
        }
        guard ["auto", "required", "off"].contains(starttls) else { throw bad("starttls is auto, required or off") }
        guard ["pdf", "tiff", "both"].contains(attach) else { throw bad("attach is pdf, tiff or both") }
        guard retryInitial > 0, retryMax >= retryInitial, window > 0, timeout > 0 else {
            throw bad("retry_initial > 0, retry_max ≥ retry_initial, window > 0, timeout > 0")
        }
    }

    /// The wait after `tries` failed hand-overs (1: the first retry).
    public func delay(afterTries tries: Int) -> Double {
        min(retryMax, retryInitial * (tries >= 40 ? .infinity : Double(1 << max(0, tries - 1))))
    }
}

/// Mail-in: mail to NUMBER@DOMAIN (one of `domains`, or a faxbox's own custom_smtp_email_address)
/// becomes a fax to NUMBER through that faxbox (`default` for `domains`). `permitted_senders`
/// is the default box's smtp_permission_list; `require_authentication` names the checks
/// (`spf`, `dkim`, `dmarc`) an `Authentication-Results` header from `authserv_id` must pass.
public struct MailIntakeConfiguration: Codable, Sendable, Hashable {
    public var domains: [String] = []
    public var permittedSenders: [String] = []
    public var requireAuthentication: [String] = []
    public var authservID: String = ""
    /// The largest message taken, bytes.
    public var maxBytes: Int = 25 << 20
    /// The Subject (and body text, when there are attachments) on a cover page.
    public var coverPage: Bool = true
    /// Mail the outcome of a mailed fax back to its sender.
    public var notifySender: Bool = true

    public init() {}

    enum CodingKeys: String, CodingKey {
        case domains, permittedSenders = "permitted_senders", requireAuthentication = "require_authentication", authservID = "authserv_id"
        case maxBytes = "max_bytes", coverPage = "cover_page", notifySender = "notify_sender"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = MailIntakeConfiguration()
        domains = (try c.decodeIfPresent([String].self, forKey: .domains) ?? d.domains).map { $0.lowercased() }
        permittedSenders = try c.decodeIfPresent([String].self, forKey: .permittedSenders) ?? d.permittedSenders
        requireAuthentication = (try c.decodeIfPresent([String].self, forKey: .requireAuthentication) ?? d.requireAuthentication)
            .map { $0.lowercased() }
        authservID = try c.decodeIfPresent(String.self, forKey: .authservID) ?? d.authservID
        maxBytes = try c.decodeIfPresent(Int.self, forKey: .maxBytes) ?? d.maxBytes
        coverPage = try c.decodeIfPresent(Bool.self, forKey: .coverPage) ?? d.coverPage
        notifySender = try c.decodeIfPresent(Bool.self, forKey: .notifySender) ?? d.notifySender
        func bad(_ text: String) -> DecodingError { .dataCorrupted(.init(codingPath: c.codingPath, debugDescription: "mail.intake: " + text)) }
        guard requireAuthentication.allSatisfy(["spf", "dkim", "dmarc"].contains) else {
            throw bad("require_authentication lists spf, dkim, dmarc")
        }
        guard requireAuthentication.isEmpty || !authservID.isEmpty else {
            throw bad("require_authentication needs authserv_id (the MTA that writes Authentication-Results)")
        }
        guard (1024...(256 << 20)).contains(maxBytes) else { throw bad("max_bytes is 1 KiB – 256 MiB") }
    }
}
