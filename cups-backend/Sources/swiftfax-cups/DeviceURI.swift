// DeviceURI: which faxd a queue sends through. `swiftfax:/` is faxd's standard socket and any
// modem; `swiftfax:/GROUP` only modems in that group; `?socket=/path/faxd.sock` another faxd.
// cupsd passes the URI in DEVICE_URI (and argv[0]).

import Foundation

struct DeviceURI: Equatable {
    static let scheme = "swiftfax"
    static let standardSocket = "/run/swiftfax/faxd.sock"

    var socketPath: String
    var modemGroup: String?

    init(socketPath: String = DeviceURI.standardSocket, modemGroup: String? = nil) {
        self.socketPath = socketPath
        self.modemGroup = modemGroup
    }

    init?(_ text: String) {
        guard let components = URLComponents(string: text), components.scheme == Self.scheme else { return nil }
        let group = components.path.split(separator: "/").first.map(String.init)
        let socket = components.queryItems?.first(where: { $0.name == "socket" })?.value
        self.init(socketPath: socket.flatMap { $0.isEmpty ? nil : $0 } ?? Self.standardSocket,
                  modemGroup: group.flatMap { $0.isEmpty ? nil : $0 })
    }

    var text: String {
        var uri = "\(Self.scheme):/" + (modemGroup ?? "")
        if socketPath != Self.standardSocket {
            var allowed = CharacterSet.urlQueryAllowed
            allowed.remove(charactersIn: "&=+")
            uri += "?socket=" + (socketPath.addingPercentEncoding(withAllowedCharacters: allowed) ?? socketPath)
        }
        return uri
    }
}
