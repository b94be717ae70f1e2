// FaxText: faxes, attempts and modems as short human-readable lines for faxctl.

import FaxAPIModels
import Foundation

enum FaxText {
    static func line(_ fax: FaxResource) -> String {
        let pages = fax.pagesTotal.map { "\(fax.pagesConfirmed)/\($0)" } ?? "\(fax.pagesConfirmed)"
        let party = fax.direction == "inbound" ? "from \(fax.from.isEmpty ? "-" : fax.from)" : "to \(fax.to)"
        let code = fax.completion.map { $0.code == 0 ? "" : "  \($0.code) \($0.description)" } ?? ""
        return "\(fax.id)  \(pad(fax.state, 10))  \(pad(party, 20))  pages \(pad(pages, 5))  attempts \(fax.attemptsMade)/\(fax.maxAttempts)\(code)"
            + (printedBy(fax).map { "  \($0)" } ?? "")
    }

    /// "printed by alice: "Quarterly report" (CUPS job fax-12)" for a fax the CUPS backend submitted.
    static func printedBy(_ fax: FaxResource) -> String? {
        guard let metadata = fax.options.metadata, let user = metadata["cups_user"] else { return nil }
        return "printed by \(user): \"\(metadata["cups_title"] ?? "")\" (CUPS job \(metadata["cups_job"] ?? "?"))"
    }

    static func details(_ fax: FaxResource) -> [String] {
        var lines = [
            "fax \(fax.id) (\(fax.direction))", "  state     \(fax.state)\(fax.cancelRequested ? " (cancel requested)" : "")",
            "  to        \(fax.to)", "  from      \(fax.from.isEmpty ? "-" : fax.from)",
            "  pages     \(fax.pagesConfirmed) confirmed\(fax.pagesTotal.map { " of \($0)" } ?? "")",
            "  attempts  \(fax.attemptsMade) of \(fax.maxAttempts)",
            "  created   \(date(fax.createdAt))",
        ]
        if let next = fax.nextAttemptAt, !fax.isFinished { lines.append("  next      \(date(next))") }
        if let completion = fax.completion { lines.append("  result    \(completion.code) \(completion.description)") }
        if let remote = fax.remoteIdentity, !remote.isEmpty { lines.append("  remote    \(remote)") }
        if let resubmitted = fax.resubmittedFrom { lines.append("  from job  \(resubmitted)") }
        if let metadata = fax.options.metadata {
            // Who submitted it, e.g. a print job: submitter=cups cups_user=alice cups_title=… cups_job=fax-12.
            if let printed = printedBy(fax) { lines.append("  \(printed)") }
            for (key, value) in metadata.sorted(by: { $0.key < $1.key }) { lines.append("  metadata  \(key)=\(value)") }
        }
        return lines
    }

    static func line(_ attempt: AttemptResource) -> String {
        let result = attempt.completion.map { "\($0.code) \($0.description)" } ?? "in progress"
        var text = "  #\(attempt.number) \(date(attempt.startedAt)) on \(attempt.modem): \(result)"
        if attempt.pagesTransferred > 0 || attempt.bitRate > 0 {
            text += " — \(attempt.pagesTransferred) page(s) from page \(attempt.firstPage), \(attempt.bitRate) bit/s, ECM \(attempt.ecm ? "on" : "off"), \(String(format: "%.1f", attempt.lineSeconds)) s"
        }
        if !attempt.remoteIdentity.isEmpty { text += ", remote \"\(attempt.remoteIdentity)\"" }
        return text
    }

    static func line(_ modem: ModemResource) -> String {
        let job = modem.faxID.map { " fax \($0)" } ?? ""
        let what = [modem.manufacturer, modem.model].compactMap { $0 }.joined(separator: " ")
        let error = modem.lastError.map { "  (\($0))" } ?? ""
        let since = modem.since.map { " since \(date($0))" } ?? ""
        let faxClass = modem.faxClass.map { "  class \($0)" } ?? ""
        var line = "\(pad(modem.name, 10)) \(pad(modem.state, 10))\(since)\(job)  \(modem.device)  \(what)\(faxClass)  calls out \(modem.callsMade), in \(modem.callsAnswered)\(error)"
        if let identity = modem.identity {
            line += "\n           identity \(identity)" + (modem.usbID.map { "  usb \($0)" } ?? "") + (modem.driver.map { "  \($0)" } ?? "")
        }
        return line
    }

    static func line(_ event: ModemEventResource) -> String {
        "\(pad(String(event.sequence), 6)) \(date(event.at))  \(pad(event.kind, 11)) \(pad(event.modem, 10)) \(event.device)  "
            + "identity \(event.identity)" + (event.usbID.map { "  usb \($0)" } ?? "")
    }

    static func date(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        return formatter.string(from: date)
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}
