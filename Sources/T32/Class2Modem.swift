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
    /// What `AT+FCLASS=?` offered.
    public private(set) var classes: Set<FaxClass> = []
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

    /// Echo off, verbose results, on hook, no auto-answer; picks the dialect (`prefer` if the
    /// modem offers it, else 2.0, else 2), selects it, and sets what every call needs: the
    /// station identity, direct bit order, receive enabled, and (2.0) the reports the driver reads.
    public func reset(identity: String, prefer: T32Dialect? = nil) throws(Class2Error) {
        var answered = false
        for attempt in 0..<3 {
            if attempt > 0 {
                try? channel.transport.write([V250Control.dle, V250Control.etx, V250Control.can], deadline: .after(.seconds(1)))
            }
            if let result = try? channel.send("ATE0", timeout: .seconds(2)), result.isOK {
                answered = true
                break
            }
        }
        guard answered else { throw .notResponding(command: "ATE0") }
        try require("ATH0", timeout: .seconds(5))
        try require("ATV1")
        try require("ATQ0")
        try require("ATS0=0")
        let offered = try require("AT+FCLASS=?")
        classes = (try? FaxClass.parseSupported(offered)) ?? []
        let available = T32Dialect.allCases.filter { classes.contains(FaxClass(rawValue: $0.rawValue)) }
        guard let chosen = prefer.flatMap({ available.contains($0) ? $0 : nil }) ?? available.max(by: { $0.rawValue < $1.rawValue }) else {
            throw .notClass2(classes: classes.map(\.rawValue).sorted())
        }
        dialect = chosen
        try require("AT+FCLASS=\(chosen.rawValue)")
        let quoted = "\"" + identity.filter { $0.isASCII && $0 != "\"" } + "\""
        switch chosen {
        case .class20:
            try require("AT+FNR=1,1,1,0")  // report +FCS, +FTI/+FCI, +FPS… as they happen
            try require("AT+FLO=1")
            try require("AT+FBO=0")
            try require("AT+FCR=1")
            try require("AT+FLI=\(quoted)")
        case .class2:
            try require("AT+FBOR=0")
            try require("AT+FCR=1")
            try require("AT+FLID=\(quoted)")
        }
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
