// ServerConfiguration: faxd's configuration file, /etc/swiftfax/faxd.yaml — where the spool is,
// who faxd runs as, the modems and their groups, dial rules and destination policy, API sockets and keys, and the
// defaults a job gets when its submitter says nothing. Every key is optional except `modems`
// entries' `device`; docs/faxd.md lists them with their defaults.

import FaxDocuments
import Foundation
import Spool
import T32
import Yams

public struct ServerConfiguration: Codable, Sendable, Hashable {
    /// Spool directory: spool.sqlite, documents/, inbox/, logs/.
    public var spool: String = "/var/spool/swiftfax"
    /// Started as root, faxd switches to this user (and its groups, which should include dialout)
    /// once its directories exist. Nil (not in the file): `swiftfax` — or, with `allow_root`,
    /// stay root. Started as anyone else, faxd stays who it is.
    public var user: String? = nil
    /// Let faxd run as root (its API, URL fetches, decoders and Ghostscript included). Off: faxd
    /// started as root becomes `user` (default `swiftfax`) and refuses to go on as root.
    public var allowRoot: Bool = false
    /// Directory for UUCP lock files ("" for none).
    public var lockDirectory: String = "/var/lock"
    public var defaults: JobDefaults = JobDefaults()
    public var dialRules: DialRules = DialRules()
    /// Which numbers may be dialled (emergency numbers never are).
    public var destinations: DestinationPolicy = DestinationPolicy()
    public var api: APIConfiguration = APIConfiguration()
    public var modems: [ModemConfiguration] = []
    /// Seconds between retries by cause: see docs/spool.md. Nil: the spool's standard policy.
    public var retry: RetryConfiguration? = nil
    /// How documents are converted (the helper process and its limits).
    public var conversion: ConversionConfiguration = ConversionConfiguration()
    /// Finding modems through udev.
    public var discovery: DiscoveryConfiguration = DiscoveryConfiguration()
    /// Delivering webhooks.
    public var webhooks: WebhookConfiguration = WebhookConfiguration()
    /// Serving Prometheus metrics.
    public var metrics: MetricsConfiguration = MetricsConfiguration()
    /// Mail out (received faxes, outcomes) and mail in (faxes sent by mail).
    public var mail: MailConfiguration = MailConfiguration()

    public init() {}

    enum CodingKeys: String, CodingKey {
        case spool, user, allowRoot = "allow_root", lockDirectory = "lock_directory", defaults, dialRules = "dial_rules", destinations, api, modems, retry, conversion, discovery, webhooks, metrics, mail
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let fallback = ServerConfiguration()
        spool = try c.decodeIfPresent(String.self, forKey: .spool) ?? fallback.spool
        user = try c.decodeIfPresent(String.self, forKey: .user)
        allowRoot = try c.decodeIfPresent(Bool.self, forKey: .allowRoot) ?? false
        lockDirectory = try c.decodeIfPresent(String.self, forKey: .lockDirectory) ?? fallback.lockDirectory
        defaults = try c.decodeIfPresent(JobDefaults.self, forKey: .defaults) ?? fallback.defaults
        dialRules = try c.decodeIfPresent(DialRules.self, forKey: .dialRules) ?? fallback.dialRules
        destinations = try c.decodeIfPresent(DestinationPolicy.self, forKey: .destinations) ?? fallback.destinations
        api = try c.decodeIfPresent(APIConfiguration.self, forKey: .api) ?? fallback.api
        modems = try c.decodeIfPresent([ModemConfiguration].self, forKey: .modems) ?? []
        retry = try c.decodeIfPresent(RetryConfiguration.self, forKey: .retry)
        conversion = try c.decodeIfPresent(ConversionConfiguration.self, forKey: .conversion) ?? fallback.conversion
        discovery = try c.decodeIfPresent(DiscoveryConfiguration.self, forKey: .discovery) ?? fallback.discovery
        webhooks = try c.decodeIfPresent(WebhookConfiguration.self, forKey: .webhooks) ?? fallback.webhooks
        metrics = try c.decodeIfPresent(MetricsConfiguration.self, forKey: .metrics) ?? fallback.metrics
        mail = try c.decodeIfPresent(MailConfiguration.self, forKey: .mail) ?? fallback.mail
    }

    /// Reads and checks a YAML configuration file.
    public static func load(path: String) throws(ConfigurationError) -> ServerConfiguration {
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadable(path) }
        return try parse(String(decoding: data, as: UTF8.self), source: path)
    }

    public static func parse(_ yaml: String, source: String = "<string>") throws(ConfigurationError) -> ServerConfiguration {
        let configuration: ServerConfiguration
        do {
            configuration = try YAMLDecoder().decode(ServerConfiguration.self, from: yaml)
        } catch {
            throw .invalid(source, String(describing: error))
        }
        try configuration.validate(source: source)
        return configuration
    }

    public func validate(source: String = "<configuration>") throws(ConfigurationError) {
        // faxd works in its spool directory, so a relative path would change meaning.
        for (key, path, optional) in [("spool", spool, false), ("api.socket", api.socket, true), ("lock_directory", lockDirectory, true)] {
            if path.isEmpty ? !optional : !path.hasPrefix("/") { throw .invalid(source, "\(key) must be an absolute path") }
        }
        if let user, user.isEmpty { throw .invalid(source, "user is empty (leave it out for swiftfax)") }
        if let group = api.socketGroup, group.isEmpty { throw .invalid(source, "api.socket_group is empty (leave it out for faxd's own group)") }
        guard api.socketMode.allSatisfy({ ("0"..."7").contains($0) }), let mode = mode_t(api.socketMode, radix: 8), mode <= 0o777 else {
            throw .invalid(source, "api.socket_mode \"\(api.socketMode)\" is not an octal file mode such as \"0660\"")
        }
        var names = Set<String>()
        for modem in modems {
            guard !modem.name.isEmpty, modem.name.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) else {
                throw .invalid(source, "modem name \"\(modem.name)\": letters, digits, - _ . only")
            }
            guard names.insert(modem.name).inserted else { throw .invalid(source, "two modems are named \"\(modem.name)\"") }
            if let match = modem.match {
                guard !match.isEmpty else { throw .invalid(source, "modem \(modem.name): match needs identity, usb or path") }
                guard modem.device.isEmpty else { throw .invalid(source, "modem \(modem.name): a device path or a match, not both (match: {path: …})") }
            } else {
                guard modem.device.hasPrefix("/") else { throw .invalid(source, "modem \(modem.name): device must be an absolute path") }
            }
            guard modem.rings >= 1 else { throw .invalid(source, "modem \(modem.name): rings must be at least 1") }
        }
        if let problem = dialRules.problem ?? destinations.problem ?? conversion.problem ?? discovery.problem { throw .invalid(source, problem) }
        guard ["standard", "fine", "superfine"].contains(defaults.resolution) else {
            throw .invalid(source, "defaults.resolution is standard, fine or superfine")
        }
        guard defaults.maxAttempts >= 1 else { throw .invalid(source, "defaults.max_attempts must be at least 1") }
        if let tcp = api.tcp, APIConfiguration.hostAndPort(tcp) == nil {
            throw .invalid(source, "api.tcp \"\(tcp)\" is not HOST:PORT")
        }
        if api.tcp != nil, api.keys.isEmpty { throw .invalid(source, "api.tcp needs at least one entry in api.keys") }
        guard api.idleTimeout > 0, api.readTimeout > 0 else { throw .invalid(source, "api.idle_timeout and api.read_timeout must be positive") }
        guard api.maxConnections >= 1, api.maxConcurrentUploads >= 1, api.maxConcurrentFetches >= 1, api.maxBodyBytes >= 1 else {
            throw .invalid(source, "api.max_connections, max_concurrent_uploads, max_concurrent_fetches and max_body_bytes must be at least 1")
        }
        for key in api.keys where key.key.utf8.count < 16 {
            throw .invalid(source, "API key \"\(key.name)\" is shorter than 16 characters")
        }
    }

    /// The account faxd runs as when started as root: nil to stay root (only with `allow_root`).
    public var runAsUser: String? { user ?? (allowRoot ? nil : Self.defaultUser) }
    /// The unprivileged account scripts/install-faxd.sh creates.
    public static let defaultUser = "swiftfax"

    public var databasePath: String { spool + "/spool.sqlite" }
    public var documentsDirectory: String { spool + "/documents" }
    public var inboxDirectory: String { spool + "/inbox" }
    /// faxd's private scratch space (0700; emptied at start-up): PDFs made for downloads.
    public var scratchDirectory: String { spool + "/tmp" }
    /// Session logs of calls, one file per attempt.
    public var logsDirectory: String { spool + "/logs" }

    /// The conversion helper with this configuration's limits.
    public var converter: IsolatedConverter {
        IsolatedConverter(helper: conversion.helper.isEmpty ? IsolatedConverter.thisProgram : conversion.helper,
                          timeoutSeconds: conversion.timeoutSeconds, memoryBytes: conversion.memoryMB << 20)
    }
}

public enum ConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    case unreadable(String)
    case invalid(String, String)

    public var description: String {
        switch self {
        case .unreadable(let path): "cannot read the configuration file \(path)"
        case .invalid(let source, let text): "\(source): \(text)"
        }
    }
}

/// What a job gets when its submitter does not say.
public struct JobDefaults: Codable, Sendable, Hashable {
    /// Sender name printed in the page header ("" for none).
    public var header: String = ""
    /// Station identity (TSI/CSI): digits, spaces and '+', at most 20.
    public var identity: String = ""
    /// IANA time zone of the page header's date and time.
    public var timezone: String = "UTC"
    public var resolution: String = "fine"
    public var ecm: Bool = true
    public var maxAttempts: Int = 3
    /// Hard limit on one call, in seconds.
    public var callDeadline: Int = 900
    /// Largest document accepted, in bytes.
    public var maxDocumentBytes: Int = 50 * 1024 * 1024

    public init() {}

    enum CodingKeys: String, CodingKey {
        case header, identity, timezone, resolution, ecm
        case maxAttempts = "max_attempts", callDeadline = "call_deadline", maxDocumentBytes = "max_document_bytes"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = JobDefaults()
        header = try c.decodeIfPresent(String.self, forKey: .header) ?? d.header
        identity = try c.decodeIfPresent(String.self, forKey: .identity) ?? d.identity
        timezone = try c.decodeIfPresent(String.self, forKey: .timezone) ?? d.timezone
        resolution = try c.decodeIfPresent(String.self, forKey: .resolution) ?? d.resolution
        ecm = try c.decodeIfPresent(Bool.self, forKey: .ecm) ?? d.ecm
        maxAttempts = try c.decodeIfPresent(Int.self, forKey: .maxAttempts) ?? d.maxAttempts
        callDeadline = try c.decodeIfPresent(Int.self, forKey: .callDeadline) ?? d.callDeadline
        maxDocumentBytes = try c.decodeIfPresent(Int.self, forKey: .maxDocumentBytes) ?? d.maxDocumentBytes
    }
}

/// Where the REST API listens and who may use it.
public struct APIConfiguration: Codable, Sendable, Hashable {
    /// Unix socket for local clients (faxctl); "" for none.
    public var socket: String = "/run/swiftfax/faxd.sock"
    /// The socket's permissions (octal): group-writable so members of `socket_group` can submit.
    public var socketMode: String = "0660"
    /// The socket's group (faxd's user must be in it); nil: faxd's own group.
    public var socketGroup: String? = nil
    /// "HOST:PORT" to also listen on TCP; every TCP request needs a Bearer key.
    public var tcp: String? = nil
    public var keys: [APIKey] = []
    /// Let document URLs point at loopback and private addresses (off: SSRF protection).
    public var allowPrivateDocumentURLs: Bool = false
    /// Largest request body (uploads), in bytes.
    public var maxBodyBytes: Int = 64 * 1024 * 1024
    /// Seconds a connection may sit without a request (and the most a request's head may take to
    /// arrive) before it is closed.
    public var idleTimeout: Double = 60
    /// Seconds a request's body may take to arrive, from its head to its last byte.
    public var readTimeout: Double = 300
    /// Open connections per listener; further clients wait in the kernel's backlog.
    public var maxConnections: Int = 256
    /// Uploads received at once (each streams to a file in the documents area); more wait their turn.
    public var maxConcurrentUploads: Int = 16
    /// `document_url` fetches at once; more wait their turn.
    public var maxConcurrentFetches: Int = 4

    public init() {}

    enum CodingKeys: String, CodingKey {
        case socket, socketMode = "socket_mode", socketGroup = "socket_group", tcp, keys
        case allowPrivateDocumentURLs = "allow_private_document_urls", maxBodyBytes = "max_body_bytes"
        case idleTimeout = "idle_timeout", readTimeout = "read_timeout", maxConnections = "max_connections"
        case maxConcurrentUploads = "max_concurrent_uploads", maxConcurrentFetches = "max_concurrent_fetches"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = APIConfiguration()
        socket = try c.decodeIfPresent(String.self, forKey: .socket) ?? d.socket
        socketMode = try c.decodeIfPresent(String.self, forKey: .socketMode) ?? d.socketMode
        socketGroup = try c.decodeIfPresent(String.self, forKey: .socketGroup)
        tcp = try c.decodeIfPresent(String.self, forKey: .tcp)
        keys = try c.decodeIfPresent([APIKey].self, forKey: .keys) ?? []
        allowPrivateDocumentURLs = try c.decodeIfPresent(Bool.self, forKey: .allowPrivateDocumentURLs) ?? false
        maxBodyBytes = try c.decodeIfPresent(Int.self, forKey: .maxBodyBytes) ?? d.maxBodyBytes
        idleTimeout = try c.decodeIfPresent(Double.self, forKey: .idleTimeout) ?? d.idleTimeout
        readTimeout = try c.decodeIfPresent(Double.self, forKey: .readTimeout) ?? d.readTimeout
        maxConnections = try c.decodeIfPresent(Int.self, forKey: .maxConnections) ?? d.maxConnections
        maxConcurrentUploads = try c.decodeIfPresent(Int.self, forKey: .maxConcurrentUploads) ?? d.maxConcurrentUploads
        maxConcurrentFetches = try c.decodeIfPresent(Int.self, forKey: .maxConcurrentFetches) ?? d.maxConcurrentFetches
    }

    /// Splits "HOST:PORT" ("[::1]:8686" for IPv6; port 0: any free port, logged when listening).
    public static func hostAndPort(_ text: String) -> (host: String, port: Int)? {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port) else {
            return nil
        }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return host.isEmpty ? nil : (host, port)
    }
}

public struct APIKey: Codable, Sendable, Hashable {
    /// Who the key belongs to (logged with each request, never the key itself).
    public var name: String
    public var key: String

    public init(name: String, key: String) {
        self.name = name
        self.key = key
    }
}

/// One modem faxd owns: at a fixed `device` path, or found by discovery and recognised by `match`.
public struct ModemConfiguration: Codable, Sendable, Hashable {
    public var name: String
    /// The serial device; empty for a modem found by discovery (its node comes from udev).
    public var device: String
    /// Which discovered modem this entry is for (identity, USB vendor:product, or device path).
    public var match: ModemMatch? = nil
    /// Jobs may ask for a group; every modem is in "default" unless it lists groups.
    public var groups: [String] = ["default"]
    /// Answer incoming calls into the inbox.
    public var answer: Bool = true
    /// Answer after this many rings.
    public var rings: Int = 1
    /// Station identity for this line (overrides defaults.identity).
    public var identity: String? = nil
    /// Make outbound calls.
    public var dial: Bool = true
    /// The command set to drive the modem with: `auto` (what its quirks row prefers, else
    /// Class 1, else the newest Class 2 it offers, else voice), `1`, `2`, `2.0`, `2.1`, `2.x`
    /// (the newest Class 2 offered) or `voice`. Also set by `driver:` (auto, class1, class2,
    /// softmodem).
    public var faxClass: FaxClassSetting = .auto
    /// With `class: auto`: after this many calls in a row end in a modem fault (5206, 5209) under
    /// a fax class, a modem that offers voice is driven as a voice modem with the soft modem
    /// (0: never).
    public var fallbackAfter: Int = 2

    public init(name: String, device: String, groups: [String] = ["default"], answer: Bool = true, rings: Int = 1,
                identity: String? = nil, dial: Bool = true, faxClass: FaxClassSetting = .auto) {
        self.faxClass = faxClass
        self.name = name
        self.device = device
        self.groups = groups
        self.answer = answer
        self.rings = rings
        self.identity = identity
        self.dial = dial
    }

    enum CodingKeys: String, CodingKey {
        case name, device, match, groups, answer, rings, identity, dial
        case faxClass = "class"
        case fallbackAfter = "fallback_after"
    }

    /// Read, never written: `driver:` is another spelling of `class:`.
    private enum DriverKey: String, CodingKey { case driver }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        match = try c.decodeIfPresent(ModemMatch.self, forKey: .match)
        device = try c.decodeIfPresent(String.self, forKey: .device) ?? ""
        guard !device.isEmpty || match != nil else {
            throw DecodingError.dataCorruptedError(forKey: .device, in: c, debugDescription: "a modem needs a device or a match")
        }
        let fallbackName = device.isEmpty ? match?.identity ?? match?.usb ?? match?.path ?? "modem" : URL(fileURLWithPath: device).lastPathComponent
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? fallbackName
        groups = try c.decodeIfPresent([String].self, forKey: .groups) ?? ["default"]
        answer = try c.decodeIfPresent(Bool.self, forKey: .answer) ?? true
        rings = try c.decodeIfPresent(Int.self, forKey: .rings) ?? 1
        identity = try c.decodeIfPresent(String.self, forKey: .identity)
        dial = try c.decodeIfPresent(Bool.self, forKey: .dial) ?? true
        if let text = try c.decodeIfPresent(String.self, forKey: .faxClass) {
            guard let setting = FaxClassSetting(rawValue: text) else {
                throw DecodingError.dataCorruptedError(forKey: .faxClass, in: c, debugDescription:
                    "class \"\(text)\" is none of \(FaxClassSetting.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            faxClass = setting
        }
        let d = try decoder.container(keyedBy: DriverKey.self)
        if let text = try d.decodeIfPresent(String.self, forKey: .driver) {
            guard let setting = FaxClassSetting(driver: text) else {
                throw DecodingError.dataCorruptedError(forKey: .driver, in: d, debugDescription:
                    "driver \"\(text)\" is none of \(FaxClassSetting.driverNames.joined(separator: ", "))")
            }
            if c.contains(.faxClass), setting != faxClass {
                throw DecodingError.dataCorruptedError(forKey: .driver, in: d, debugDescription:
                    "driver \"\(text)\" and class \"\(faxClass.rawValue)\" disagree: give one of them")
            }
            faxClass = setting
        }
        fallbackAfter = try c.decodeIfPresent(Int.self, forKey: .fallbackAfter) ?? 2
        guard (0...100).contains(fallbackAfter) else {
            throw DecodingError.dataCorruptedError(forKey: .fallbackAfter, in: c, debugDescription: "fallback_after must be 0 (never) to 100")
        }
    }
}

/// Finding modems: faxd enumerates serial devices through libudev at start and follows them being
/// plugged in and pulled out. `accept: auto` uses every device that looks like a fax modem and
/// answers the probe; `configured` only those a `modems[]` entry matches.
public struct DiscoveryConfiguration: Codable, Sendable, Hashable {
    public var enabled: Bool = true
    /// `auto` (udevd's events when it runs, else the kernel's), `udev` or `kernel`.
    public var source: String = "auto"
    /// `auto` or `configured`.
    public var accept: String = "auto"

    public init() {}

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = DiscoveryConfiguration()
        enabled = try c.decodeIfPresent(Bool.self, forKey: .enabled) ?? d.enabled
        source = try c.decodeIfPresent(String.self, forKey: .source) ?? d.source
        accept = try c.decodeIfPresent(String.self, forKey: .accept) ?? d.accept
    }

    var problem: String? {
        if !["auto", "udev", "kernel"].contains(source) { return "discovery.source must be auto, udev or kernel" }
        if !["auto", "configured"].contains(accept) { return "discovery.accept must be auto or configured" }
        return nil
    }
}

/// Which discovered device a `modems[]` entry is for; every field given must match.
public struct ModemMatch: Codable, Sendable, Hashable {
    /// The stable identity `faxctl modem list` shows (USB serial and interface, or USB port).
    public var identity: String?
    /// USB `vendor:product`, e.g. `0baf:0303`.
    public var usb: String?
    /// The device node or one of its links (`/dev/serial/by-path/…`).
    public var path: String?

    public init(identity: String? = nil, usb: String? = nil, path: String? = nil) {
        self.identity = identity
        self.usb = usb
        self.path = path
    }

    var isEmpty: Bool { identity == nil && usb == nil && path == nil }
}

/// Document conversion: each job's document is converted by a helper (faxd itself) in a process of
/// its own, within these limits; a helper that crashes, overruns or is killed fails that job only.
public struct ConversionConfiguration: Codable, Sendable, Hashable {
    /// The helper program, run as `helper convert-document '<request>'`; empty for faxd itself.
    public var helper: String = ""
    /// Wall-clock limit for one document, in seconds.
    public var timeoutSeconds: Double = 300
    /// Address-space limit for the helper, in MiB.
    public var memoryMB: Int = 4096

    public init() {}

    enum CodingKeys: String, CodingKey { case helper, timeoutSeconds = "timeout_seconds", memoryMB = "memory_mb" }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = ConversionConfiguration()
        helper = try c.decodeIfPresent(String.self, forKey: .helper) ?? d.helper
        timeoutSeconds = try c.decodeIfPresent(Double.self, forKey: .timeoutSeconds) ?? d.timeoutSeconds
        memoryMB = try c.decodeIfPresent(Int.self, forKey: .memoryMB) ?? d.memoryMB
    }

    var problem: String? {
        if !helper.isEmpty && !helper.hasPrefix("/") { return "conversion.helper must be an absolute path" }
        if !(1...86_400).contains(timeoutSeconds) { return "conversion.timeout_seconds must be 1 to 86400" }
        if !(256...65_536).contains(memoryMB) { return "conversion.memory_mb must be 256 to 65536" }
        return nil
    }
}

/// Retry delays by cause, in seconds (each list: the delay after attempt 1, 2, …; the last repeats).
public struct RetryConfiguration: Codable, Sendable, Hashable {
    public var busy: [Double]? = nil
    public var noAnswer: [Double]? = nil
    public var failure: [Double]? = nil

    public init(busy: [Double]? = nil, noAnswer: [Double]? = nil, failure: [Double]? = nil) {
        self.busy = busy
        self.noAnswer = noAnswer
        self.failure = failure
    }

    enum CodingKeys: String, CodingKey { case busy, noAnswer = "no_answer", failure }
}

extension RetryConfiguration {
    /// The standard retry table with these delays put in (tests use seconds, sites minutes).
    public func policy() -> RetryPolicy {
        var policy = RetryPolicy.standard
        for index in policy.rules.indices {
            let rule = policy.rules[index]
            if let busy, rule.covers(5201) { policy.rules[index].delays = busy }
            if let noAnswer, rule.covers(5204) { policy.rules[index].delays = noAnswer }
            if let failure, rule.covers(5101) || rule.covers(5206) || rule.covers(5212) { policy.rules[index].delays = failure }
        }
        if let failure { policy.fallback.delays = failure }
        return policy
    }
}
