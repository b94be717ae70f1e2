// FaxMailComposer: the message a MailDelivery becomes — a received fax (its PDF and/or TIFF
// attached; caller ID, caller name, remote identity, pages and time in the subject and text) or a
// sent fax's outcome ("sent, 3 pages", "failed: 5201 busy after 3 attempts", with the confirmation
// report attached). Values that came from the far end (caller IDs, names, TSIs) are hostile: they
// reach the message only as MIMEMessage fields, which encode them and can never add a header.

import FaxDocuments
import FaxServer
import Foundation
import MIME
import Spool

public struct FaxMailComposer: Sendable {
    public var configuration: MailConfiguration
    /// Where PDFs are made when the fax has none stored (the spool's scratch directory).
    public var scratchDirectory: String

    public init(configuration: MailConfiguration, scratchDirectory: String) {
        self.configuration = configuration
        self.scratchDirectory = scratchDirectory
    }

    /// faxd's sender address (the From and the envelope sender).
    public var sender: MailAddress? { MailAddress.firstAddress(inHeader: configuration.from) }

    /// The message for `delivery`, with the job as it was at the event and its attempts.
    public func message(for delivery: MailDelivery, attempts: [FaxAttempt]) throws -> MIMEMessage {
        guard let from = sender else { throw MailCommandError("mail.from is not an address: \(configuration.from)") }
        let job = try delivery.job()
        let recipients = delivery.recipients.compactMap { try? MailAddress($0) }
        guard !recipients.isEmpty else { throw MailCommandError("no valid recipient in \(delivery.recipients)") }
        let values = Self.values(job, attempts: attempts, event: delivery.event)
        let inbound = job.direction == .inbound
        let subject = Self.fill(inbound ? configuration.receivedSubject : configuration.outcomeSubject, values)
        var text = inbound ? "A fax arrived.\n\n" : "Your fax to \(job.toNumber) \(values["result"] ?? "").\n\n"
        text += Self.summary(job, values: values).map { "\($0.0): \($0.1)" }.joined(separator: "\n") + "\n"
        var attachments: [MIMEMessage.Attachment] = []
        if inbound {
            if let tiff = job.receivedPath, FileManager.default.fileExists(atPath: tiff) {
                if configuration.attach != "tiff" {
                    attachments.append(.init(filename: "fax-\(job.id).pdf", contentType: "application/pdf", data: try pdf(of: tiff)))
                }
                if configuration.attach != "pdf" {
                    attachments.append(.init(filename: "fax-\(job.id).tif", contentType: "image/tiff", data: try Self.bytes(tiff)))
                }
            } else {
                text += "\nThe fax's pages are no longer stored.\n"
            }
        } else {
            attachments.append(.init(filename: "fax-\(job.id)-report.pdf", contentType: "application/pdf",
                                     data: try report(ConfirmationReport(job: job, attempts: attempts))))
        }
        return MIMEMessage(from: from, to: recipients, subject: subject, date: job.updatedAt,
                           messageID: delivery.messageID.trimmingCharacters(in: CharacterSet(charactersIn: "<>")),
                           headers: [("X-SwiftFax-Fax", job.id.rawValue), ("X-SwiftFax-Event", delivery.event), ("Auto-Submitted", "auto-generated")],
                           text: text, attachments: attachments)
    }

    /// The placeholders' values.
    static func values(_ job: FaxJob, attempts: [FaxAttempt], event: String) -> [String: String] {
        let remote = attempts.last(where: { $0.result?.remoteIdentity.isEmpty == false })?.result?.remoteIdentity ?? ""
        let inbound = job.direction == .inbound
        let pages = inbound ? job.pagesConfirmed : (job.pagesTotal ?? job.pagesConfirmed)
        let result: String
        switch event {
        case "fax.sent": result = "sent, \(pages) page\(pages == 1 ? "" : "s")"
        case "fax.partial": result = "partly sent, \(job.pagesConfirmed) of \(pages) pages"
        case "fax.failed":
            let completion = job.lastCompletion.map { "\($0.code) \($0.description)" } ?? "failed"
            result = "failed: \(completion) after \(job.attemptsMade) attempt\(job.attemptsMade == 1 ? "" : "s")"
        default: result = "received, \(pages) page\(pages == 1 ? "" : "s")"
        }
        let zone = TimeZone(identifier: job.options.timeZone ?? "UTC") ?? .gmt
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "yyyy-MM-dd HH:mm zzz"
        let caller = inbound ? (job.fromNumber.isEmpty ? "unknown caller" : job.fromNumber) : job.fromNumber
        return ["caller": caller, "caller_name": job.options.metadata["caller_name"] ?? "", "remote_identity": remote,
                "to": job.toNumber, "pages": String(pages), "time": formatter.string(from: job.updatedAt), "result": result,
                "id": job.id.rawValue, "faxbox": job.faxboxID ?? ""]
    }

    /// `{name}` replaced by its value; unknown placeholders stay as they are.
    static func fill(_ template: String, _ values: [String: String]) -> String {
        var out = template
        for (key, value) in values { out = out.replacingOccurrences(of: "{\(key)}", with: value) }
        return out
    }

    static func summary(_ job: FaxJob, values: [String: String]) -> [(String, String)] {
        var lines: [(String, String)] = []
        if job.direction == .inbound {
            lines.append(("From", values["caller"] ?? ""))
            if let name = values["caller_name"], !name.isEmpty { lines.append(("Caller name", name)) }
            if let remote = values["remote_identity"], !remote.isEmpty { lines.append(("Remote station", remote)) }
            lines.append(("To", job.toNumber))
            lines.append(("Pages", values["pages"] ?? ""))
            lines.append(("Received", values["time"] ?? ""))
        } else {
            lines.append(("To", job.toNumber))
            if let remote = values["remote_identity"], !remote.isEmpty { lines.append(("Remote station", remote)) }
            lines.append(("Result", values["result"] ?? ""))
            lines.append(("Ended", values["time"] ?? ""))
        }
        lines.append(("Fax", job.id.rawValue))
        if let box = job.faxboxID { lines.append(("Faxbox", box)) }
        return lines
    }

    /// The received fax as PDF: the one stored beside it, else made now.
    func pdf(of tiff: String) throws -> [UInt8] {
        let sibling = (tiff as NSString).deletingPathExtension + ".pdf"
        if FileManager.default.fileExists(atPath: sibling) { return try Self.bytes(sibling) }
        let made = scratchDirectory + "/mail-\(UUID().uuidString).pdf"
        defer { try? FileManager.default.removeItem(atPath: made) }
        try FaxPDFWriter.write(tiff: tiff, to: made)
        return try Self.bytes(made)
    }

    func report(_ report: ConfirmationReport) throws -> [UInt8] {
        let made = scratchDirectory + "/mail-\(UUID().uuidString)-report.pdf"
        defer { try? FileManager.default.removeItem(atPath: made) }
        try report.writePDF(to: made)
        return try Self.bytes(made)
    }

    static func bytes(_ path: String) throws -> [UInt8] { Array(try Data(contentsOf: URL(fileURLWithPath: path))) }
}
