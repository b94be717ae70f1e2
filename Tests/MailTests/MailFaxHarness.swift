// MailFaxHarness: faxd on the virtual exchange (a modem that dials, one that answers, and the
// exchange's fax machine on +15550200) with mail configured both ways, and a private Postfix on
// loopback: mail.test and other.test are local Maildir domains; fax.test is piped to
// `faxctl mail-in`, which hands each message to faxd's API (TCP, with a key from a file) — the
// configuration docs/email.md gives an administrator.

import FaxClient
import FaxTestSupport
import FaxdTestSupport
import Foundation
import T30
import VirtualExchange

final class MailFaxHarness: @unchecked Sendable {
    let faxd: FaxdHarness
    let postfix: PostfixInstance
    var machine: FaxMachineLine!
    let apiURL: String
    let keyFile: String
    var client: FaxClient { faxd.client }
    static let machineNumber = "+15550200", answeringNumber = "15550102"
    static let bin = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    static let faxctl = bin.appendingPathComponent("faxctl").path

    /// `transport`: `sendmail` (the instance's sendmail), `smtp` (curl to its port), or `smtp-tls-auth`
    /// (curl to its port with STARTTLS required, checking a certificate made here, and AUTH from a
    /// netrc file; this Postfix then takes mail only from authenticated clients — a smarthost).
    /// `mailYAML`: more keys of `mail:`; `intakeYAML`: more keys of `mail.intake:`.
    /// `machineName`: the caller ID name the exchange gives the fax machine's calls.
    init(_ label: String, transport: String = "sendmail", mailYAML: String = "", intakeYAML: String = "", speed: Double = 4,
         machineName: String = "") throws {
        let dir = ScratchDirectory(label + "-mta")
        chmod(dir.path, 0o755)
        let apiPort = try PostfixInstance.unusedPort(), smtpPort = try PostfixInstance.unusedPort()
        apiURL = "http://127.0.0.1:\(apiPort)"
        let key = "mail-" + UUID().uuidString
        // The pipe runs as nobody: its faxctl and key file must be where nobody can read them.
        keyFile = dir.file("api-key")
        try key.write(toFile: keyFile, atomically: true, encoding: .utf8)
        chmod(keyFile, 0o644)
        let faxctl = dir.file("faxctl")
        try FileManager.default.copyItem(atPath: Self.faxctl, toPath: faxctl)
        let relay = transport == "smtp-tls-auth" ? try Self.smarthost(dir) : nil
        postfix = try PostfixInstance(directory: URL(fileURLWithPath: dir.file("postfix")), smtpPort: smtpPort,
                                  localDomains: ["mail.test", "other.test"],
                                  pipeDomains: ["fax.test": [faxctl, "mail-in", "--url", apiURL, "--key-file", keyFile,
                                                             "--sender", "${sender}", "--recipient", "${recipient}"]],
                                  extraMain: relay?.main ?? [:])
        let config = postfix.configDirectory.path
        if relay != nil {
            // Debian's Postfix reads $config_directory/sasl/smtpd.conf (cyrus_sasl_config_path is not used).
            try FileManager.default.createDirectory(atPath: config + "/sasl", withIntermediateDirectories: true)
            chmod(config + "/sasl", 0o755)
            try FileManager.default.copyItem(atPath: dir.file("sasl/smtpd.conf"), toPath: config + "/sasl/smtpd.conf")
            chmod(config + "/sasl/smtpd.conf", 0o644)
        }
        let out: String
        switch transport {
        case "smtp": out = "transport: smtp\n  smtp_url: \"smtp://127.0.0.1:\(smtpPort)\"\n  starttls: \"off\""
        case "smtp-tls-auth": out = "transport: smtp\n  smtp_url: \"smtp://127.0.0.1:\(smtpPort)\"\n  " + (relay?.yaml ?? "")
        default: out = "transport: sendmail\n  sendmail: [\"/usr/sbin/sendmail\", \"-C\", \"\(config)\"]"
        }
        let yaml = """
        mail:
          from: "SwiftFax <fax@fax.test>"
          \(out)
          retry_initial: 1
          retry_max: 2
          timeout: 20
        \(mailYAML)
          intake:
            domains: [fax.test]
            permitted_senders: ["*@mail.test"]
        \(intakeYAML)
        """
        var machine: FaxMachineLine!
        faxd = try FaxdHarness(label, speed: speed, modems: [("ttyOut", "15550101", false, true), ("ttyIn", Self.answeringNumber, true, false)],
                               extraYAML: yaml,
                               apiYAML: ", tcp: \"127.0.0.1:\(apiPort)\", keys: [ { name: mta, key: \(key) } ]") { exchange, dir in
            machine = try exchange.addFaxMachine(number: "15550200", name: machineName, inbox: dir.file("machine"),
                                                 options: FaxSessionOptions(localIdentity: "+1 555 0200", callDeadline: .seconds(120)))
        }
        self.machine = machine
        self.keepAlive = dir
        try postfix.start()
    }

    private var keepAlive: ScratchDirectory?

    /// A smarthost's TLS and SASL: a self-signed certificate for 127.0.0.1 (openssl), a Cyrus SASL
    /// database with the user faxd (saslpasswd2), Postfix settings that offer STARTTLS, allow AUTH
    /// only over TLS and take mail only from authenticated clients; and faxd's side (`mail:` keys).
    static func smarthost(_ dir: ScratchDirectory) throws -> (main: [String: String], yaml: String) {
        let tls = dir.file("tls"), sasl = dir.file("sasl")
        for folder in [tls, sasl] {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            chmod(folder, 0o755)  // smtpd reads the SASL files as the postfix user; unreadable, SASL silently uses its defaults
        }
        let made = try runTool("/usr/bin/openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                                                    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", tls + "/key.pem", "-out", tls + "/cert.pem"],
                               timeout: 60)
        guard made.status == 0 else { throw MailTestError("openssl: \(made.output)") }
        try "pwcheck_method: auxprop\nauxprop_plugin: sasldb\nmech_list: PLAIN LOGIN\nsasldb_path: \(sasl)/sasldb2\n"
            .write(toFile: sasl + "/smtpd.conf", atomically: true, encoding: .utf8)
        chmod(sasl + "/smtpd.conf", 0o644)
        let password = "relay-" + UUID().uuidString.prefix(8)
        let added = try runTool("/bin/sh", ["-c", "printf %s \"$1\" | /usr/sbin/saslpasswd2 -p -c -f \"$2\" -u fax.test faxd",
                                            "sh", String(password), sasl + "/sasldb2"], timeout: 30)
        guard added.status == 0 else { throw MailTestError("saslpasswd2: \(added.output)") }
        chmod(sasl + "/sasldb2", 0o644)  // smtpd reads it as the postfix user
        try "machine 127.0.0.1 login faxd@fax.test password \(password)\n".write(toFile: dir.file("netrc"), atomically: true, encoding: .utf8)
        chmod(dir.file("netrc"), 0o600)
        let main = [
            "smtpd_tls_cert_file": tls + "/cert.pem", "smtpd_tls_key_file": tls + "/key.pem", "smtpd_tls_security_level": "may",
            "smtpd_tls_auth_only": "yes", "smtpd_tls_loglevel": "1",
            "smtpd_sasl_auth_enable": "yes", "smtpd_sasl_type": "cyrus", "smtpd_sasl_path": "smtpd",
            "smtpd_sasl_local_domain": "fax.test",
            "smtpd_client_restrictions": "permit_sasl_authenticated, reject",
        ]
        let yaml = "starttls: required\n  smtp_netrc: \"\(dir.file("netrc"))\"\n  smtp_cafile: \"\(tls)/cert.pem\""
        return (main, yaml)
    }

    func stop() {
        postfix.stop()
        faxd.stop()
    }

    /// Sends a message into Postfix with swaks; returns swaks's output (it must say 250 to DATA).
    @discardableResult
    func swaks(from: String, to: String, subject: String = "Fax", body: String = "Please fax.", attach: [String] = [],
               extra: [String] = []) throws -> String {
        var args = ["--server", "127.0.0.1:\(postfix.smtpPort)", "--from", from, "--to", to, "--header", "Subject: \(subject)",
                    "--body", body, "--h-From", from, "--silent", "2"]
        for file in attach { args += ["--attach", "@" + file] }
        // POSIXLY_CORRECT: Getopt::Long would read "+15550200@…" as an option of its own.
        let (status, output) = try runTool("/usr/bin/env", ["POSIXLY_CORRECT=1", "/usr/bin/swaks"] + args + extra, timeout: 60)
        guard status == 0 else { throw MailTestError("swaks failed (\(status.map(String.init) ?? "timeout")): \(output)") }
        return output
    }

    /// Waits until `address` has `count` messages in its Maildir.
    func waitForMail(_ address: String, count: Int = 1, timeout: Double) async throws -> [[UInt8]] {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let messages = postfix.messages(for: address)
            if messages.count >= count { return messages }
            try await Task.sleep(for: .milliseconds(200))
        }
        return postfix.messages(for: address)
    }

    func diagnostics() -> String {
        "--- maillog\n" + postfix.log(tail: 30) + "\n--- faxd\n" + faxd.faxd.log(tail: 40)
    }
}

struct MailTestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A message read by Python's email package (an independent parser): its headers and, for each
/// attachment, name, type, size, sha256 and — for a PDF — its page count (pdfinfo).
struct ParsedMail: Decodable {
    struct Part: Decodable {
        var filename: String?
        var type: String
        var size: Int
        var sha256: String
        var pages: Int?
    }
    var subject: String
    var from: String
    var to: String
    var messageId: String
    var text: String
    var headers: [String]
    var parts: [Part]

    static let script = #"""
    import email, email.policy, hashlib, json, subprocess, sys, tempfile
    m = email.message_from_binary_file(open(sys.argv[1], 'rb'), policy=email.policy.default)
    parts, text = [], ''
    for p in m.walk():
        if p.is_multipart():
            continue
        data = p.get_payload(decode=True) or b''
        if p.get_content_disposition() == 'attachment':
            pages = None
            if p.get_content_type() == 'application/pdf':
                with tempfile.NamedTemporaryFile(suffix='.pdf') as f:
                    f.write(data); f.flush()
                    out = subprocess.run(['pdfinfo', f.name], capture_output=True, text=True).stdout
                    pages = next((int(l.split()[-1]) for l in out.splitlines() if l.startswith('Pages:')), None)
            parts.append({'filename': p.get_filename(), 'type': p.get_content_type(), 'size': len(data),
                          'sha256': hashlib.sha256(data).hexdigest(), 'pages': pages})
        elif p.get_content_type() == 'text/plain' and not text:
            text = p.get_content()
    print(json.dumps({'subject': str(m['subject'] or ''), 'from': str(m['from'] or ''), 'to': str(m['to'] or ''),
                      'messageId': str(m['message-id'] or ''), 'text': text,
                      'headers': [k for k in m.keys()], 'parts': parts}))
    """#

    static func parse(_ message: [UInt8], in dir: String) throws -> ParsedMail {
        let file = dir + "/mail-\(UUID().uuidString).eml"
        try Data(message).write(to: URL(fileURLWithPath: file))
        let script = dir + "/parse-mail.py"
        try script_text().write(toFile: script, atomically: true, encoding: .utf8)
        let (status, output) = try runTool("/usr/bin/python3", [script, file], timeout: 60)
        guard status == 0, let json = output.split(separator: "\n").last else { throw MailTestError("the parser failed: \(output)") }
        return try JSONDecoder().decode(ParsedMail.self, from: Data(json.utf8))
    }

    private static func script_text() -> String { script }
}
