// Class1Modem: a T.31 (Class 1) fax modem over a V.250 AT channel — reset and identity, the
// T.31 primitives (+FTH/+FRH, +FTM/+FRM, +FTS/+FRS, abort with CAN), and nothing of T.30.
// Call control (dial, answer, rings, hang-up) is in Class1Modem+Call.swift.
//
// Used from one thread: the one that runs the call. Every wait has a deadline, so a modem that
// goes silent or talks nonsense yields a `Class1Error`, never a hang.

import SerialPort
import V250

public final class Class1Modem {
    public let channel: ATChannel
    /// The serial port, when the channel runs over one (for DTR hang-up and flow control).
    public let port: SerialPort?
    public private(set) var identity = ModemIdentity()
    public private(set) var quirks = ModemQuirks(name: "default")
    /// Whether the data mode last entered sends (+FTH/+FTM, or ATA's implied +FTH=3) rather than
    /// receives: a stream being sent is ended with <DLE><ETX>, one being received with CAN.
    public internal(set) var transmitting = false
    /// How long an ordinary command may take.
    public var commandTimeout: Duration = .seconds(3)

    public init(channel: ATChannel, port: SerialPort? = nil) {
        self.channel = channel
        self.port = port
    }

    /// Opens a serial device and wraps it. Ports with modem-control lines use RTS/CTS; others
    /// (ptys, bare USB bridges) use no flow control and the host paces its writes to the bit rate.
    public static func open(path: String, lockDirectory: String? = "/var/lock") throws(Class1Error) -> Class1Modem {
        let port: SerialPort
        do {
            port = try SerialPort.openModem(path: path, lockDirectory: lockDirectory)
        } catch {
            throw .transport(error)
        }
        return Class1Modem(channel: ATChannel(transport: port), port: port)
    }

    /// Closes the port (if this modem owns one).
    public func close() {
        port?.close()
    }

    // MARK: commands

    /// Sends a command and returns its result, whatever it is.
    @discardableResult
    public func command(_ line: String, timeout: Duration? = nil) throws(Class1Error) -> ATResult {
        do {
            return try channel.send(line, timeout: timeout ?? commandTimeout)
        } catch {
            throw Class1Error(error)
        }
    }

    /// Sends a command that must answer OK; returns its information lines.
    @discardableResult
    public func require(_ line: String, timeout: Duration? = nil) throws(Class1Error) -> [String] {
        let result = try command(line, timeout: timeout)
        guard result.isOK else { throw .unexpectedResult(command: line, result: result) }
        return result.info
    }

    /// Brings the modem to a known state: echo off, verbose results, no auto-answer; identifies
    /// it, picks its quirks entry, runs the entry's init commands and selects Class 1.
    /// A modem still in data mode is first sent `<DLE><ETX>` and CAN.
    public func reset() throws(Class1Error) {
        // Out of a stuck data mode (<DLE><ETX>, CAN between tries) and echo off.
        guard channel.wake() else { throw .notResponding(command: "ATE0") }
        // On hook: a modem left off hook by a host that died mid-call (a pty or a modem that
        // ignores DTR) would otherwise keep the old call up.
        try require("ATH0", timeout: .seconds(5))
        try require("ATV1")
        try require("ATQ0")
        try require("ATS0=0")
        identity = try identify()
        guard identity.supportsClass1 else { throw .notClass1(classes: identity.classes.sorted().map(\.rawValue)) }
        quirks = ModemQuirks.lookup(identity)
        for line in quirks.initCommands { try require(line) }
        try require("AT+FCLASS=1")
    }

    /// Asks the modem who it is and what it offers. Optional queries that answer ERROR are
    /// left empty; the capability queries must parse.
    public func identify() throws(Class1Error) -> ModemIdentity {
        var (id, classes): (ModemIdentity, ATResult)
        do {
            (id, classes) = try channel.queryIdentity(timeout: commandTimeout)
        } catch {
            throw Class1Error(error)
        }
        guard classes.isOK else { throw .unexpectedResult(command: "AT+FCLASS=?", result: classes) }
        do {
            id.classes = try FaxClass.parseSupported(classes.info)
        } catch {
            throw .invalidResponse(command: "AT+FCLASS=?", text: classes.info.joined(separator: " "))
        }
        if id.supportsClass1 {
            try require("AT+FCLASS=1")
            id.transmitModulations = try modulations("AT+FTM=?")
            id.receiveModulations = try modulations("AT+FRM=?")
            try require("AT+FCLASS=0")
        }
        return id
    }

    private func modulations(_ line: String) throws(Class1Error) -> Set<Modulation> {
        let result = try command(line)
        guard result.isOK else { return [] }
        do {
            return try Modulation.parseSupported(result.info)
        } catch {
            throw .invalidResponse(command: line, text: result.info.joined(separator: " "))
        }
    }

    // MARK: T.31 primitives

    /// `+FTH=3` / `+FTM=<code>`: start transmitting; returns once the modem says CONNECT.
    /// - Throws: `.unexpectedResult` for anything but CONNECT (ERROR, +FCERROR).
    public func startTransmit(_ modulation: Modulation) throws(Class1Error) {
        let line = modulation == .v21 ? "AT+FTH=3" : "AT+FTM=\(modulation.rawValue)"
        transmitting = true
        let result = try command(line, timeout: .seconds(5))
        guard case .connect = result else { throw .unexpectedResult(command: line, result: result) }
        if quirks.connectToDataDelay > .zero { Class1Sleep.sleep(quirks.connectToDataDelay) }
    }

    /// `+FRH=3` / `+FRM=<code>`: start receiving without waiting; poll with `pollReceive`.
    public func startReceive(_ modulation: Modulation) throws(Class1Error) {
        transmitting = false
        do {
            try channel.begin(modulation == .v21 ? "AT+FRH=3" : "AT+FRM=\(modulation.rawValue)")
        } catch {
            throw Class1Error(error)
        }
    }

    /// The result of the pending `+FRH`/`+FRM` if it arrived by `deadline`: CONNECT (carrier
    /// found), +FCERROR (a different carrier, typically V.21), NO CARRIER, ERROR. Nil: still waiting.
    public func pollReceive(until deadline: Deadline) throws(Class1Error) -> ATResult? {
        do {
            return try channel.poll(until: deadline)
        } catch {
            throw Class1Error(error)
        }
    }

    /// Aborts a pending `+FRH`/`+FRM` (before or after CONNECT) with CAN and waits for its end.
    public func abortReceive() throws(Class1Error) {
        do {
            _ = try channel.abortReceive(timeout: commandTimeout)
        } catch {
            throw Class1Error(error)
        }
    }

    /// A silence of `milliseconds` (rounded to 10 ms) the quirks' way: `+FTS` sends it, `+FRS`
    /// waits for it on the line.
    public func silence(milliseconds: Int) throws(Class1Error) {
        let n = max(1, min(255, (milliseconds + 9) / 10))
        let line = "AT+\(quirks.silence.rawValue)=\(n)"
        let result = try command(line, timeout: .milliseconds(n * 10) + commandTimeout)
        // +FRS answers NO CARRIER... only if the line dropped; OK otherwise. ERROR is tolerated:
        // a modem that cannot do it still goes on.
        if result == .noCarrier { throw .unexpectedResult(command: line, result: result) }
    }
}

/// A sleep for the driver (nanosleep; T31 stays Foundation-free).
public enum Class1Sleep {
    public static func sleep(_ duration: Duration) {
        let deadline = Deadline.after(duration)
        while !deadline.hasPassed {
            let (s, a) = deadline.remaining.components
            var request = timespec(tv_sec: Int(s), tv_nsec: Int(a / 1_000_000_000))
            var rest = timespec()
            _ = nanosleep(&request, &rest)
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif
