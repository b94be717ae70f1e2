// MailTransport: hands a finished message to the host's MTA — `sendmail -t -i -f FROM` (the
// recipients are the message's To; every MTA provides this program), or an SMTP relay spoken by
// curl (STARTTLS when offered or required, AUTH from a netrc file so no password is on a command
// line). The MTA's acceptance is the end of our part: it queues, retries and bounces from there.
// A refusal or a timeout is a failed hand-over that the dispatcher tries again later.

import FaxServer
import Foundation

public struct MailTransport: Sendable {
    public var configuration: MailConfiguration
    /// Where message files are written for the hand-over (the spool's scratch directory).
    public var scratchDirectory: String

    public init(configuration: MailConfiguration, scratchDirectory: String) {
        self.configuration = configuration
        self.scratchDirectory = scratchDirectory
    }

    /// The argv that hands a message from `sender` to `recipients` over.
    func argv(sender: String, recipients: [String]) -> [String] {
        if configuration.transport == "smtp" {
            var argv = ["/usr/bin/curl", "--silent", "--show-error", "--max-time", String(Int(configuration.timeout.rounded(.up))),
                        "--url", configuration.smtpURL, "--mail-from", sender]
            switch configuration.starttls {
            case "required": argv.append("--ssl-reqd")
            case "auto": argv.append("--ssl")
            default: break
            }
            if !configuration.smtpNetrc.isEmpty { argv += ["--netrc-file", configuration.smtpNetrc] }
            if !configuration.smtpCAFile.isEmpty { argv += ["--cacert", configuration.smtpCAFile] }
            for recipient in recipients { argv += ["--mail-rcpt", recipient] }
            return argv + ["--upload-file", "-"]
        }
        return configuration.sendmail + ["-t", "-i", "-f", sender]
    }

    /// Hands `message` over; throws with the MTA's words when it was not taken. Blocking.
    public func send(_ message: [UInt8], sender: String, recipients: [String]) throws {
        let file = scratchDirectory + "/mail-\(UUID().uuidString).eml"
        guard FileManager.default.createFile(atPath: file, contents: Data(message), attributes: [.posixPermissions: 0o600]) else {
            throw MailCommandError("cannot write \(file)")
        }
        defer { try? FileManager.default.removeItem(atPath: file) }
        let command = MailCommand(argv: argv(sender: sender, recipients: recipients), timeoutSeconds: configuration.timeout + 5)
        let outcome = try command.run(input: file)
        if outcome.timedOut { throw MailCommandError("\(command.argv[0]) did not finish in \(Int(configuration.timeout)) s") }
        guard outcome.status == 0 else {
            let name = (command.argv[0] as NSString).lastPathComponent
            throw MailCommandError("\(name) exited \(outcome.status)\(outcome.output.isEmpty ? "" : ": " + outcome.output)")
        }
    }
}
