// FaxAPIServer: the REST API's listeners as services for faxd's service group — the Unix socket
// (no key: the socket file's mode and group decide who may connect) and, when configured, TCP
// (every request needs a Bearer key).

import FaxServer
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

public struct FaxAPIServer: Sendable {
    public let context: FaxServerContext
    public let logger: Logger

    public init(context: FaxServerContext, logger: Logger) {
        self.context = context
        self.logger = logger
    }

    public func services() throws -> [any Service] {
        let api = context.configuration.api
        let fetcher = DocumentFetcher(allowPrivateAddresses: api.allowPrivateDocumentURLs,
                                      maxBytes: context.configuration.defaults.maxDocumentBytes)
        let routes = FaxRoutes(context: context, submitter: SubmitHandler(
            context: context, batcher: SubmissionBatcher(spool: context.spool), fetcher: fetcher))
        var services: [any Service] = []
        if !api.socket.isEmpty {
            let socket = api.socket
            if FileManager.default.fileExists(atPath: socket) { try FileManager.default.removeItem(atPath: socket) }
            let mode = mode_t(api.socketMode, radix: 8) ?? 0o660
            let group = api.socketGroup.flatMap { getgrnam($0)?.pointee.gr_gid }
            let router = Router()
            router.add(middleware: LogRequestsMiddleware(.debug))
            routes.register(on: router)
            services.append(Application(
                router: router, configuration: ApplicationConfiguration(address: .unixDomainSocket(path: socket), serverName: "faxd"),
                onServerRunning: { [logger] _ in
                    chmod(socket, mode)
                    if let group { chown(socket, uid_t.max, group) }
                    logger.info("API listening", metadata: ["socket": "\(socket)"])
                },
                logger: logger))
        }
        if let tcp = api.tcp, let (host, port) = APIConfiguration.hostAndPort(tcp) {
            let router = Router()
            router.add(middleware: APIKeyMiddleware(keys: api.keys))
            router.add(middleware: LogRequestsMiddleware(.info))  // with the key's name (set above), for audit
            routes.register(on: router)
            services.append(Application(
                router: router, configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "faxd"),
                onServerRunning: { [logger] channel in
                    logger.info("API listening", metadata: ["tcp": "\(channel.localAddress.map { "\($0)" } ?? tcp)"])
                },
                logger: logger))
        }
        return services
    }
}
