// T32Class1Mode: Class 1 on the Class 2/2.0 modem's line, as in real multi-class modems — after
// AT+FCLASS=1 spandsp's T.31 emulator takes the pty and the calls over until the DTE selects
// another class (AT+FCLASS=0/2/2.0, ATZ, AT&F) while no call is up.
//
// The DTE side still reads the pty. In command mode it gathers each line and either keeps it (a
// class change) or hands it to T.31 whole; after T.31's CONNECT everything goes to T.31 as it
// comes, in small pieces that stop the moment T.31 drops CTS, until its next final result code.

import CSpanDSP
import Foundation

final class T32Class1Mode {
    private var t31: OpaquePointer!
    private var atState: OpaquePointer?
    private(set) var link: LockstepAudioLink?
    private var ctsOff = false
    private var suppressOutput = false
    private var dataMode = false
    private var line: [UInt8] = []
    private var pending: [UInt8] = []
    private var recentOutput: [UInt8] = []
    /// Output for the DTE.
    private let emit: ([UInt8]) -> Void
    /// T.31 asks the "telephone" to dial (number), answer (nil) or hang up ("").
    private let telephone: (Int, String?) -> Void
    var inCall = false

    init(echo: Bool, emit: @escaping ([UInt8]) -> Void, telephone: @escaping (Int, String?) -> Void) {
        self.emit = emit
        self.telephone = telephone
        let me = Unmanaged.passUnretained(self).toOpaque()
        t31 = t31_init(nil, { atState, userData, buffer, length in
            let mode = Unmanaged<T32Class1Mode>.fromOpaque(userData!).takeUnretainedValue()
            mode.atState = atState
            if let buffer { mode.output(Array(UnsafeBufferPointer(start: buffer, count: length))) }
            return Int32(length)
        }, me, { _, userData, op, argument in
            let mode = Unmanaged<T32Class1Mode>.fromOpaque(userData!).takeUnretainedValue()
            // Only CALL's argument is a string (the number); for CTS it is a flag (nil or not).
            let isCall = op == Int32(AT_MODEM_CONTROL_CALL.rawValue)
            return mode.control(op: Int(op), argument: isCall ? argument.map { String(cString: $0) } : argument.map { _ in "" })
        }, me, nil, nil)
        t31_set_transmit_on_idle(t31, 1)
        suppressOutput = true
        let setup = "ATE\(echo ? 1 : 0)+FCLASS=1\r"
        _ = t31_at_rx(t31, setup, Int32(setup.utf8.count))
        suppressOutput = false
    }

    deinit {
        t31_free(t31)
    }

    /// Bytes from the DTE. Returns a command line the DTE side must take back (a class change).
    func input(_ bytes: ArraySlice<UInt8>) -> String? {
        for byte in bytes {
            if dataMode {
                pending.append(byte)
                continue
            }
            line.append(byte)
            guard byte == 0x0D else { continue }
            let text = String(decoding: line, as: UTF8.self).trimmingSpaces.uppercased()
            if !inCall, Self.leavesClass1(text) {
                line.removeAll()
                return text
            }
            pending += line
            line.removeAll()
        }
        feed()
        return nil
    }

    static func leavesClass1(_ command: String) -> Bool {
        let compact = command.replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "\r", with: "")
        return ["AT+FCLASS=0", "AT+FCLASS=2", "AT+FCLASS=2.0", "ATZ", "ATZ0", "AT&F", "AT&F0"].contains(compact)
    }

    /// Hands waiting input to T.31 while it has room (CTS on).
    func feed() {
        T31Glue.feed(&pending, to: t31, ctsOff: { ctsOff })
    }

    private func output(_ bytes: [UInt8]) {
        guard !suppressOutput else { return }
        emit(bytes)
        // Follow T.31's result codes: after CONNECT the DTE's bytes are data until the next final code.
        recentOutput = Array((recentOutput + bytes).suffix(32))
        let text = String(decoding: recentOutput, as: UTF8.self)
        if text.hasSuffix("CONNECT\r\n") {
            dataMode = true
            recentOutput.removeAll()
        } else if ["\r\nOK\r\n", "ERROR\r\n", "NO CARRIER\r\n", "+FCERROR\r\n", "BUSY\r\n", "NO ANSWER\r\n", "NO DIALTONE\r\n"].contains(where: text.hasSuffix) {
            dataMode = false
            recentOutput.removeAll()
        }
    }

    private func control(op: Int, argument: String?) -> Int32 {
        switch op {
        case Int(AT_MODEM_CONTROL_CALL.rawValue):
            inCall = true
            telephone(op, argument ?? "")
        case Int(AT_MODEM_CONTROL_ANSWER.rawValue):
            inCall = true
            telephone(op, nil)
        case Int(AT_MODEM_CONTROL_HANGUP.rawValue):
            if inCall || link != nil { telephone(op, nil) }
            inCall = false
            link = nil
        case Int(AT_MODEM_CONTROL_CTS.rawValue):
            ctsOff = argument == nil
        default:
            break
        }
        return 0
    }

    // MARK: the exchange

    func handle(_ event: LineEvent) {
        switch event {
        case .incomingCall(let caller):
            if let atState {
                at_reset_call_info(atState)
                at_set_call_info(atState, "NMBR", caller.number.isEmpty ? "P" : caller.number)
            }
        default:
            T31Glue.deliver(event, to: t31, atState: atState, link: &link, inCall: &inCall)
        }
    }

    /// One 20 ms block each way when the clock has delivered one.
    func tickAudio() {
        guard let link else { return }
        if !T31Glue.tick(t31, link: link) { self.link = nil }
    }

}
