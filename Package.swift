// swift-tools-version:6.0
// SwiftFax: a self-hosted fax server. The targets are the layers, lowest first:
// serial port → AT channel (V.250) → T.30 session → modem drivers (T.31) → documents (T.4)
// → spool → front doors (faxctl, API, CUPS backend in cups-backend/, udev). A target depends only on targets above it here.
// FaxOutcome (how a call ended) is a leaf every layer may use; E164 (phone numbers, on libphonenumber)
// is a leaf below the spool.
import PackageDescription

let package = Package(
    name: "SwiftFax",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "faxctl", targets: ["faxctl"]),
        .executable(name: "swiftfax-bench", targets: ["swiftfax-bench"]),
        .executable(name: "faxd", targets: ["faxd"]),
        .executable(name: "swiftfax-cups", targets: ["swiftfax-cups"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/vapor/multipart-kit", from: "4.7.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // C libraries, through system-library targets and one tiny shim.
        .systemLibrary(
            name: "CSpanDSP",
            pkgConfig: "spandsp",
            providers: [.apt(["libspandsp-dev", "libtiff-dev"])]
        ),
        .target(name: "CPOSIXShims"),
        .systemLibrary(
            name: "CMagickWand",
            pkgConfig: "MagickWand",
            providers: [.apt(["libmagickwand-6.q16-dev"])]
        ),
        .systemLibrary(name: "CCupsRaster", providers: [.apt(["libcups2-dev", "libcupsimage2-dev"])]),
        .systemLibrary(name: "CUDev", pkgConfig: "libudev", providers: [.apt(["libudev-dev"])]),
        // Google's libphonenumber (apt: libphonenumber-dev; no pkg-config file) through an extern "C"
        // shim, so no Swift module needs C++ interoperability.
        .target(name: "CPhoneNumber", linkerSettings: [.linkedLibrary("phonenumber")]),
        // What the virtual Class 2 modem needs from inside spandsp's T.30 (its ECM block buffer).
        .target(name: "CT30Internals", linkerSettings: [.linkedLibrary("spandsp")]),

        // Serial port: termios, UUCP locks, modem-control lines.
        .target(name: "SerialPort", dependencies: ["CPOSIXShims"]),
        // AT command channel (V.250): commands, result codes, DLE framing.
        .target(name: "V250", dependencies: ["SerialPort", "FaxOutcome"]),
        // How a fax call ended: completion codes, session results and events (plain values, no C).
        .target(name: "FaxOutcome"),
        // TIFF/F pages (T.4/T.6 images): read, write, compare.
        .target(name: "T4", dependencies: ["CSpanDSP"]),
        // The T.30 fax session on spandsp, the FaxFrontEnd seam, and the soft-modem front end.
        .target(name: "T30", dependencies: ["CSpanDSP", "T4", "FaxOutcome"]),
        // Class 1 modem driver (T.31): AT primitives, identity, quirks, and the front end that runs
        // the T.30 session over a Class 1 modem. Class 2 (T.32) and the audio-line driver are siblings.
        .target(name: "T31", dependencies: ["T30", "FaxOutcome", "V250", "SerialPort", "CSpanDSP"]),
        // Class 2 / 2.0 / 2.1 (ITU-T T.32): the modem runs T.30; the host reads its reports.
        .target(name: "T32", dependencies: ["T30", "FaxOutcome", "V250", "SerialPort", "CSpanDSP"]),
        // Voice modems (V.253 Class 8) as audio lines for the soft modem: fax on the host.
        .target(name: "V253", dependencies: ["T30", "FaxOutcome", "V250", "SerialPort", "CSpanDSP"]),
        // Documents: any common input to TIFF/F fax pages (Ghostscript, libtiff, MagickWand, libcups),
        // page headers, cover pages, and received faxes back to PDF/PNG.
        .target(name: "FaxDocuments", dependencies: ["FaxOutcome", "T4", "CSpanDSP", "CMagickWand", "CCupsRaster"]),
        // The virtual phone exchange: lines, calls, virtual Class 1 modems on ptys.
        .target(name: "VirtualExchange", dependencies: ["T30", "FaxOutcome", "T4", "CSpanDSP", "CPOSIXShims", "CT30Internals"]),

        // E.164 numbers, made only by checking text against libphonenumber's numbering-plan data,
        // which also answers validity, number type and emergency numbers.
        .target(name: "E164", dependencies: ["CPhoneNumber"]),

        // Mail messages (RFC 5322, MIME) both ways: written (checked addresses, encoded headers,
        // attachments) for mailing received faxes and outcomes, and read (a bounded parser for hostile
        // mail, RFC 2047/2231, Authentication-Results) for mail that becomes a fax. A leaf, like E164.
        .target(name: "MIME"),

        // The durable spool: jobs, attempts and events in SQLite; the job state machine; retry policy.
        .target(name: "Spool", dependencies: ["FaxOutcome", "E164", .product(name: "GRDB", package: "GRDB.swift")]),

        // The fax server's core: configuration, dial rules, destination policy, document store, the modem pool that
        // runs the spool's jobs on modems and answers calls into the inbox.
        .target(
            name: "FaxServer",
            dependencies: [
                "Spool", "E164", "FaxOutcome", "T30", "T31", "T32", "V253", "T4", "V250", "SerialPort", "FaxDocuments", "ModemDiscovery",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),

        // Front doors.
        // Email both ways: received faxes and outcomes mailed through the host's MTA (the outbox and its
        // dispatcher), and mail that becomes faxes (intake: who may send, which box, the documents, the SMTP log).
        .target(
            name: "FaxMail",
            dependencies: [
                "FaxServer", "Spool", "MIME", "FaxDocuments", "E164", "T4",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The REST API's wire types, shared by the server and its clients.
        .target(name: "FaxAPIModels"),
        // The REST API v1 (Hummingbird) over the spool and the modem pool.
        .target(
            name: "FaxAPI",
            dependencies: [
                "FaxServer", "FaxAPIModels", "FaxMail", "MIME", "Spool", "E164", "FaxOutcome", "FaxDocuments",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // A client of the REST API (Unix socket or TCP), used by faxctl, the tests and the benchmark.
        .target(
            name: "FaxClient",
            dependencies: [
                "FaxAPIModels",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        // The daemon: spool, modem pool and API under one service group.
        .executableTarget(
            name: "faxd",
            dependencies: [
                "FaxServer", "FaxAPI", "FaxMail", "Spool", "FaxDocuments",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Finding modems: tty devices through libudev, candidacy, stable identity, hot-plug events.
        .target(name: "ModemDiscovery", dependencies: ["CUDev"]),
        .executableTarget(
            name: "faxctl",
            dependencies: [
                "FaxOutcome", "T30", "T31", "T32", "V253", "T4", "V250", "SerialPort", "VirtualExchange", "FaxDocuments", "FaxClient", "FaxAPIModels",
                "ModemDiscovery",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // The CUPS backend `swiftfax` (print to fax), with the PPD and install script in cups-backend/:
        // libcups's option parser, discovery report and job queries through a system library.
        .systemLibrary(name: "CCups", path: "cups-backend/Sources/CCups", providers: [.apt(["libcups2-dev"])]),
        .executableTarget(
            name: "swiftfax-cups",
            dependencies: ["FaxClient", "FaxAPIModels", "FaxDocuments", "T4", "CCups"],
            path: "cups-backend/Sources/swiftfax-cups"
        ),

        // Benchmarks: the Swift session against a plain C loop over the same spandsp calls.
        .target(
            name: "CFaxBaseline",
            linkerSettings: [.linkedLibrary("spandsp"), .linkedLibrary("tiff")]
        ),
        .executableTarget(name: "swiftfax-bench", dependencies: ["FaxOutcome", "T30", "T31", "T32", "V253", "T4", "VirtualExchange", "CFaxBaseline", "CSpanDSP", "Spool", "E164", "FaxDocuments", "FaxClient", "FaxAPIModels", "FaxdTestSupport", "FaxTestSupport"]),

        // Helpers for the test targets only: scratch directories, test documents, a terminal client.
        .target(name: "FaxTestSupport", dependencies: ["T4", "SerialPort"], path: "Sources/FaxTestSupport"),
        // A real faxd process on a virtual exchange, for the tests (and benchmarks) of faxd and its front doors.
        .target(name: "FaxdTestSupport", dependencies: ["FaxTestSupport", "FaxClient", "Spool", "T30", "VirtualExchange"],
                exclude: ["faxd-testbed.py"]),

        .testTarget(name: "SerialPortTests", dependencies: ["SerialPort", "CPOSIXShims", "FaxTestSupport"]),
        .testTarget(name: "ModemDiscoveryTests", dependencies: ["ModemDiscovery", "FaxTestSupport"], exclude: ["Devices", "hotplug-testbed.py"]),
        .testTarget(name: "V250Tests", dependencies: ["V250", "SerialPort", "FaxTestSupport"]),
        .testTarget(name: "T4Tests", dependencies: ["T4", "FaxTestSupport"]),
        .testTarget(name: "T30Tests", dependencies: ["T30", "FaxOutcome", "T4", "FaxTestSupport"]),
        .testTarget(name: "VirtualExchangeTests", dependencies: ["VirtualExchange", "T30", "FaxOutcome", "T4", "CPOSIXShims", "CSpanDSP", "FaxTestSupport"]),
        .testTarget(name: "FaxDocumentsTests", dependencies: ["FaxDocuments", "FaxOutcome", "T4", "CSpanDSP", "CMagickWand", "CCupsRaster", "FaxTestSupport"]),
        .testTarget(name: "E164Tests", dependencies: ["E164"]),
        .testTarget(name: "MIMETests", dependencies: ["MIME", "FaxTestSupport"]),
        // Email both ways against a real Postfix (a private instance on loopback) and faxd on the virtual exchange.
        .testTarget(name: "MailTests", dependencies: ["FaxTestSupport", "FaxdTestSupport", "MIME", "FaxClient", "FaxAPIModels", "T30", "T4", "VirtualExchange"]),
        .testTarget(name: "SpoolTests", dependencies: ["Spool", "E164", "FaxOutcome", "T30", "FaxTestSupport"]),
        .testTarget(name: "FaxServerTests", dependencies: [
            "T32",
            "FaxServer", "E164", "Spool", "FaxOutcome", "T30", "T31", "T4", "V250", "FaxDocuments", "FaxTestSupport",
            .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "FaxAPITests", dependencies: ["FaxAPI", "FaxAPIModels", "FaxMail", "FaxServer", "Spool", "E164", .product(name: "NIOCore", package: "swift-nio"), .product(name: "Logging", package: "swift-log"), .product(name: "Yams", package: "Yams")]),
        .testTarget(name: "FaxdTests", dependencies: ["FaxClient", "FaxAPIModels", "FaxOutcome", "Spool", "E164", "T30", "T4", "VirtualExchange", "FaxTestSupport", "FaxdTestSupport", "SerialPort", "FaxDocuments"]),
        .testTarget(name: "CUPSBackendTests", dependencies: ["FaxdTestSupport", "FaxTestSupport", "FaxClient", "FaxAPIModels", "Spool", "T30", "T4", "VirtualExchange", "CCups"]),
        .testTarget(name: "V253Tests", dependencies: ["V253", "V250", "T30", "T31", "T4", "FaxOutcome", "VirtualExchange", "FaxTestSupport"]),
        .testTarget(name: "T32Tests", dependencies: ["T32", "T30", "T31", "T4", "FaxOutcome", "VirtualExchange", "FaxTestSupport"]),
        .testTarget(name: "T31Tests", dependencies: ["T31", "T30", "FaxOutcome", "T4", "V250", "SerialPort", "VirtualExchange", "FaxTestSupport"]),
    ],
    swiftLanguageModes: [.v6],
    cxxLanguageStandard: .cxx17
)
