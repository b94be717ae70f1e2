// MailBenchmark: email both ways through a private Postfix on loopback and faxd from this build.
//   - Mail → fax queued: 100 one-page PDF messages sent over SMTP (Python's smtplib, one every
//     150 ms), each from the moment Postfix answers 250 to DATA until its fax exists in faxd (the
//     job's created_at in the spool, in milliseconds): the pipe transport, `faxctl mail-in`, the parse, the checks, the durable
//     document and the spool's commit. p50/p99 (goal p50 ≤ 1 s); baseline: the same PDF submitted
//     straight to the API (multipart POST → 201), p50 over the same count — the ratio is what the
//     MTA hop costs.
//   - Received fax → message in the mailbox: the exchange's fax machine sends a page to faxd's
//     answering modem (4× line speed); from the call's end to the mail (PDF attached) in the
//     Maildir, through the mail outbox and Postfix's sendmail; 5 calls. Baseline: sendmail straight
//     into the same Postfix → Maildir.
// MAIL_BENCH_MESSAGES sets the count.

import FaxAPIModels
import FaxClient
import FaxTestSupport
import FaxdTestSupport
import Foundation
import Spool
import T30
import VirtualExchange

enum MailBenchmark {
    static let sender = #"""
    import smtplib, sys, time, uuid
    from email.message import EmailMessage
    port, count, pdf, out = int(sys.argv[1]), int(sys.argv[2]), open(sys.argv[3], 'rb').read(), open(sys.argv[4], 'w', buffering=1)
    s = smtplib.SMTP('127.0.0.1', port)
    for i in range(count):
        m = EmailMessage()
        m['From'], m['To'], m['Subject'] = 'alice@mail.test', '+15550200@fax.test', 'bench %d' % i
        mid = '<%s@mail.test>' % uuid.uuid4()
        m['Message-ID'] = mid
        m.set_content('Please fax.')
        m.add_attachment(pdf, maintype='application', subtype='pdf', filename='page.pdf')
        s.send_message(m)
        out.write('%s %.6f\n' % (mid, time.time()))
        time.sleep(0.15)
    s.quit()
    """#

    static func run() throws {
        let count = ProcessInfo.processInfo.environment["MAIL_BENCH_MESSAGES"].flatMap(Int.init) ?? 100
        let bin = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let work = ScratchDirectory("swiftfax-mail-bench")
        chmod(work.path, 0o755)
        let apiPort = try PostfixInstance.unusedPort(), smtpPort = try PostfixInstance.unusedPort()
        let key = UUID().uuidString
        try key.write(toFile: work.file("key"), atomically: true, encoding: .utf8)
        chmod(work.file("key"), 0o644)
        try FileManager.default.copyItem(atPath: bin.appendingPathComponent("faxctl").path, toPath: work.file("faxctl"))
        let postfix = try PostfixInstance(directory: URL(fileURLWithPath: work.file("postfix")), smtpPort: smtpPort, localDomains: ["mail.test"],
                                      pipeDomains: ["fax.test": [work.file("faxctl"), "mail-in", "--url", "http://127.0.0.1:\(apiPort)",
                                                                 "--key-file", work.file("key"), "--sender", "${sender}", "--recipient", "${recipient}"]])
        var machine: FaxMachineLine!
        let faxd = try FaxdHarness("swiftfax-mail-bench", speed: 4, modems: [("ttyIn", "15550102", true, false)], extraYAML: """
            mail:
              from: "SwiftFax <fax@fax.test>"
              sendmail: ["/usr/sbin/sendmail", "-C", "\(postfix.configDirectory.path)"]
              intake: { domains: [fax.test], permitted_senders: ["*@mail.test"], cover_page: false, notify_sender: false }
            """, apiYAML: ", tcp: \"127.0.0.1:\(apiPort)\", keys: [ { name: mta, key: \(key) } ]",
            executable: bin.appendingPathComponent("faxd").path) { exchange, dir in
            machine = try exchange.addFaxMachine(number: "15550200", inbox: dir.file("machine"),
                                                 options: FaxSessionOptions(localIdentity: "+1 555 0200", callDeadline: .seconds(120)))
        }
        defer { faxd.stop() }
        try postfix.start()
        defer { postfix.stop() }
        let pdf = try CUPSBenchmark.onePagePDF(faxd.dir)
        let client = faxd.client

        // Baseline: the same PDF straight to the API.
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: pdf)))
        let direct: [Double] = try value {
            var direct: [Double] = []
            for _ in 0..<count {
                let start = Date()
                let fax = try await client.submit(document: bytes, filename: "page.pdf", SubmitFaxRequest(to: "+15550200"))
                direct.append(Date().timeIntervalSince(start))
                _ = try await client.perform(.cancel, fax.id)
            }
            return direct
        }

        // Mail → fax queued.
        try sender.write(toFile: work.file("send.py"), atomically: true, encoding: .utf8)
        let sent = try runTool("/usr/bin/python3", [work.file("send.py"), String(smtpPort), String(count), pdf, work.file("accepted.txt")],
                               timeout: Double(count) * 2 + 60)
        guard sent.status == 0 else { throw FaxdTestError("the SMTP client failed: \(sent.output)") }
        var accepted: [String: Double] = [:]
        for line in try String(contentsOfFile: work.file("accepted.txt"), encoding: .utf8).split(separator: "\n") {
            let fields = line.split(separator: " ")
            if fields.count == 2, let at = Double(fields[1]) { accepted[String(fields[0])] = at }
        }
        let acceptedAt = accepted
        let latencies: [Double] = try value {
            let spool = try await faxd.spool()
            var latencies: [Double] = []
            let deadline = Date().addingTimeInterval(120)
            var log: [SMTPLogResource] = []
            while Date() < deadline {
                log = try await client.smtpLog(limit: 500).filter { $0.accepted }
                if log.count >= count { break }
                try await Task.sleep(for: .milliseconds(200))
            }
            guard log.count >= count else { throw FaxdTestError("only \(log.count) of \(count) messages became faxes:\n\(postfix.log(tail: 20))") }
            for entry in log {
                guard let id = entry.messageId, let at = acceptedAt[id], let fax = entry.faxIds.first else { continue }
                // The spool's own record (milliseconds; the API's dates are whole seconds).
                latencies.append(try await spool.job(JobID(fax)).createdAt.timeIntervalSince1970 - at)
            }
            return latencies
        }
        func percentile(_ values: [Double], _ p: Double) -> Double {
            let sorted = values.sorted()
            return sorted.isEmpty ? .nan : sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)]
        }
        print(String(format: "mail → fax queued, %d messages, %d cores: p50 %.3f s, p99 %.3f s, max %.3f s (goal: p50 ≤ 1 s)",
                     latencies.count, ProcessInfo.processInfo.activeProcessorCount, percentile(latencies, 0.5), percentile(latencies, 0.99),
                     latencies.max() ?? .nan))
        print(String(format: "  baseline, the same PDF straight to the API: p50 %.3f s; mail/API ratio at p50 %.1f×",
                     percentile(direct, 0.5), percentile(latencies, 0.5) / percentile(direct, 0.5)))

        // Received fax → message in the mailbox.
        try SpoolBenchmark.blocking {
            _ = try await client.updateFaxbox("default", FaxboxRequest(notifications: .init(inbound: .init(email: .init(sendTo: ["clerk@mail.test"])))))
        }
        let (chart, _) = try writeChart(faxd.dir, pages: 1)
        var toMailbox: [Double] = []
        for index in 0..<5 {
            let result = machine.send(document: chart, to: "15550102")
            let ended = Date()
            guard result.completion.code == 0 else { throw FaxdTestError("call \(index + 1): \(result.completion)") }
            _ = try CUPSBenchmark.waitFor(seconds: 60, "mail \(index + 1)") { postfix.messages(for: "clerk@mail.test").count > index ? true : nil }
            toMailbox.append(Date().timeIntervalSince(ended))
        }
        // Baseline: Postfix alone, sendmail → Maildir.
        var postfixAlone: [Double] = []
        for index in 0..<5 {
            let message = work.file("plain.eml")
            try "From: fax@fax.test\r\nTo: plain@mail.test\r\nSubject: baseline \(index)\r\n\r\nhello\r\n".write(toFile: message, atomically: true, encoding: .utf8)
            let start = Date()
            let handed = try runTool("/bin/sh", ["-c", "/usr/sbin/sendmail -C \"$1\" -t -i < \"$2\"", "sh", postfix.configDirectory.path, message], timeout: 30)
            guard handed.status == 0 else { throw FaxdTestError("sendmail: \(handed.output)") }
            _ = try CUPSBenchmark.waitFor(seconds: 60, "baseline mail \(index + 1)") { postfix.messages(for: "plain@mail.test").count > index ? true : nil }
            postfixAlone.append(Date().timeIntervalSince(start))
        }
        print(String(format: "received fax → mail in the Maildir (PDF attached), 5 calls: p50 %.3f s, max %.3f s; baseline sendmail → Maildir p50 %.3f s",
                     percentile(toMailbox, 0.5), toMailbox.max() ?? .nan, percentile(postfixAlone, 0.5)))
    }

    /// Runs async work from the synchronous entry point and returns its value.
    static func value<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) throws -> T {
        let box = Box<T>()
        try SpoolBenchmark.blocking { box.value = try await work() }
        guard let result = box.value else { throw FaxdTestError("no value") }
        return result
    }

    private final class Box<T>: @unchecked Sendable {
        var value: T?  // written before the semaphore signals, read after it
    }
}
