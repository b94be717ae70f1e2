// V253CommandState: the virtual voice modem's command state — reading AT command lines (with
// T32Commands' V.250 parser), carrying them out, and the result codes, caller ID and events it
// reports. Voice commands answer ERROR unless +FCLASS=8; anything malformed is ERROR.

import Foundation

extension V253ModemLine {
    func commandByte(_ byte: UInt8) {
        if echo { output.append(byte) }
        if let line = lineReader.take(byte) { execute(line) }
    }

    func execute(_ line: String) {
        if hearWhileDeaf(line) { return }
        guard let commands = ATCommandLine.parse(line) else { return finish("ERROR") }
        for command in commands {
            switch command {
            case .basic(let letter, let value):
                guard basic(letter, value) else { return finish("ERROR") }
                if pendingFinal { return }
            case .dial(let dialString):
                if brokenClass1, settings.fclass == "1" { return brokenClass1Dial() }
                return dial(dialString)
            case .sRegister(let register, let value):
                guard (0...255).contains(register) else { return finish("ERROR") }
                if let value {
                    guard (0...255).contains(value) else { return finish("ERROR") }
                    sRegisters[register] = value
                    if register == 0 { registerZero.withLock { $0 = value } }
                } else {
                    info(String(format: "%03d", sRegisters[register] ?? 0))
                }
            case .extended(let name, let form):
                switch brokenClass1 ? (brokenClass1Answer(name, form) ?? settings.execute(name, form, class1: true)) : settings.execute(name, form) {
                case .ok(let lines):
                    lines.forEach(info)
                    detectors.silenceSensitivity = settings.silenceSensitivity
                    detectors.silenceInterval = settings.silenceInterval
                case .error:
                    return finish("ERROR")
                case .action(let action, let form):
                    guard perform(action, form) else { return finish("ERROR") }
                    if pendingFinal || state != .command { return }
                }
            }
        }
        finish("OK")
    }

    private func basic(_ letter: String, _ value: Int?) -> Bool {
        let n = value ?? 0
        switch letter {
        case "E": echo = n != 0
        case "V": verbose = n != 0
        case "Q": quiet = n != 0
        case "Z", "&F":
            goOnHook()
            settings.reset()
            detectors.silenceSensitivity = settings.silenceSensitivity
            detectors.silenceInterval = settings.silenceInterval
            echo = true
            verbose = true
            quiet = false
            sRegisters[0] = 0
            registerZero.withLock { $0 = 0 }
        case "H":
            switch n {
            case 0: goOnHook()
            case 1 where settings.voice: seizeLine()
            default: return false
            }
        case "A":
            guard settings.voice else {
                finish("NO CARRIER")
                return true
            }
            if !answer(result: "VCON") { finish("NO CARRIER") }
        case "I":
            guard (0...9).contains(n) else { return false }
            info(n == 3 ? "\(V253Settings.manufacturer) \(V253Settings.model) \(V253Settings.revision)" : "\(V253Settings.manufacturer) V.253")
        case "L", "M", "X", "&C", "&D", "&K", "&S", "&W", "&V": break
        default: return false
        }
        return true
    }

    /// +VLS=n, +VTX, +VRX, +VTR, +VTS, +VRID.
    private func perform(_ action: String, _ form: ExtendedForm) -> Bool {
        switch action {
        case "VLS":
            guard case .set(let v) = form else { return false }
            if v == "0" {
                goOnHook()
            } else if ringing, !inCall {
                // Selecting the telephone line while it rings answers the call (mgetty's V.253
                // driver answers this way); OK once connected.
                return answer(result: "OK")
            } else {
                seizeLine()
            }
            return true
        case "VTX", "VRX", "VTR":
            guard offHook else { return false }
            result("CONNECT")
            enterDataState(action == "VTX" ? .transmit : action == "VRX" ? .receive : .duplex)
            return true
        case "VTS":
            guard case .set(let text) = form, let segments = V253Tones.parse(text, defaultDuration: settings.toneDuration) else { return false }
            tones = V253TonePlayer(segments)
            pendingFinal = true
            return true
        case "VRID":
            guard case .set(let v) = form else { return false }
            if let caller = lastCaller { reportCallerID(caller, unformatted: v == "1") }
            return true
        default:
            return false
        }
    }

    // MARK: reports

    private static let numericCodes = ["OK": 0, "CONNECT": 1, "RING": 2, "NO CARRIER": 3, "ERROR": 4, "NO DIALTONE": 6, "BUSY": 7, "NO ANSWER": 8]

    func info(_ text: String) {
        output += Array((verbose ? "\r\n\(text)\r\n" : "\(text)\r\n").utf8)
    }

    func result(_ code: String) {
        guard !quiet else { return }
        if verbose {
            output += Array("\r\n\(code)\r\n".utf8)
        } else if let number = Self.numericCodes[code] {
            output += Array("\(number)\r".utf8)
        } else {
            output += Array("\(code)\r".utf8)
        }
    }

    /// A final result code: the command in progress is over.
    func finish(_ code: String) {
        pendingFinal = false
        result(code)
    }

    /// A ring on hook: RING (caller ID after the first, per +VCID); in a voice data state <DLE>R.
    func ring(count: Int) {
        if state != .command {
            report(.ring)
            return
        }
        result("RING")
        if count == 1, settings.callerID != 0, let caller = lastCaller {
            reportCallerID(caller, unformatted: settings.callerID == 2)
        }
    }

    /// Caller ID as V.253's formatted report (DATE= TIME= NMBR= NAME=) or unformatted (MESG= the
    /// MDMF message in hex, checksum included).
    func reportCallerID(_ caller: CallerID, unformatted: Bool) {
        let date = DateFormatter()
        date.dateFormat = "MMdd"
        let time = DateFormatter()
        time.dateFormat = "HHmm"
        let number = caller.number.isEmpty ? "P" : caller.number
        let name = caller.name.isEmpty ? "O" : caller.name
        if unformatted {
            var body: [UInt8] = []
            for (type, text) in [(1, date.string(from: caller.date) + time.string(from: caller.date)), (2, number), (7, name)] {
                let bytes = Array(text.utf8.prefix(255))
                body += [UInt8(type), UInt8(bytes.count)] + bytes
            }
            var message: [UInt8] = [0x80, UInt8(body.count)] + body
            let sum = message.reduce(UInt8(0)) { $0 &+ $1 }
            message.append(0 &- sum)
            info("MESG=" + message.map { String(format: "%02X", $0) }.joined())
        } else {
            info("DATE=" + date.string(from: caller.date))
            info("TIME=" + time.string(from: caller.date))
            info("NMBR=" + number)
            info("NAME=" + name)
        }
    }

    /// An event, if +VEM lets it through: a <DLE> code off hook (data states and the online voice
    /// command state); on hook only the ring is reported, as RING.
    func report(_ event: V253Event, digit: UInt8? = nil) {
        guard settings.eventMask & event.bit != 0, offHook || state != .command else { return }
        guard let code = digit ?? event.code else { return }
        output += [V253Shielding.dle, code]
    }
}
