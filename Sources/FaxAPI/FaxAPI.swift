// FaxAPI: placeholder until the REST API lands (the api branch replaces this file).
import FaxServer
import Logging
import ServiceLifecycle

public struct FaxAPIServer: Sendable {
    public init(context: FaxServerContext, logger: Logger) {}
    public func services() throws -> [any Service] { [] }
}
