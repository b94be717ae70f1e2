// ScriptedModem: a fake modem on a PseudoTerminal that answers AT command lines from a script —
// so tests can make a modem go silent mid-call, close the line, or talk garbage. A CAN byte (the
// abort of a pending receive) reaches the script as the command "<CAN>".

import Foundation
import Synchronization
import SerialPort

public final class ScriptedModem: @unchecked Sendable {
    public enum Reply: Sendable {
        /// Lines, each sent as CR LF text CR LF.
        case lines([String])
        /// Raw bytes, no framing.
        case raw([UInt8])
        /// Say nothing (ever again, if `forever`).
        case silence(forever: Bool)
        /// Close the pty master: the DTE sees the line hang up.
        case close
        /// CONNECT, then take a data stream (Class 2 page data: DLE-shielded, ended by <DLE><ETX>,
        /// <DLE>, <DLE>; or <DLE>.) and answer its end with `then` (silence if empty).
        case dataStream(then: [String])
    }

    public let pty: PseudoTerminal
    private let script: @Sendable (String) -> Reply
    private let stop = DispatchSemaphore(value: 0)
    private var silent = false
    /// Every command line received, in order.
    private let received = Mutex<[String]>([])

    public init(script: @escaping @Sendable (String) -> Reply) throws {
        pty = try PseudoTerminal()
        self.script = script
        let thread = Thread { [self] in run() }
        thread.start()
    }

    public var path: String { pty.slavePath }

    public var commands: [String] { received.withLock { $0 } }

    public func shutdown() {
        stop.signal()
        pty.close()
    }

    private func run() {
        var line: [UInt8] = []
        var stream: (then: [String], afterDLE: Bool)?
        while pty.isOpen {
            if stop.wait(timeout: .now()) == .success { return }
            guard let bytes = try? pty.read(maxCount: 256, deadline: .after(.milliseconds(50))) else { continue }
            for byte in bytes {
                if var taking = stream {
                    // In a data stream: only <DLE><ETX> , ; . end it.
                    if taking.afterDLE, [0x03, 0x2C, 0x3B, 0x2E].contains(byte) {
                        stream = nil
                        received.withLock { $0.append("<end of data>") }
                        if !silent, !taking.then.isEmpty {
                            try? pty.write(Array(taking.then.map { "\r\n\($0)\r\n" }.joined().utf8), deadline: .after(.seconds(1)))
                        }
                        continue
                    }
                    taking.afterDLE = !taking.afterDLE && byte == 0x10
                    stream = taking
                    continue
                }
                let command: String
                if byte == 0x18 {
                    command = "<CAN>"  // CAN aborts a receive at once, no CR follows
                    line.removeAll()
                } else {
                    guard byte == 0x0D else {
                        if byte >= 0x20 { line.append(byte) }
                        continue
                    }
                    command = String(decoding: line, as: UTF8.self)
                    line.removeAll()
                }
                guard !command.isEmpty else { continue }
                received.withLock { $0.append(command) }
                if silent { continue }
                switch script(command) {
                case .lines(let lines):
                    let text = lines.map { "\r\n\($0)\r\n" }.joined()
                    try? pty.write(Array(text.utf8), deadline: .after(.seconds(1)))
                case .raw(let raw):
                    try? pty.write(raw, deadline: .after(.seconds(1)))
                case .silence(let forever):
                    silent = forever
                case .close:
                    pty.close()
                    return
                case .dataStream(let then):
                    try? pty.write(Array("\r\nCONNECT\r\n".utf8), deadline: .after(.seconds(1)))
                    stream = (then, false)
                }
            }
        }
    }
}

/// A well-behaved Class 1 modem's answers to the reset and identity sequence.
public func class1Basics(_ command: String) -> ScriptedModem.Reply? {
    switch command.uppercased() {
    case "AT+FCLASS=?": .lines(["0,1,8", "OK"])
    case "AT+FTM=?", "AT+FRM=?": .lines(["24,48,72,96", "OK"])
    case "ATI": .lines(["Scripted 1.0", "OK"])
    case "AT+FMI?": .lines(["Scripted Modems Inc", "OK"])
    case "AT+FMM?": .lines(["ERROR"])
    case "AT+FMR?": .lines(["ERROR"])
    default: command.uppercased().hasPrefix("AT") && !command.uppercased().hasPrefix("ATD") && command.uppercased() != "ATA" ? .lines(["OK"]) : nil
    }
}
