// PostfixInstance+Configuration: the instance's main.cf and master.cf, its directories and maps.
//
// What Postfix 3.7 (Debian 12) does with a configuration directory of its own, found out by trying
// and by reading its source (global/mail_conf.c, util/unsafe.c, postfix/postfix.c, postfix-script):
// - `postfix -c DIR` sets MAIL_CONFIG=DIR for postfix-script and every daemon (MAIL_CONFIG is in the
//   default import_environment). The master logs "daemon started -- …, configuration DIR".
// - alternate_config_directories / multi_instance_directories in /etc/postfix/main.cf are consulted
//   only by a set-gid program (postdrop, postqueue) run by a user other than root: "unauthorized
//   configuration directory name" otherwise (sendmail then fails with status 75). A process whose real
//   and effective uid are 0 is trusted (unsafe() is false), so as root `postfix -c`, `postqueue -c`,
//   `sendmail -C DIR` (or `-C DIR/main.cf`) and `MAIL_CONFIG=DIR sendmail` all work with no entry in the
//   system's main.cf. Non-root submission into this instance is not possible without that entry.
// - postfix-script only reads /etc/postfix/main.cf (multi_instance_directories, to learn whether it
//   is a secondary instance; a missing file is fine). `postfix start` runs post-install create-missing,
//   which makes the queue directories (owners postfix / group postdrop) from meta_directory's
//   postfix-files. meta_directory (/etc/postfix: postfix-files, dynamicmaps.cf) and daemon_directory
//   are shared, read-only, as with any secondary instance. The system's Postfix is never needed: an
//   instance ran, took mail over SMTP and from sendmail with /etc/postfix/main.cf hidden (a private
//   mount namespace), as after installing postfix with "No configuration".
// - maillog_file needs a `postlog unix-dgram` service in master.cf (postfix-script refuses to start
//   without one) and its path under maillog_file_prefixes (default /var, /dev/stdout). postlogd opens
//   the file as root and then runs as postfix; `postfix start`'s own lines are written directly.
//   No syslog is used.
// - virtual_mailbox_maps is looked up with DICT_FLAG_PARANOID: regexp/pcre substitution ($1) is
//   refused ("regular expression substitution is not allowed"), and socketmap/tcp tables are "not
//   allowed for security-sensitive data". A static or texthash map cannot give each user a Maildir of
//   their own, so any user@domain is mapped by an sqlite table (postfix-sqlite) with no table at all:
//   `SELECT '%d/%u/'`. Postfix folds the key to lower case first: User@d → d/user/.
// - Every Postfix program reads main.cf again after 300 ms while the file's mtime is within the last
//   second (util/dict.c, "let it cool down"): written just before, the first `postfix start` takes
//   1.8 s instead of 0.3 s. So the files are dated a minute back.
// - The master's inet listener sets SO_REUSEADDR and SO_REUSEPORT (seen with strace): a second
//   instance on the same port starts without error and the kernel splits the connections between
//   them. start() therefore checks the port first. A port held by a plain socket makes the master fail:
//   "fatal: bind 127.0.0.1 port N: Address already in use", `postfix start` exits 1.
// - queue_run_delay, minimal_backoff_time and maximal_backoff_time accept 1s (their minimum); no
//   warnings in the log. smtputf8_enable can stay at its default (yes): nothing needs it off.
// - A pipe transport gets every recipient of a message in one run unless
//   <transport>_destination_recipient_limit = 1, so each recipient gets a run (and ${recipient}) of its own.
// - pipe(8) puts the command's output (stdout and stderr) in the bounce — "<rcpt>: permission denied.
//   Command output: …" for EX_NOPERM (77, status 5.7.0); EX_DATAERR (65) is 5.6.0 — and in the
//   Diagnostic-Code of the delivery report. EX_TEMPFAIL (75) defers.

import Foundation

extension PostfixInstance {
    /// The main.cf settings, before `extraMain`.
    public var mainSettings: [(String, String)] {
        let config = configDirectory.path, queue = queueDirectory.path
        var settings: [(String, String)] = [
            ("compatibility_level", "3.6"),
            ("config_directory", config),
            ("queue_directory", queue),
            ("data_directory", dataDirectory.path),
            ("syslog_name", "postfix-test"),
            ("maillog_file", logFile.path),
            ("maillog_file_prefixes", directory.path),
            ("myhostname", "postfix.test"),
            ("mydomain", "postfix.test"),
            ("myorigin", "$myhostname"),
            // No local(8) delivery, no aliases: nothing reads /etc/aliases or /var/mail.
            ("mydestination", ""),
            ("alias_maps", ""),
            ("alias_database", ""),
            ("local_recipient_maps", ""),
            ("biff", "no"),
            ("append_dot_mydomain", "no"),
            // No postmaster notices: they would wait in the queue for a mailbox that does not exist.
            ("notify_classes", ""),
            // Loopback only, offline: no DNS for the SMTP client, no reverse lookups of clients.
            ("inet_interfaces", "loopback-only"),
            ("inet_protocols", "ipv4"),
            ("mynetworks", "127.0.0.0/8"),
            ("smtp_dns_support_level", "disabled"),
            ("smtp_host_lookup", "native"),
            ("lmtp_host_lookup", "native"),
            ("smtpd_peername_lookup", "no"),
            ("smtpd_banner", "$myhostname ESMTP"),
            // SMTP takes only this instance's domains; anything else submitted by sendmail bounces at once.
            ("smtpd_relay_restrictions", "reject_unauth_destination"),
            ("default_transport", "error:this test instance delivers only to its own domains"),
            ("relay_transport", "error:this test instance delivers only to its own domains"),
            // Fast retries for tests: a deferred message is tried again within seconds.
            ("queue_run_delay", "1s"),
            ("minimal_backoff_time", "1s"),
            ("maximal_backoff_time", "5s"),
            ("delay_warning_time", "0"),
            ("in_flow_delay", "0"),
        ]
        if !localDomains.isEmpty {
            settings += [
                ("virtual_mailbox_domains", localDomains.joined(separator: ", ")),
                ("virtual_mailbox_base", mailDirectory.path),
                ("virtual_mailbox_maps", "sqlite:\(config)/mailboxes.cf"),
                ("virtual_minimum_uid", "100"),
                ("virtual_uid_maps", "static:\(Self.nobody.uid)"),
                ("virtual_gid_maps", "static:\(Self.nobody.gid)"),
            ]
        }
        if !pipeDomains.isEmpty {
            settings += [
                ("relay_domains", pipeDomains.keys.sorted().joined(separator: ", ")),
                ("transport_maps", "texthash:\(config)/transport"),
            ]
            settings += pipeDomains.keys.sorted().map { ("\(transportName(for: $0))_destination_recipient_limit", "1") }
        }
        return settings
    }

    /// The master.cf service a pipe domain's mail goes to.
    public func transportName(for domain: String) -> String {
        "pipe\((pipeDomains.keys.sorted().firstIndex(of: domain.lowercased()) ?? -1) + 1)"
    }

    /// uid and gid of `nobody` (Debian: 65534, nogroup), who owns the Maildirs.
    static var nobody: (uid: uid_t, gid: gid_t) {
        guard let entry = getpwnam("nobody") else { return (65534, 65534) }
        return (entry.pointee.pw_uid, entry.pointee.pw_gid)
    }

    func writeConfiguration() throws {
        for domain in localDomains + pipeDomains.keys.sorted() where !Self.isPlainDomain(domain) {
            throw PostfixError("not a plain domain name: \(domain)")
        }
        let fm = FileManager.default
        for folder in [directory, configDirectory, queueDirectory, dataDirectory, mailDirectory] {
            try fm.createDirectory(at: folder, withIntermediateDirectories: true)
            chmod(folder.path, 0o755)
        }
        // data_directory belongs to mail_owner; the Maildirs are made by virtual(8) as nobody.
        if let owner = getpwnam("postfix") { chown(dataDirectory.path, owner.pointee.pw_uid, 0) }
        chown(mailDirectory.path, Self.nobody.uid, Self.nobody.gid)

        var main = mainSettings
        for (name, value) in extraMain.sorted(by: { $0.key < $1.key }) {
            if let index = main.firstIndex(where: { $0.0 == name }) { main[index].1 = value } else { main.append((name, value)) }
        }
        for (name, value) in main where value.contains("\n") || name.contains(where: { $0.isWhitespace || $0 == "=" }) {
            throw PostfixError("main.cf: bad setting \(name) = \(value)")
        }
        try write(main.map { "\($0.0) = \($0.1)" }.joined(separator: "\n") + "\n", "main.cf")
        try write(try masterCf(), "master.cf")
        if !localDomains.isEmpty {
            // An empty database: the query needs no table. sqlite escapes %u and %d (quotes included).
            try write("", "mailboxes.sqlite")
            try write("""
                dbpath = \(configDirectory.path)/mailboxes.sqlite
                domain = \(localDomains.joined(separator: ", "))
                query = SELECT '%d/%u/' WHERE instr('%u', '/') = 0 AND substr('%u', 1, 1) <> '.'

                """, "mailboxes.cf")
        }
        if !pipeDomains.isEmpty {
            try write(pipeDomains.keys.sorted().map { "\($0)\t\(transportName(for: $0)):\n" }.joined(), "transport")
        }
    }

    func masterCf() throws -> String {
        // No chroot (the queue directory holds no copies of /etc), no TLS, no local(8).
        var lines = [
            "127.0.0.1:\(smtpPort) inet n - n - - smtpd",
            "pickup unix n - n 60 1 pickup",
            "cleanup unix n - n - 0 cleanup",
            "qmgr unix n - n 300 1 qmgr",
            "rewrite unix - - n - - trivial-rewrite",
            "bounce unix - - n - 0 bounce",
            "defer unix - - n - 0 bounce",
            "trace unix - - n - 0 bounce",
            "verify unix - - n - 1 verify",
            "flush unix n - n 1000? 0 flush",
            "proxymap unix - - n - - proxymap",
            "proxywrite unix - - n - 1 proxymap",
            "smtp unix - - n - - smtp",
            "relay unix - - n - - smtp",
            "showq unix n - n - - showq",
            "error unix - - n - - error",
            "retry unix - - n - - error",
            "discard unix - - n - - discard",
            "virtual unix - n n - - virtual",
            "anvil unix - - n - 1 anvil",
            "scache unix - - n - 1 scache",
            "tlsmgr unix - - n 1000? 1 tlsmgr",  // TLS session cache and PRNG: smtpd answers STARTTLS with 454 without it
            "postlog unix-dgram n - n - 1 postlogd",
        ]
        for domain in pipeDomains.keys.sorted() {
            let argv = pipeDomains[domain] ?? []
            guard !argv.isEmpty else { throw PostfixError("pipe domain \(domain): no command") }
            let words = try argv.map { argument -> String in
                // master.cf (Postfix 3.0+): { … } keeps an argument with spaces in one piece (a word that only
                // has braces inside, as ${sender}, is taken as it is).
                let spaced = argument.contains(where: \.isWhitespace)
                guard !argument.isEmpty, !argument.contains(where: \.isNewline), !argument.hasPrefix("{"),
                      !spaced || (!argument.contains("}") && argument.first?.isWhitespace == false && argument.last?.isWhitespace == false) else {
                    throw PostfixError("pipe domain \(domain): argument \(argument.debugDescription) cannot be written in master.cf")
                }
                return spaced ? "{ \(argument) }" : argument
            }
            lines.append("\(transportName(for: domain)) unix - n n - - pipe flags=Rq user=\(pipeUser) argv=\(words.joined(separator: " "))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes a config file dated a minute ago: every Postfix program reads main.cf again, 300 ms
    /// later, for as long as its mtime is within the last second ("pausing to let main.cf cool
    /// down", util/dict.c) — 1.5 s more for the first `postfix start` after writing it.
    private func write(_ text: String, _ name: String) throws {
        let file = configDirectory.appendingPathComponent(name)
        try text.write(to: file, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-60)], ofItemAtPath: file.path)
    }

    static func isPlainDomain(_ name: String) -> Bool {
        !name.isEmpty && name.first != "." && name.last != "." && !name.contains("..")
            && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == ".") }
    }
}
