// V253ModemLine: a V.253 ("Class 8") voice modem on a pseudo-terminal — the line, its thread and
// its calls. Voice programs (mgetty's vgetty and vm, a host running fax in software over +VTR)
// drive it like a real voice modem; its audio is the exchange line's audio.
//
// One thread runs a poll(2) loop over the pty and a wake pipe. Audio moves in the exchange's 20 ms
// ticks: in a call each block the clock delivers is answered with one block (LockstepAudioLink);
// off hook with no call (dial tone, a dead line after the far end hung up) and while +VTS plays
// on hook, a local clock at the exchange's speed stands in, so the modem always runs at line rate.
// Commands: V253CommandState. Voice data (+VTX/+VRX/+VTR): V253DataStates.

import Foundation
import Glibc
import Synchronization

public final class V253ModemLine: ExchangeLine, @unchecked Sendable {
    public let number: String
    public let name: String
    public let profile: LineProfile
    public var devicePath: String { pty.linkPath ?? pty.slavePath }

    let events = LineEventQueue()
    unowned let exchange: VirtualExchange
    let pty: PseudoTerminal
    private var thread: Thread?
    private let stopped = DispatchSemaphore(value: 0)

    // command state (V253CommandState)
    var settings = V253Settings()
    var echo = true
    var verbose = true
    var quiet = false
    var sRegisters: [Int: Int] = [0: 0, 2: 43, 3: 13, 4: 10, 5: 8, 7: 60]
    var lineReader = ATLineReader(keepsControlCharacters: false)
    var output: [UInt8] = []
    /// Bytes read from the DTE and not yet taken (held while a command or the transmit buffer is busy).
    var held: [UInt8] = []
    /// A command that ends later (ATD, ATA, +VLS=1 answering, +VTS, the end of +VTX) is in progress.
    var pendingFinal = false

    // the line
    var offHook = false
    var ringing = false
    /// ATD is waiting for the far end to answer (its result code comes then).
    var dialing = false
    /// ATD returned at once (+VRN=0): the call may still be answered or fail.
    var awaitingAnswer = false
    /// ATA or +VLS=1 is waiting for the exchange to connect; its result code.
    var answering: String?
    var link: LockstepAudioLink?
    var inCall = false
    var lastCaller: CallerID?
    var nextLocalTick: Date?
    /// The far end answered an ATD: VCON once ringback has been gone for +VRA (V.253: the modem
    /// knows the call was answered only when the ringback stops).
    var connectReportDue: Date?

    // voice data (V253DataStates)
    enum VoiceState: Equatable { case command, transmit, receive, duplex }
    var state = VoiceState.command
    var unshielder = V253Unshielder()
    var transmitBuffer: [Int16] = []
    var decodeCarry: UInt8?
    /// <DLE><ETX> came: play out what is buffered, then end the data state.
    var draining = false
    /// We stopped reading the DTE (and sent XOFF if it uses software flow control).
    var flowStopped = false
    /// The DTE sent XOFF during +VRX: hold the stream.
    var dteHeld = false
    var tones: V253TonePlayer?
    let detectors = V253Detectors()

    /// S0: the modem answers by itself on this ring (0: only on ATA / +VLS=1).
    public var autoAnswerRings: Int { registerZero.withLock { $0 } }
    let registerZero = Mutex(0)
    /// What the modem is doing, for tests and people watching.
    public var voiceState: String { stateName.withLock { $0 } }
    let stateName = Mutex("command")

    /// The injected fault: Class 1 offered but broken (V253BrokenClass1).
    let brokenClass1: Bool
    /// Broken Class 1 after its CONNECT: only ATE0 is heard.
    var deafUntilWake = false

    init(exchange: VirtualExchange, number: String, name: String, profile: LineProfile, linkPath: String?, brokenClass1: Bool = false) throws {
        self.brokenClass1 = brokenClass1
        self.exchange = exchange
        self.number = number
        self.name = name
        self.profile = profile
        pty = try PseudoTerminal(linkPath: linkPath)
    }

    func start() {
        let thread = Thread { [self] in run() }
        thread.name = "v253-modem-\(number)"
        thread.qualityOfService = .userInteractive
        self.thread = thread
        thread.start()
    }

    func post(_ event: LineEvent) { events.post(event) }

    func audioArrived() { events.wakePipe.wake() }

    func waitUntilStopped(timeout: Double) {
        guard thread != nil else { return }
        _ = stopped.wait(timeout: .now() + timeout)
    }

    // MARK: the modem's thread

    /// Line seconds per tick of the local clock, at the exchange's speed.
    private var tickInterval: Double {
        let speed = exchange.options.speed
        return Double(LockstepAudioLink.blockSamples) / 8000 / (speed > 0 ? speed : 1)
    }

    /// The DTE's bytes are read only when the modem can take them.
    private var reading: Bool { !flowStopped && held.count < 4096 }

    private func run() {
        defer {
            pty.removeLink()
            stopped.signal()
        }
        var buffer = [UInt8](repeating: 0, count: 1024)
        while true {
            var timeout: Int32 = 100
            if link == nil, needsLocalClock {
                let next = nextLocalTick ?? Date()
                timeout = Int32(max(0, min(100, next.timeIntervalSinceNow * 1000)))
            }
            if let due = connectReportDue { timeout = min(timeout, Int32(max(0, due.timeIntervalSinceNow * 1000))) }
            var fds = [
                pollfd(fd: events.wakePipe.readFD, events: Int16(POLLIN), revents: 0),
                pollfd(fd: pty.masterFD, events: Int16((reading ? POLLIN : 0) | (output.isEmpty || dteHeld ? 0 : POLLOUT)), revents: 0),
            ]
            _ = poll(&fds, 2, timeout)
            events.wakePipe.drain()
            for event in events.drain() {
                if case .shutdown = event { return }
                handle(event)
            }
            runTicks()
            if let due = connectReportDue, due <= Date() {
                connectReportDue = nil
                dialing = false
                finish("VCON")
            }
            if reading, fds[1].revents & Int16(POLLIN) != 0 {
                let n = read(pty.masterFD, &buffer, buffer.count)
                if n > 0 { held.append(contentsOf: buffer[..<n]) }
            }
            takeInput()
            stateName.withLock { $0 = "\(state)" + (offHook ? ",off-hook" : "") + (inCall ? ",call" : "") }
            if !dteHeld { pty.write(&output) }
        }
    }

    private var needsLocalClock: Bool { offHook || tones != nil || draining }

    /// Trades audio for every tick that is due: the exchange's when a call is up, else the local clock's.
    private func runTicks() {
        if let link {
            if link.isClosed {
                self.link = nil
                return
            }
            while let received = link.takeReceived() {
                link.post(tick(heard: received))
            }
            nextLocalTick = nil
            return
        }
        guard needsLocalClock else {
            nextLocalTick = nil
            return
        }
        let now = Date()
        var next = nextLocalTick ?? now
        if now.timeIntervalSince(next) > 1 { next = now }  // the process was stopped: no burst
        let silence = [Int16](repeating: 0, count: LockstepAudioLink.blockSamples)
        while next <= now {
            _ = tick(heard: silence)
            next = next.addingTimeInterval(tickInterval)
        }
        nextLocalTick = next
    }

    // MARK: the exchange's events

    private func handle(_ event: LineEvent) {
        switch event {
        case .incomingCall(let caller):
            ringing = true
            lastCaller = caller
        case .ring(let count):
            guard !inCall, answering == nil else { return }
            ring(count: count)
            if let rings = sRegisters[0], rings > 0, count >= rings, settings.voice, !pendingFinal, state == .command {
                answer(result: "VCON")
            }
        case .connected(let link):
            ringing = false
            startAudio(link)
            if let result = answering {
                answering = nil
                finish(result)
            }
        case .answered(let link):
            startAudio(link)
            if dialing {
                let speed = exchange.options.speed > 0 ? exchange.options.speed : 1
                connectReportDue = Date().addingTimeInterval(Double(settings.ringbackGoesAway) / 10 / speed)
            }
            awaitingAnswer = false
        case .callFailed(let failure):
            inCall = false
            if dialing {
                goOnHook()
                finish(failure == .busy ? "BUSY" : failure == .noAnswer ? "NO ANSWER" : failure == .noDialtone ? "NO DIALTONE" : "NO CARRIER")
            } else if awaitingAnswer {
                awaitingAnswer = false
                if failure == .busy || failure == .unassigned { report(.busy) }
            }
        case .hungUp:
            ringing = false
            if inCall {
                // The far end hung up: the loop current drops. The line stays off hook (dead) until the DTE hangs up.
                inCall = false
                link = nil
                report(.loopCurrentInterruption)
            }
        case .wake, .shutdown:
            break
        }
    }

    private func startAudio(_ link: LockstepAudioLink) {
        self.link = link
        inCall = true
        offHook = true
        settings.lineSelect = 1
        detectors.restartSilence()
        link.post([Int16](repeating: 0, count: LockstepAudioLink.blockSamples))
    }

    // MARK: call control

    /// Answers the ringing call; `result` is the final result code once it is connected (VCON for
    /// ATA, OK for +VLS=1).
    @discardableResult
    func answer(result: String) -> Bool {
        guard ringing, !inCall, answering == nil else { return false }
        pendingFinal = true
        answering = result
        exchange.answer(self)
        return true
    }

    func dial(_ dialString: String) {
        guard settings.voice else { return finish("NO CARRIER") }  // no data modem behind this one
        guard !inCall, !dialing, !awaitingAnswer else { return finish("ERROR") }
        let digits = dialString.filter { $0.isNumber || $0 == "*" || $0 == "#" }
        guard !digits.isEmpty else { return finish("ERROR") }
        offHook = true
        settings.lineSelect = 1
        exchange.dial(from: self, number: digits)
        if settings.ringbackNeverCame == 0 {
            // +VRN=0: no waiting for ringback — OK at once; the call is answered (or fails) later.
            awaitingAnswer = true
            finish("OK")
        } else {
            dialing = true
            pendingFinal = true
        }
    }

    /// The DTE took the line off hook with no call (+VLS=1, ATH1).
    func seizeLine() {
        offHook = true
        settings.lineSelect = 1
        detectors.restartSilence()
    }

    /// On hook: whatever call there was ends.
    func goOnHook() {
        if inCall || dialing || awaitingAnswer || answering != nil { exchange.hangUp(self) }
        inCall = false
        dialing = false
        connectReportDue = nil
        awaitingAnswer = false
        answering = nil
        link = nil
        offHook = false
        settings.lineSelect = 0
        endDataState()
        tones = nil
    }
}

extension VirtualExchange {
    /// Adds a virtual V.253 voice modem whose device appears at `path` (a symlink to its pty); nil
    /// leaves it at the pty's own /dev/pts name (see `devicePath`).
    /// `brokenClass1`: the modem offers class 1 too, but its Class 1 goes deaf after a dial's
    /// CONNECT (a fault to test a fallback with).
    public func addVoiceModem(number: String, name: String = "", path: String?, profile: LineProfile = LineProfile(),
                              brokenClass1: Bool = false) throws -> V253ModemLine {
        let line = try V253ModemLine(exchange: self, number: number, name: name, profile: profile, linkPath: path, brokenClass1: brokenClass1)
        register(line)
        line.start()
        return line
    }
}
