// MailPolicy+Configuration: the spool's mail policy (who gets mail, the Message-ID domain) as
// faxd's `mail:` section says — written to the spool when faxd starts, so the transaction that
// records an event can queue its mail.

import FaxServer
import MIME
import Spool

extension MailPolicy {
    /// The spool's mail policy for `configuration`; nil when its From is not an address.
    public init?(_ configuration: MailConfiguration) {
        guard configuration.enabled else {
            self.init()
            return
        }
        guard let from = MailAddress.firstAddress(inHeader: configuration.from), let domain = from.address.split(separator: "@").last,
              configuration.receivedTo.allSatisfy({ (try? MailAddress($0)) != nil }) else { return nil }
        self.init(enabled: true, receivedTo: configuration.receivedTo, domain: String(domain))
    }
}
