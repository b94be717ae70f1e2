// T31Glue: how spandsp's T.31 emulator meets a pty and the exchange, shared by the Class 1 modem
// (VirtualModemLine) and Class 1 on the multi-class modem (T32Class1Mode): feeding it the DTE's
// bytes as a UART would, trading a block of audio per tick, and telling it how a call failed.

import CSpanDSP
import Glibc

enum T31Glue {
    /// Hands what the DTE wrote to T.31 in small pieces, stopping the moment it drops CTS.
    /// spandsp's T.31 keeps 1 KiB of room above its high tide and silently discards anything
    /// beyond its 4 KiB buffer (a lost DLE ETX would hang the page), so a real UART's behaviour
    /// — the DTE stops within a few bytes — matters here.
    static func feed(_ input: inout [UInt8], to t31: OpaquePointer, ctsOff: () -> Bool) {
        while !input.isEmpty, !ctsOff() {
            let count = min(input.count, 128)
            input.withUnsafeBufferPointer { bytes in
                bytes.baseAddress!.withMemoryRebound(to: CChar.self, capacity: count) { _ = t31_at_rx(t31, $0, Int32(count)) }
            }
            input.removeFirst(count)
        }
    }

    /// T.31's next 20 ms block (silence where it has nothing to send).
    static func block(_ t31: OpaquePointer) -> [Int16] {
        var block = [Int16](repeating: 0, count: LockstepAudioLink.blockSamples)
        let produced = Int(t31_tx(t31, &block, Int32(block.count)))
        for i in produced..<block.count { block[i] = 0 }
        return block
    }

    /// One tick, if the clock has delivered one: T.31 hears it and answers. False once the call is over.
    static func tick(_ t31: OpaquePointer, link: LockstepAudioLink) -> Bool {
        if link.isClosed { return false }
        guard var received = link.takeReceived() else { return true }
        _ = t31_rx(t31, &received, Int32(received.count))
        link.post(block(t31))
        return true
    }

    /// What T.31 hears of a call's events (ring, answer, failure, hang-up); caller ID is the line's own.
    static func deliver(_ event: LineEvent, to t31: OpaquePointer, atState: OpaquePointer?, link: inout LockstepAudioLink?, inCall: inout Bool) {
        switch event {
        case .ring:
            t31_call_event(t31, Int32(AT_CALL_EVENT_ALERTING.rawValue))
        case .connected(let answered):
            link = answered
            inCall = true
            t31_call_event(t31, Int32(AT_CALL_EVENT_ANSWERED.rawValue))
            answered.post(block(t31))
        case .answered(let dialled):
            link = dialled
            t31_call_event(t31, Int32(AT_CALL_EVENT_CONNECTED.rawValue))
            dialled.post(block(t31))
        case .callFailed(let failure):
            inCall = false
            callFailed(failure, t31: t31, atState: atState)
        case .hungUp:
            link = nil
            inCall = false
            t31_call_event(t31, Int32(AT_CALL_EVENT_HANGUP.rawValue))
        case .incomingCall, .wake, .shutdown:
            break
        }
    }

    /// Dialling failed: the result code T.31 gives the DTE.
    private static func callFailed(_ failure: CallFailure, t31: OpaquePointer, atState: OpaquePointer?) {
        switch failure {
        case .busy: t31_call_event(t31, Int32(AT_CALL_EVENT_BUSY.rawValue))
        case .noAnswer: t31_call_event(t31, Int32(AT_CALL_EVENT_NO_ANSWER.rawValue))
        case .noDialtone: t31_call_event(t31, Int32(AT_CALL_EVENT_NO_DIALTONE.rawValue))
        case .unassigned:
            if let atState {
                at_put_response_code(atState, Int32(AT_RESPONSE_CODE_NO_CARRIER))
                at_set_at_rx_mode(atState, Int32(AT_MODE_ONHOOK_COMMAND.rawValue))
            }
        }
    }
}

extension PseudoTerminal {
    /// Writes as much of `pending` to the DTE as the pty takes now; the rest stays.
    func write(_ pending: inout [UInt8]) {
        while !pending.isEmpty {
            let n = pending.withUnsafeBytes { Glibc.write(masterFD, $0.baseAddress, $0.count) }
            if n <= 0 { return }
            pending.removeFirst(n)
        }
    }
}
