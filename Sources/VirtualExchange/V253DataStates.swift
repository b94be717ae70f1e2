// V253DataStates: the virtual voice modem's voice data states — +VTX (DTE → line), +VRX (line →
// DTE) and +VTR (both at once) — and each 20 ms tick of audio.
//
// Transmit: the DTE's DLE-shielded samples fill a buffer the line empties at 8000 samples/s.
// Above half a second buffered the modem stops reading the pty (and sends XOFF when the DTE uses
// software flow control, IXON), below a quarter second it reads again (XON). <DLE><ETX> ends the
// data once the buffer has played out (then OK); <DLE><CAN> empties the buffer; <DLE>^ or <DLE>!
// ends at once. Receive: each tick's block goes to the DTE in the chosen format, DLE-shielded, with
// the detected events (<DLE>c, <DLE>a, <DLE>0…) between; <DLE>! or <DLE>^ from the DTE ends it:
// <DLE><ETX> and OK. XOFF/XON from the DTE hold and release the stream.

import Foundation

extension V253ModemLine {
    static let highWater = 4000
    static let lowWater = 2000
    static let transmitLimit = 16000
    static let receiveLimit = 256 * 1024

    func enterDataState(_ new: VoiceState) {
        state = new
        unshielder.reset()
        transmitBuffer.removeAll()
        decodeCarry = nil
        draining = false
        dteHeld = false
        if new != .transmit { detectors.restartSilence() }
        if new != .transmit, link == nil, !inCall, profile.dialTone, offHook {
            report(.dialTone)  // off hook with no call: the exchange's dial tone is on the line
        }
    }

    /// Back to the command state (the data state's final result code is the caller's to send).
    func endDataState() {
        state = .command
        transmitBuffer.removeAll()
        draining = false
        dteHeld = false
        resumeReading()
    }

    /// The DTE's bytes, as far as the modem can take them now.
    func takeInput() {
        var index = 0
        var data: [UInt8] = []
        defer {
            if !data.isEmpty { queueAudio(data) }
            held.removeFirst(index)
        }
        while index < held.count {
            let byte = held[index]
            switch state {
            case .command:
                if dialing {
                    // Any character aborts dialling (V.250 §6.3.1).
                    index += 1
                    goOnHook()
                    finish("NO CARRIER")
                    continue
                }
                guard !pendingFinal else { return }
                index += 1
                commandByte(byte)
            case .receive:
                index += 1
                if let command = unshielder.take(byte, into: &data) {
                    if command == UInt8(ascii: "!") || command == UInt8(ascii: "^") { finishData() }
                } else if data.last == 0x13 {
                    dteHeld = true
                } else if data.last == 0x11 {
                    dteHeld = false
                }
                data.removeAll()  // nothing the DTE sends in +VRX is audio
            case .transmit, .duplex:
                if draining { return }
                index += 1
                guard let command = unshielder.take(byte, into: &data) else { continue }
                queueAudio(data)
                data.removeAll()
                switch command {
                case V253Shielding.etx:
                    draining = true
                    if transmitBuffer.isEmpty { finishData() }
                case 0x18:  // CAN: clear the transmit buffer
                    transmitBuffer.removeAll()
                    decodeCarry = nil
                case UInt8(ascii: "^"), UInt8(ascii: "!"):
                    transmitBuffer.removeAll()
                    finishData()
                default:
                    break  // other DLE codes (volume, pause) are not supported and ignored
                }
            }
        }
    }

    private func queueAudio(_ bytes: [UInt8]) {
        guard !bytes.isEmpty, state == .transmit || state == .duplex else { return }
        let samples = settings.format.decode(bytes, carry: &decodeCarry)
        let room = Self.transmitLimit - transmitBuffer.count
        transmitBuffer += samples.prefix(max(0, room))  // beyond the limit: overrun, dropped
        if transmitBuffer.count > Self.highWater, !flowStopped {
            flowStopped = true
            if pty.clientUsesSoftwareFlowControl { output.insert(0x13, at: 0) }
        }
    }

    private func resumeReading() {
        guard flowStopped else { return }
        flowStopped = false
        if pty.clientUsesSoftwareFlowControl { output.insert(0x11, at: 0) }
    }

    /// The data state ends: in +VRX and +VTR the stream is closed with <DLE><ETX>; then OK.
    private func finishData() {
        if state == .receive || state == .duplex { output += [V253Shielding.dle, V253Shielding.etx] }
        endDataState()
        finish("OK")
    }

    /// One tick: returns the block for the line, after hearing `heard`.
    func tick(heard: [Int16]) -> [Int16] {
        var block = [Int16](repeating: 0, count: LockstepAudioLink.blockSamples)
        if var player = tones {
            player.fill(&block)
            tones = player.isFinished ? nil : player
            if player.isFinished, pendingFinal { finish("OK") }
        } else if state == .transmit || state == .duplex {
            let count = min(block.count, transmitBuffer.count)
            for i in 0..<count { block[i] = transmitBuffer[i] }
            transmitBuffer.removeFirst(count)
            if transmitBuffer.count < Self.lowWater, !draining { resumeReading() }
            if draining, transmitBuffer.isEmpty { finishData() }
        }
        apply(gain: settings.transmitGain, to: &block)

        var received = heard
        apply(gain: settings.receiveGain, to: &received)
        if state == .receive || state == .duplex, output.count < Self.receiveLimit {
            output += V253Shielding.shield(settings.format.encode(received[...]))
        }
        if offHook {
            for code in detectors.hear(received) {
                switch code {
                case UInt8(ascii: "c"): report(.faxCalling)
                case UInt8(ascii: "a"): report(.answerTone)
                case UInt8(ascii: "e"): report(.dataCalling)
                case UInt8(ascii: "s"): if state == .receive || state == .duplex { report(.silence) }
                case UInt8(ascii: "q"): if state == .receive || state == .duplex { report(.quiet) }
                default: report(.dtmf, digit: code)
                }
            }
        }
        return block
    }

    /// +VGT/+VGR: 128 is unity (0 means automatic: unity here), each step 1/128.
    private func apply(gain: Int, to block: inout [Int16]) {
        guard gain != 128, gain != 0 else { return }
        let factor = Double(gain) / 128
        for i in block.indices { block[i] = Int16(max(-32768, min(32767, (Double(block[i]) * factor).rounded()))) }
    }
}
