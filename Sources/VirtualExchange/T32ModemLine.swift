// T32ModemLine: a Class 2 / Class 2.0 (ITU-T T.32) fax modem on a pseudo-terminal — the DTE side.
// It reads AT command lines (T32Commands), keeps the service-class parameters (T32Settings),
// dials and answers on the exchange, and during a call trades with the line side (T32FaxCall, on
// a thread of its own) through a T32Mailbox: +FDT/+FDR/+FET and the DTE's page data go one way,
// result codes, reports (+FCON, +FCS, +FPS, +FHS…) and received pages the other.
//
// `class=2` is the SP-2388 "Class 2" dialect only; `class=2.0` answers +FCLASS=? with 0,1,2,2.0
// like the multi-class modems efax and mgetty probe, and AT+FCLASS=1 hands the line to spandsp's
// T.31 (T32Class1Mode) until the DTE picks another class.
// Page data: DLE DLE shields a DLE; DLE ETX ends a page (Class 2, then +FET), and in Class 2.0
// DLE , / DLE ; / DLE . end it with MPS / EOM / EOP. Received data starts after the DTE's DC2 (or XON).

import CSpanDSP
import Foundation
import Glibc
import Synchronization

public final class T32ModemLine: ExchangeLine, @unchecked Sendable {
    public let number: String
    public let name: String
    public let profile: LineProfile
    public var devicePath: String { pty.linkPath ?? pty.slavePath }

    let events = LineEventQueue()
    private unowned let exchange: VirtualExchange
    private let pty: PseudoTerminal
    private var settings: T32Settings
    private let defaultClass: String
    private var thread: Thread?
    private let stopped = DispatchSemaphore(value: 0)
    private let scratch: String

    // AT state
    private var echo = true
    private var verbose = true
    private var quiet = false
    private var sRegisters: [Int: Int] = [0: 0, 2: 43, 3: 13, 4: 10, 5: 8, 7: 60]
    private var lineReader = ATLineReader()
    private var output: [UInt8] = []
    /// A command that ends later (ATD, ATA, +FDT, +FET, +FDR, a page's DLE-ppm) is in progress.
    private var pendingFinal = false

    // call state
    private enum Mode {
        case command
        /// After +FDT's CONNECT: the DTE's page data, DLE-shielded.
        case pageFromDTE(data: [UInt8], sawDLE: Bool)
        /// After +FDR's CONNECT: waiting for DC2/XON to send `page`.
        case pageToDTE(page: [UInt8], trailer: [String])
    }
    private var mode = Mode.command
    private var ringing = false
    private var inCall = false
    private var mailbox: T32Mailbox?
    private var callThread: Thread?
    /// Class 2: the page that ended with DLE ETX has gone out; +FET may follow.
    private var fetExpected = false
    /// Class 1 (AT+FCLASS=1 on a Class 2.0 line): spandsp's T.31 has the pty and the calls.
    private var class1: T32Class1Mode?

    init(exchange: VirtualExchange, number: String, name: String, profile: LineProfile, linkPath: String?, dialect: T32ModemDialect) throws {
        self.exchange = exchange
        self.number = number
        self.name = name
        self.profile = profile
        pty = try PseudoTerminal(linkPath: linkPath)
        let classes = dialect == .class2 ? ["0", "2"] : ["0", "1", "2", "2.0"]
        settings = T32Settings(supportedClasses: classes)
        defaultClass = "0"
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("swiftfax-t32-\(number)-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
    }

    /// S0: the modem answers by itself on this ring (0: only on ATA).
    var autoAnswerRings: Int { registerZero.withLock { $0 } }
    private let registerZero = Mutex(0)

    func start() {
        let thread = Thread { [self] in run() }
        thread.name = "t32-modem-\(number)"
        thread.qualityOfService = .userInteractive
        self.thread = thread
        thread.start()
    }

    func post(_ event: LineEvent) { events.post(event) }

    /// Audio for the line: Class 1 (T.31) runs on this thread and trades a block per tick.
    func audioArrived() {
        if class1 != nil { events.wakePipe.wake() }
    }

    func waitUntilStopped(timeout: Double) {
        guard thread != nil else { return }
        _ = stopped.wait(timeout: .now() + timeout)
    }

    // MARK: the DTE side's thread

    private func run() {
        defer {
            mailbox?.aborted = true
            pty.removeLink()
            try? FileManager.default.removeItem(atPath: scratch)
            stopped.signal()
        }
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            var fds = [
                pollfd(fd: events.wakePipe.readFD, events: Int16(POLLIN), revents: 0),
                pollfd(fd: pty.masterFD, events: Int16(POLLIN | (output.isEmpty ? 0 : POLLOUT)), revents: 0),
            ]
            _ = poll(&fds, 2, 100)
            events.wakePipe.drain()
            for event in events.drain() {
                if case .shutdown = event { return }
                if let class1 { class1.handle(event) } else { handle(event) }
            }
            class1?.tickAudio()
            class1?.feed()
            if let mailbox {
                for action in mailbox.takeActions() { carryOut(action) }
            }
            if fds[1].revents & Int16(POLLIN) != 0 {
                let n = read(pty.masterFD, &buffer, buffer.count)
                if n > 0 {
                    if let class1 {
                        if let line = class1.input(buffer[..<n]) { leaveClass1(line) }
                    } else {
                        input(buffer[..<n])
                    }
                }
            }
            flush()
        }
    }

    private func handle(_ event: LineEvent) {
        switch event {
        case .incomingCall:
            ringing = true
        case .ring(let count):
            guard !inCall else { return }
            result("RING")
            if let rings = sRegisters[0], rings > 0, count >= rings, !pendingFinal { answer() }
        case .connected(let link):
            startCall(link: link, calling: false)
        case .answered(let link):
            startCall(link: link, calling: true)
        case .callFailed(let failure):
            inCall = false
            finish(failure == .busy ? "BUSY" : failure == .noAnswer ? "NO ANSWER" : failure == .noDialtone ? "NO DIALTONE" : "NO CARRIER")
        case .hungUp:
            ringing = false  // a call in progress ends when its audio link closes
        case .wake, .shutdown:
            break
        }
    }

    private func startCall(link: LockstepAudioLink, calling: Bool) {
        ringing = false
        inCall = true
        guard let dialect = settings.dialect else {
            exchange.hangUp(self)
            finish("NO CARRIER")
            return
        }
        let mailbox = T32Mailbox(session: settings.session, wake: { [events] in events.wakePipe.wake() })
        self.mailbox = mailbox
        let call = T32FaxCall(link: link, calling: calling, dialect: dialect, localIdentity: settings.localIdentity,
                              mailbox: mailbox, scratch: scratch)
        call.bitOrder = settings.bitOrder
        let thread = Thread { [weak self] in
            let status = call.run()
            mailbox.post(.callEnded(status: status))
            self?.events.wakePipe.wake()
        }
        thread.name = "t32-call-\(number)"
        thread.qualityOfService = .userInteractive
        callThread = thread
        thread.start()
    }

    private func carryOut(_ action: DTEAction) {
        switch action {
        case .respond(let lines, let final):
            for line in lines {
                if line == "OK" || final { finish(line) } else { info(line) }
            }
        case .connectForPage:
            result("CONNECT")
            if settings.dialect == .class2 { output.append(0x11) }  // XON: send the page
            mode = .pageFromDTE(data: [], sawDLE: false)
        case .pageSent:
            fetExpected = true
            finish("OK")
        case .sendPage(let page, let trailer):
            result("CONNECT")
            mode = .pageToDTE(page: page, trailer: trailer)
        case .negotiated(let session):
            settings.negotiated = session
        case .callEnded(let status):
            settings.hangupStatus = status
            // SP-2388 reports the code as a plain number (+FHNG:0), T.32 as two digits (+FHS:00).
            info(settings.dialect == .class2 ? "+FHNG:\(status)" : "+FHS:" + settings.hangupString)
            if pendingFinal { finish("OK") }
            endCall()
        }
    }

    private func endCall() {
        if inCall { exchange.hangUp(self) }
        inCall = false
        mailbox = nil
        callThread = nil
        mode = .command
        fetExpected = false
    }

    // MARK: Class 1

    private func enterClass1() {
        class1 = T32Class1Mode(echo: echo, emit: { [unowned self] in output += $0 }, telephone: { [unowned self] op, number in
            switch op {
            case Int(AT_MODEM_CONTROL_CALL.rawValue): exchange.dial(from: self, number: number ?? "")
            case Int(AT_MODEM_CONTROL_ANSWER.rawValue): exchange.answer(self)
            default: exchange.hangUp(self)
            }
        })
    }

    /// The DTE chose another class (or reset the modem) while in Class 1: the line is ours again.
    private func leaveClass1(_ line: String) {
        class1 = nil
        settings.fclass = "0"
        if echo { output += Array((line + "\r").utf8) }
        execute(line)
    }

    // MARK: input from the DTE

    private func input(_ bytes: ArraySlice<UInt8>) {
        for byte in bytes {
            switch mode {
            case .command:
                commandByte(byte)
            case .pageFromDTE(var data, var sawDLE):
                if sawDLE {
                    sawDLE = false
                    switch byte {
                    case 0x10: data.append(0x10)
                    case 0x1A: data += [0x10, 0x10]
                    case 0x03: pageEnded(data, ppm: nil); continue
                    case 0x2C: pageEnded(data, ppm: 0); continue  // DLE ,  MPS
                    case 0x3B: pageEnded(data, ppm: 1); continue  // DLE ;  EOM
                    case 0x2E: pageEnded(data, ppm: 2); continue  // DLE .  EOP
                    default: break
                    }
                } else if byte == 0x10 {
                    sawDLE = true
                } else {
                    data.append(byte)
                }
                mode = .pageFromDTE(data: data, sawDLE: sawDLE)
            case .pageToDTE(let page, let trailer):
                guard byte == 0x12 || byte == 0x11 else { continue }  // DC2 (or XON): start
                output += T32PageCoding.shielded(page) + [0x10, 0x03]
                mode = .command
                pendingFinal = true
                for line in trailer { line == "OK" ? finish(line) : info(line) }
                mailbox?.pageDelivered = true
            }
        }
    }

    /// The DTE's page is complete; it goes to the line side with its post-page message (DLE , ; .),
    /// or after DLE ETX without one: the OK then comes once the page has gone out, and +FET follows.
    private func pageEnded(_ data: [UInt8], ppm: Int?) {
        mode = .command
        pendingFinal = true
        mailbox?.page = ((settings.bitOrder & 1) == 1 ? T32PageCoding.reversed(data) : data, ppm)
    }

    private func commandByte(_ byte: UInt8) {
        if pendingFinal { return }  // a command is in progress: the modem is not listening
        if echo { output.append(byte) }
        if let line = lineReader.take(byte) { execute(line) }
    }

    // MARK: commands

    private func execute(_ line: String) {
        guard let commands = ATCommandLine.parse(line) else { return finish("ERROR") }
        for command in commands {
            switch command {
            case .basic(let letter, let value):
                guard basic(letter, value ?? 0) else { return finish("ERROR") }
                if pendingFinal { return }
            case .dial(let dialString):
                return dial(dialString)
            case .sRegister(let register, let value):
                if let value {
                    sRegisters[register] = value
                    if register == 0 { registerZero.withLock { $0 = value } }
                } else {
                    let value = sRegisters[register] ?? 0
                    info(String(format: "%03d", value))
                }
            case .extended(let name, let form):
                let outcome = settings.execute(name, form)
                mailbox?.session = settings.session
                switch outcome {
                case .ok(let lines):
                    lines.forEach(info)
                case .error:
                    return finish("ERROR")
                case .action(let action, let form):
                    guard perform(action, form) else { return finish("ERROR") }
                    if pendingFinal { return }
                }
            }
        }
        finish("OK")
        if settings.fclass == "1" { enterClass1() }
    }

    private func basic(_ letter: String, _ value: Int) -> Bool {
        switch letter {
        case "E": echo = value != 0
        case "V": verbose = value != 0
        case "Q": quiet = value != 0
        case "Z", "&F":
            hangUp()
            settings.reset()
            settings.fclass = defaultClass
            echo = true
            verbose = true
            quiet = false
        case "H": hangUp()
        case "A": return answer()
        case "I": info(value == 3 ? "SwiftFax virtual modem, T.32 Class 2/2.0" : T32Settings.manufacturer)
        case "L", "M", "X", "&C", "&D", "&K", "&S", "&W", "&V": break
        case "O": return false
        default: return false
        }
        return true
    }

    @discardableResult
    private func answer() -> Bool {
        guard ringing, settings.dialect != nil, !inCall else { return false }
        pendingFinal = true
        inCall = true
        exchange.answer(self)
        return true
    }

    private func dial(_ dialString: String) {
        guard settings.dialect != nil, !inCall else { return finish("NO CARRIER") }
        pendingFinal = true
        inCall = true
        exchange.dial(from: self, number: dialString)
    }

    private func hangUp() {
        guard inCall || mailbox != nil else { return }
        mailbox?.aborted = true
        exchange.hangUp(self)
        inCall = false
    }

    /// +FDT, +FDR, +FET, +FKS during a call.
    private func perform(_ action: String, _ form: ExtendedForm) -> Bool {
        switch action {
        case "FKS":
            hangUp()
            return true
        case "FDT":
            guard let mailbox, inCall else { return false }
            pendingFinal = true
            mailbox.transmitRequested = true
            return true
        case "FDR":
            guard let mailbox, inCall else { return false }
            pendingFinal = true
            mailbox.receiveRequested = true
            return true
        case "FET":
            guard case .set(let text) = form, let ppm = Int(text), (0...2).contains(ppm),
                  let mailbox, fetExpected else { return false }
            fetExpected = false
            pendingFinal = true
            mailbox.fet = ppm
            return true
        default:
            return false
        }
    }

    // MARK: output to the DTE

    private static let numericCodes = ["OK": 0, "CONNECT": 1, "RING": 2, "NO CARRIER": 3, "ERROR": 4, "NO DIALTONE": 6, "BUSY": 7, "NO ANSWER": 8]

    private func info(_ text: String) {
        output += Array((verbose ? "\r\n\(text)\r\n" : "\(text)\r\n").utf8)
    }

    private func result(_ code: String) {
        guard !quiet else { return }
        if verbose {
            output += Array("\r\n\(code)\r\n".utf8)
        } else {
            output += Array("\(Self.numericCodes[code] ?? 4)\r".utf8)
        }
    }

    /// A final result code: the command in progress is over.
    private func finish(_ code: String) {
        pendingFinal = false
        result(code)
    }

    private func flush() {
        pty.write(&output)
    }
}

extension VirtualExchange {
    /// Adds a virtual Class 2 (`.class2`) or Class 2/2.0 (`.class20`) fax modem whose device
    /// appears at `path` (a symlink to its pty).
    public func addClass2Modem(number: String, name: String = "", path: String?, dialect: T32ModemDialect = .class20,
                               profile: LineProfile = LineProfile()) throws -> T32ModemLine {
        let line = try T32ModemLine(exchange: self, number: number, name: name, profile: profile, linkPath: path, dialect: dialect)
        register(line)
        line.start()
        return line
    }
}
