// WebhookReceiver: a real HTTP receiver for the webhook tests — a small Python server (stdlib only)
// that checks every request's signature with its own implementation of the Standard Webhooks
// scheme (HMAC-SHA256 over "id.timestamp.body" with the base64 key after `whsec_`, any `v1,`
// signature of the space-separated list, a timestamp within five minutes), written from the
// specification, not from SwiftFax's code. What it answers (200, 500, or 200 after a delay) and
// which secrets it knows are files the test rewrites while it runs; each request is one JSON line.

import FaxTestSupport
import Foundation

final class WebhookReceiver: @unchecked Sendable {
    let dir: ScratchDirectory
    let process = Process()
    let port: Int

    static let script = #"""
import base64, hashlib, hmac, http.server, json, os, sys, time
root = sys.argv[1]
def read(name, default=""):
    try:
        with open(os.path.join(root, name)) as f: return f.read().strip()
    except FileNotFoundError: return default
def check(secret, msg_id, ts, body, header):
    key = base64.b64decode(secret[len("whsec_"):])
    signed = msg_id.encode() + b"." + ts.encode() + b"." + body
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    return any(p.startswith("v1,") and hmac.compare_digest(p[3:], expected) for p in header.split(" "))
class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args): pass
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("content-length", "0")))
        msg_id, ts = self.headers.get("webhook-id", ""), self.headers.get("webhook-timestamp", "")
        header = self.headers.get("webhook-signature", "")
        secrets = [s for s in read("secrets").splitlines() if s]
        fresh = ts.isdigit() and abs(time.time() - int(ts)) < 300
        valid = [i for i, s in enumerate(secrets) if fresh and check(s, msg_id, ts, body, header)]
        mode = read("mode", "ok")
        status = 500 if mode == "fail" else 200
        if mode == "slow": time.sleep(3)
        try: payload = json.loads(body)
        except ValueError: payload = None
        with open(os.path.join(root, "received.jsonl"), "a") as f:
            f.write(json.dumps({"id": msg_id, "valid": valid, "signatures": len(header.split(" ")) if header else 0,
                                "status": status, "payload": payload}) + "\n")
        self.send_response(status)
        self.send_header("content-type", "text/plain")
        self.end_headers()
        self.wfile.write(b"failing on purpose" if status == 500 else b"thanks")
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
with open(os.path.join(root, "port.tmp"), "w") as f: f.write(str(server.server_address[1]))
os.rename(os.path.join(root, "port.tmp"), os.path.join(root, "port"))
server.serve_forever()
"""#

    struct Request: Decodable {
        let id: String
        /// Which of the receiver's secrets (by line) verified it.
        let valid: [Int]
        let signatures: Int
        let status: Int
        let payload: Payload?
    }

    struct Payload: Decodable {
        let type: String
        let id: String
        let sequence: Int64
        let data: [String: JSONValue]
    }

    init(_ label: String) throws {
        dir = ScratchDirectory(label)
        try Self.script.write(toFile: dir.file("receiver.py"), atomically: true, encoding: .utf8)
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [dir.file("receiver.py"), dir.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        let deadline = Date().addingTimeInterval(20)
        while !FileManager.default.fileExists(atPath: dir.file("port")), Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        guard let text = try? String(contentsOfFile: dir.file("port"), encoding: .utf8), let port = Int(text) else {
            kill(process.processIdentifier, SIGKILL)
            throw ReceiverError("the receiver did not start")
        }
        self.port = port
    }

    var url: String { "http://127.0.0.1:\(port)/hooks" }

    /// "ok", "fail" (500) or "slow" (200 after 3 s).
    func answer(_ mode: String) throws { try mode.write(toFile: dir.file("mode"), atomically: true, encoding: .utf8) }
    func know(_ secrets: [String]) throws { try secrets.joined(separator: "\n").write(toFile: dir.file("secrets"), atomically: true, encoding: .utf8) }

    var requests: [Request] {
        guard let text = try? String(contentsOfFile: dir.file("received.jsonl"), encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { try? JSONDecoder().decode(Request.self, from: Data($0.utf8)) }
    }

    /// SIGKILL: a child of the test process may have SIGTERM blocked (the mask is inherited).
    func stop() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    struct ReceiverError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}

/// Any JSON value (enough to look at a payload's fields).
enum JSONValue: Decodable, Hashable {
    case string(String), number(Double), bool(Bool), object([String: JSONValue]), array([JSONValue]), null

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let v = try? c.decode(Bool.self) { self = .bool(v) }
        else if let v = try? c.decode(Double.self) { self = .number(v) }
        else if let v = try? c.decode(String.self) { self = .string(v) }
        else if let v = try? c.decode([JSONValue].self) { self = .array(v) }
        else { self = .object(try c.decode([String: JSONValue].self)) }
    }

    var string: String? { if case .string(let s) = self { s } else { nil } }
}
