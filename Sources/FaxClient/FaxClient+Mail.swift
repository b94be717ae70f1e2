// FaxClient+Mail: the email front door — handing faxd a message the MTA received (what
// `faxctl mail-in` does for a pipe transport), the SMTP log, and a fax's mail log.

import FaxAPIModels
import Foundation

extension FaxClient {
    /// Hands over a message with its envelope; a refusal is thrown as the server's problem
    /// (422: final, the detail is the bounce's reason; 503: try again later).
    public func mailIn(_ message: [UInt8], sender: String, recipient: String) async throws -> MailInResource {
        let path = "/v1/mail/incoming" + Self.queryString([("sender", sender), ("recipient", recipient)])
        return try APIJSON.decoder().decode(MailInResource.self, from: Data(
            try await send(.POST, path, body: message, headers: ["Content-Type": "message/rfc822"])))
    }

    public func smtpLog(limit: Int = 100, before: String? = nil) async throws -> [SMTPLogResource] {
        var items = [("limit", String(limit))]
        if let before { items.append(("before", before)) }
        return try APIJSON.decoder().decode(ListResource<SMTPLogResource>.self, from: Data(
            try await send(.GET, "/v1/smtplog" + Self.queryString(items)))).data
    }

    public func smtpLogEntry(_ id: String) async throws -> SMTPLogResource {
        try APIJSON.decoder().decode(SMTPLogResource.self, from: Data(try await send(.GET, "/v1/smtplog/\(id)")))
    }

    /// The mail sent (or being sent) about a fax.
    public func mail(for id: String) async throws -> [MailDeliveryResource] {
        try APIJSON.decoder().decode(ListResource<MailDeliveryResource>.self, from: Data(try await send(.GET, "/v1/faxes/\(id)/mail"))).data
    }
}
