// Discovery: the backend run with no arguments (cups-deviced, `lpinfo -v`) lists one device per
// reachable faxd and per modem group there, then the scheme line, with libcups's
// cupsBackendReport doing the quoting. Sockets looked at: $SWIFTFAX_SOCKET (cups-files.conf
// `SetEnv`) and faxd's standard socket.

import CCups
import FaxClient
import Foundation

enum Discovery {
    static let makeAndModel = "SwiftFax faxd"
    static let deviceID = "MFG:SwiftFax;MDL:faxd;CMD:PDF,POSTSCRIPT,PNG,JPEG,TIFF,TEXT,CUPS-RASTER;CLS:FAX;"

    static func run() async -> BackendExitCode {
        var sockets: [String] = []
        if let configured = ProcessInfo.processInfo.environment["SWIFTFAX_SOCKET"], !configured.isEmpty { sockets.append(configured) }
        if !sockets.contains(DeviceURI.standardSocket) { sockets.append(DeviceURI.standardSocket) }
        for socket in sockets where FileManager.default.fileExists(atPath: socket) {
            var client = FaxClient(socketPath: socket)
            client.timeout = .seconds(3)
            guard let modems = try? await client.modems() else { continue }
            let uri = DeviceURI(socketPath: socket)
            report(uri.text, info: "SwiftFax fax (\(modems.count) modem\(modems.count == 1 ? "" : "s"))")
            for group in Set(modems.flatMap(\.groups)).sorted() {
                report(DeviceURI(socketPath: socket, modemGroup: group).text, info: "SwiftFax fax, modem group \(group)")
            }
        }
        cupsBackendReport("direct", DeviceURI.scheme, "Unknown", "SwiftFax fax (faxd)", nil, nil)
        return .ok
    }

    static func report(_ uri: String, info: String) {
        cupsBackendReport("direct", uri, makeAndModel, info, deviceID, nil)
    }
}
