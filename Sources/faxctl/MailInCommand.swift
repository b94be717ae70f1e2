// faxctl mail-in / smtplog: the email front door from the MTA's side. `mail-in` is what a Postfix
// or Exim pipe transport runs for mail to NUMBER@fax.example.com: it reads the message on stdin,
// hands it to faxd with its envelope, and answers the MTA in sysexits — 0 accepted, 65
// (EX_DATAERR) refused for good (the MTA bounces with the reason printed), 75 (EX_TEMPFAIL) try
// again later (faxd down, or busy). docs/email.md has the MTA configurations.

import ArgumentParser
import FaxAPIModels
import FaxClient
import Foundation

struct MailInCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mail-in", abstract: "Fax the message on stdin (for an MTA's pipe transport; docs/email.md).")

    @OptionGroup var client: ClientOptions
    @Option(help: "The envelope sender (Postfix: ${sender}).") var sender: String = ""
    @Option(help: "The envelope recipient, NUMBER@domain (Postfix: ${recipient}).") var recipient: String
    @Option(help: "A file holding the API key for --url (kept off the command line).") var keyFile: String?
    @Option(help: "Largest message read, bytes.") var maxBytes: Int = 256 << 20

    static let accepted: Int32 = 0, dataError: Int32 = 65, tempFail: Int32 = 75

    func run() async throws {
        var message: [UInt8] = []
        while let chunk = try FileHandle.standardInput.read(upToCount: 1 << 20), !chunk.isEmpty {
            message += chunk
            if message.count > maxBytes {
                print("message refused: larger than \(maxBytes >> 20) MiB")
                throw ExitCode(Self.dataError)
            }
        }
        var api = client.client
        if let keyFile {
            guard let key = try? String(contentsOfFile: keyFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines) else {
                print("faxctl mail-in: cannot read the key file \(keyFile)")
                throw ExitCode(Self.tempFail)
            }
            api = FaxClient(baseURL: client.url, apiKey: key)
        }
        // The MTA retries later; a faxd that is not there is an answer now, not in two minutes.
        api.failFast = true
        do {
            let answer = try await api.mailIn(message, sender: sender, recipient: recipient)
            print("accepted as fax \(answer.faxId)")
        } catch let problem as ProblemResource {
            // 422: final. Anything else (503, an API key faxd does not know, a 5xx) keeps the
            // message at the MTA until somebody fixes it.
            print("fax refused: \(problem.detail ?? problem.title)")
            throw ExitCode(problem.status == 422 ? Self.dataError : Self.tempFail)
        } catch {
            print("faxd cannot be reached (\(error)); try again later")
            throw ExitCode(Self.tempFail)
        }
    }
}

struct SMTPLogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "smtplog", abstract: "Messages that came in by mail, newest first.")
    @OptionGroup var client: ClientOptions
    @Option(help: "How many.") var limit: Int = 50

    func run() async throws {
        let api = client.client
        let entries = try await clientCall { try await api.smtpLog(limit: limit) }
        if client.json { return try client.printJSON(ListResource(data: entries)) }
        if entries.isEmpty { print("no mail") }
        for e in entries {
            let verdict = e.accepted ? "accepted → \(e.faxIds.joined(separator: ","))" : "refused: \(e.reason ?? "")"
            print("\(e.id)  \(e.receivedAt.formatted(.iso8601))  \(e.from ?? e.envelopeFrom) → \(e.envelopeTo)  \(verdict)")
        }
    }
}
