// Class2Modem: the AT side of a Class 2 / 2.0 modem (ITU-T T.32; the SP-2388 "Class 2" dialect):
// opening the port, bringing the modem to a known state in the dialect it does best (2.0 where
// offered), the local identity and capabilities, and commands whose answers carry the modem's
// reports (+FCS, +FPS, +FHS…) as information lines. The modem runs T.30 itself; the host only
// asks and streams pages (Class2FrontEnd).

import Foundation
import SerialPort
import T30
import V250

public final class Class2Modem {
    public let channel: ATChannel
    /// The serial port, when this modem owns one.
    public let port: SerialPort?
    /// The dialect chosen by `reset`.
    public private(set) var dialect: T32Dialect = .class20
    /// The class selected by `reset`: 2, 2.0 or 2.1 (2.1 speaks the 2.0 dialect).
    public private(set) var selectedClass: FaxClass = .class2_0
    /// What `AT+FCLASS=?` offered.
    public var classes: Set<FaxClass> { identity.classes }
    /// Who the modem says it is, and the quirks row that matched it (after `reset`).
    public private(set) var identity = ModemIdentity()
    public private(set) var quirks = T32Quirks(name: "default")
    public var commandTimeout: Duration = .seconds(3)
    /// What a call on this modem may negotiate (ECM, modems, codings, resolutions): T32Offer makes
    /// +FCC and +FIS of it. Set it to the FaxSession's options before the call.
    public var sessionOptions = FaxSessionOptions()

    public init(channel: ATChannel, port: SerialPort? = nil) {
        self.channel = channel
        self.port = port
    }

    /// Opens a serial device: RTS/CTS where the port has the lines, else XON/XOFF from the modem
    /// (+FLO=1), as ptys and bare USB bridges need.
    public static func open(path: String, lockDirectory: String? = "/var/lock") throws(Class2Error) -> Class2Modem {
        let port: SerialPort
        do {
            port = try SerialPort.openModem(path: path, lockDirectory: lockDirectory)
        } catch {
            throw .transport(String(describing: error))
        }
        return Class2Modem(channel: ATChannel(transport: port), port: port)
    }

    public func close() { port?.close() }

    /// Sends a command and returns its result, whatever it is.
    @discardableResult
    public func command(_ line: String, timeout: Duration? = nil) throws(Class2Error) -> ATResult {
        do {
            return try channel.send(line, timeout: timeout ?? commandTimeout)
        } catch {
            throw Class2Error(error)
        }
    }

    /// Sends a command that must answer OK; returns its information lines.
    @discardableResult
    public func require(_ line: String, timeout: Duration? = nil) throws(Class2Error) -> [String] {
        let result = try command(line, timeout: timeout)
        guard result.isOK else { throw .unexpectedResult(command: line, result: result.description) }
        return result.info
    }

    /// Echo off, verbose results, on hook, no auto-answer; identifies the modem and finds its
    /// quirks row; picks the class (`prefer` if the modem offers it, else 2.1, 2.0, 2), selects it, and sets what every call needs: the
    /// station identity, direct bit order, receive enabled, and (2.0) the reports the driver reads.
    public func reset(stationIdentity: String, prefer: T32Dialect? = nil) throws(Class2Error) {
        guard channel.wake() else { throw .notResponding(command: "ATE0") }
        try require("ATH0", timeout: .seconds(5))
        try require("ATV1")
        try require("ATQ0")
        try require("ATS0=0")
        identity = try identify()
        quirks = T32Quirks.lookup(identity)
        guard let chosen = Self.choose(from: identity.classes, prefer: prefer) else {
            throw .notClass2(classes: identity.classes.map(\.rawValue).sorted())
        }
        selectedClass = chosen
        dialect = chosen == .class2 ? .class2 : .class20
        try require("AT+FCLASS=\(chosen.rawValue)")
        for line in quirks.initCommands { try require(line) }
        switch dialect {
        case .class20:
            try require("AT+FNR=1,1,1,0")  // report +FCS, +FTI/+FCI, +FPS… as they happen
            try require("AT+FLO=1")
            try require("AT+FBO=0")
            try require("AT+FCR=1")
            try setLocalIdentity(stationIdentity)
        case .class2:
            try require("AT+FBOR=0")
            try require("AT+FCR=1")
            try setLocalIdentity(stationIdentity)
        }
    }

    /// Asks the modem who it is and which classes it offers (`+FCLASS=?` must answer).
    public func identify() throws(Class2Error) -> ModemIdentity {
        let queried: (identity: ModemIdentity, classes: ATResult)
        do {
            queried = try channel.queryIdentity(timeout: commandTimeout)
        } catch {
            throw Class2Error(error)
        }
        guard queried.classes.isOK else { throw .unexpectedResult(command: "AT+FCLASS=?", result: queried.classes.description) }
        return queried.identity
    }

    /// The Class 2 class to select among `offered`: `prefer` (2 or 2.0; 2.0 also takes 2.1) if
    /// offered, else the newest: 2.1, 2.0, 2.
    public static func choose(from offered: Set<FaxClass>, prefer: T32Dialect? = nil) -> FaxClass? {
        let order: [FaxClass] = switch prefer {
        case .class2: [.class2, .class2_1, .class2_0]
        case .class20, nil: [.class2_1, .class2_0, .class2]
        }
        return order.first { offered.contains($0) }
    }

    /// The station identity the modem sends (TSI / CSI): +FLI (2.0) / +FLID (2); printable ASCII,
    /// at most 20 characters (T.30), no quotes.
    public func setLocalIdentity(_ identity: String) throws(Class2Error) {
        let text = String(identity.unicodeScalars.filter { $0.isASCII && $0.value >= 0x20 && $0 != "\"" }.prefix(20).map(Character.init))
        try require("AT\(dialect == .class2 ? "+FLID" : "+FLI")=\"\(text)\"")
    }

    /// What this host offers for the call: +FCC (2.0) / +FDCC (2).
    public func setCapabilities(_ parameters: T32SessionParameters) throws(Class2Error) {
        try require("AT\(dialect.capabilitiesCommand)=\(parameters.text)")
    }

    /// Every report among `lines`, in order (lines that are none are dropped).
    public func responses(_ lines: [String]) -> [T32Response] {
        lines.compactMap { T32Response($0, dialect: dialect) }
    }
}
