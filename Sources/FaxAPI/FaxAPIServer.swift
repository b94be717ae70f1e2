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
            guard let mode = mode_t(api.socketMode, radix: 8) else { throw APISocketError("api.socket_mode \"\(api.socketMode)\" is not octal") }
            let group: gid_t? = try api.socketGroup.map { name in
                guard let entry = getgrnam(name) else { throw APISocketError("api.socket_group \"\(name)\" is not a group on this system") }
                return entry.pointee.gr_gid
            }
            let router = Router()
            router.add(middleware: LogRequestsMiddleware(.debug))
            routes.register(on: router)
            services.append(Application(
                router: router, configuration: ApplicationConfiguration(address: .unixDomainSocket(path: socket), serverName: "faxd"),
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

struct APISocketError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
