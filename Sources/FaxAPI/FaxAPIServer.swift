// FaxAPIServer: the REST API's listeners as services for faxd's service group — the Unix socket
// (no key: the socket file's mode and group decide who may connect) and, when configured, TCP
// (every request needs a Bearer key). Both are bounded the same way: at most api.max_connections
// open connections each; a connection with no request for api.idle_timeout (or whose request head
// takes that long to arrive: slowloris) is closed, and so is one whose request body takes longer
// than api.read_timeout; uploads and document fetches are admitted a few at a time (APILimits).

import FaxServer
import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTPTypes
import Prometheus
import ServiceLifecycle

public struct FaxAPIServer: Sendable {
    public let context: FaxServerContext
    public let logger: Logger
    /// Where FaxMetrics' counters go (faxd bootstraps swift-metrics with it) and /metrics reads.
    public let metrics: PrometheusCollectorRegistry

    public init(context: FaxServerContext, logger: Logger, metrics: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.context = context
        self.logger = logger
        self.metrics = metrics
    }

    /// The two doors: the Unix socket (no key) and TCP (Bearer keys).
    enum Door: CaseIterable { case unixSocket, tcp }

    public func services() throws -> [any Service] {
        let api = context.configuration.api
        let routes = makeRoutes()
        var services: [any Service] = []
        if !api.socket.isEmpty {
            let socket = api.socket
            if FileManager.default.fileExists(atPath: socket) { try FileManager.default.removeItem(atPath: socket) }
            guard let mode = mode_t(api.socketMode, radix: 8) else { throw APISocketError("api.socket_mode \"\(api.socketMode)\" is not octal") }
            let group: gid_t? = try api.socketGroup.map { name in
                guard let entry = getgrnam(name) else { throw APISocketError("api.socket_group \"\(name)\" is not a group on this system") }
                return entry.pointee.gr_gid
            }
            services.append(Application(
                router: router(for: .unixSocket, routes: routes), server: server,
                configuration: configuration(.unixDomainSocket(path: socket)),
                onServerRunning: { [logger] _ in
                    // Checked before faxd gets here (the group exists and faxd's user is in it).
                    if chmod(socket, mode) != 0 || (group.map { chown(socket, uid_t.max, $0) } ?? 0) != 0 {
                        logger.critical("cannot set the API socket's mode or group", metadata: ["socket": "\(socket)", "error": "\(String(cString: strerror(errno)))"])
                    }
                    logger.info("API listening", metadata: ["socket": "\(socket)"])
                },
                logger: logger))
        }
        if let tcp = api.tcp, let (host, port) = APIConfiguration.hostAndPort(tcp) {
            services.append(Application(
                router: router(for: .tcp, routes: routes), server: server,
                configuration: configuration(.hostname(host, port: port)),
                onServerRunning: { [logger] channel in
                    // The bound address (port 0 in the configuration: the one the kernel chose).
                    let bound = channel.localAddress.flatMap { address in
                        address.ipAddress.map { ip in (ip.contains(":") ? "[\(ip)]" : ip) + ":\(address.port ?? 0)" }
                    }
                    logger.info("API listening", metadata: ["tcp": "\(bound ?? tcp)"])
                },
                logger: logger))
        }
        if let listen = context.configuration.metrics.listen, let (host, port) = APIConfiguration.hostAndPort(listen) {
            // A listener for scrapers: /metrics and nothing else.
            let router = Router()
            if let key = context.configuration.metrics.key {
                router.add(middleware: APIKeyMiddleware(keys: [], metricsKey: key))
            }
            MetricsRoute(context: context, registry: metrics).register(on: router)
            services.append(Application(
                router: router, server: server, configuration: configuration(.hostname(host, port: port)),
                onServerRunning: { [logger] channel in
                    let bound = channel.localAddress.flatMap { address in
                        address.ipAddress.map { ip in (ip.contains(":") ? "[\(ip)]" : ip) + ":\(address.port ?? 0)" }
                    }
                    logger.info("metrics listening", metadata: ["listen": "\(bound ?? listen)"])
                },
                logger: logger))
        }
        return services
    }

    /// The routes both doors serve, sharing one set of admission limits.
    func makeRoutes() -> FaxRoutes {
        let api = context.configuration.api
        let fetcher = DocumentFetcher(allowPrivateAddresses: api.allowPrivateDocumentURLs,
                                      fetches: Admission("document fetches", limit: api.maxConcurrentFetches, queue: 4 * api.maxConcurrentFetches))
        let uploads = Admission("uploads", limit: api.maxConcurrentUploads, queue: max(64, 4 * api.maxConcurrentUploads))
        return FaxRoutes(context: context, metrics: metrics, submitter: SubmitHandler(
            context: context, batcher: SubmissionBatcher(spool: context.spool), fetcher: fetcher, uploads: uploads))
    }

    /// The router a door serves (the contract test reads its routes back).
    func router(for door: Door, routes: FaxRoutes) -> Router<BasicRequestContext> {
        let router = Router()
        switch door {
        case .unixSocket:
            router.add(middleware: LogRequestsMiddleware(.debug))
        case .tcp:
            router.add(middleware: APIKeyMiddleware(keys: context.configuration.api.keys, metricsKey: context.configuration.metrics.key))
            router.add(middleware: LogRequestsMiddleware(.info))  // with the key's name (set above), for audit
        }
        routes.register(on: router)
        return router
    }

    private func configuration(_ address: BindAddress) -> ApplicationConfiguration {
        ApplicationConfiguration(address: address, serverName: "faxd",
                                 availableConnectionsDelegate: MaximumAvailableConnections(context.configuration.api.maxConnections, logger: logger))
    }

    /// HTTP/1.1 with the idle timeout (Hummingbird's: no request part for that long, including a
    /// head that never completes) and the read timeout (RequestReadDeadline).
    private var server: HTTPServerBuilder {
        let api = context.configuration.api
        let read = TimeAmount.milliseconds(Int64(api.readTimeout * 1000))
        return .http1(configuration: .init(additionalChannelHandlers: [RequestReadDeadline(timeout: read)],
                                           idleTimeout: .milliseconds(Int64(api.idleTimeout * 1000))))
    }
}

/// Closes a connection whose request, once its head has arrived, has not arrived whole within
/// `timeout` (a body trickled in a byte at a time keeps the idle timer happy but not this one).
final class RequestReadDeadline: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart

    let timeout: TimeAmount
    private var deadline: Scheduled<Void>?

    init(timeout: TimeAmount) {
        self.timeout = timeout
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            deadline?.cancel()
            deadline = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) { context.close(promise: nil) }
        case .end:
            deadline?.cancel()
            deadline = nil
        case .body:
            break
        }
        context.fireChannelRead(data)
    }

    func channelInactive(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
    }
}

struct APISocketError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
