// VirtualModemLine: a Class 1 fax modem on a pseudo-terminal, built from spandsp's T.31 modem
// emulator. Any fax program that drives a real Class 1 modem (efax, HylaFAX, SwiftFax's own
// driver) can drive it: it answers AT commands, ATD rings the called line, an incoming call
// raises RING with caller-ID lines, and the usual CONNECT / NO CARRIER / BUSY / NO ANSWER /
// NO DIALTONE result codes come back.
//
// The modem runs on a thread of its own: a poll(2) loop over the pty and a wake pipe, so AT
// commands are answered the moment they arrive and audio ticks are handled as the clock delivers.

import CSpanDSP
import Foundation
import Glibc

public final class VirtualModemLine: ExchangeLine, @unchecked Sendable {
    public let number: String
    public let name: String
    public let profile: LineProfile
    /// The path clients open: the symlink if one was asked for, else the pty itself.
    public var devicePath: String { pty.linkPath ?? pty.slavePath }

    let events = LineEventQueue()
    private unowned let exchange: VirtualExchange
    private let pty: PseudoTerminal
    private var t31: OpaquePointer!
    private var atState: OpaquePointer?
    private var link: LockstepAudioLink?
    private var inCall = false
    private var ctsOff = false
    private var suppressOutput = false
    private var pendingOutput: [UInt8] = []
    /// Bytes read from the DTE and not yet accepted by the modem (held while CTS is off).
    private var input: [UInt8] = []
    private var thread: Thread?
    private let stopped = DispatchSemaphore(value: 0)
    private let maxPendingOutput = 64 * 1024

    init(exchange: VirtualExchange, number: String, name: String, profile: LineProfile, linkPath: String?) throws {
        self.exchange = exchange
        self.number = number
        self.name = name
        self.profile = profile
        pty = try PseudoTerminal(linkPath: linkPath)
        let me = Unmanaged.passUnretained(self).toOpaque()
        t31 = t31_init(
            nil,
            { atState, userData, buffer, length in
                let line = Unmanaged<VirtualModemLine>.fromOpaque(userData!).takeUnretainedValue()
                line.atState = atState
                if let buffer { line.modemOutput(UnsafeBufferPointer(start: buffer, count: length)) }
                return Int32(length)
            }, me,
            { _, userData, op, num in
                Unmanaged<VirtualModemLine>.fromOpaque(userData!).takeUnretainedValue().modemControl(op: Int(op), argument: num)
            }, me,
            nil, nil
        )
        precondition(t31 != nil, "spandsp could not create a T.31 modem")
        t31_set_transmit_on_idle(t31, 1)
        // One silent command so the interpreter introduces itself (we need its state for caller ID).
        suppressOutput = true
        _ = t31_at_rx(t31, "AT\r", 3)
        suppressOutput = false
    }

    deinit {
        t31_free(t31)
    }

    func start() {
        let thread = Thread { [self] in run() }
        thread.name = "modem-\(number)"
        thread.qualityOfService = .userInteractive
        self.thread = thread
        thread.start()
    }

    func post(_ event: LineEvent) {
        events.post(event)
    }

    func audioArrived() {
        events.wakePipe.wake()
    }

    func waitUntilStopped(timeout: Double) {
        guard thread != nil else { return }
        _ = stopped.wait(timeout: .now() + timeout)
    }

    // MARK: the modem's thread

    private func run() {
        defer {
            pty.removeLink()
            stopped.signal()
        }
        var buffer = [UInt8](repeating: 0, count: 1024)
        while true {
            var fds = [
                pollfd(fd: events.wakePipe.readFD, events: Int16(POLLIN), revents: 0),
                pollfd(fd: pty.masterFD, events: Int16((ctsOff ? 0 : POLLIN) | (pendingOutput.isEmpty ? 0 : POLLOUT)), revents: 0),
            ]
            _ = poll(&fds, 2, 100)
            events.wakePipe.drain()
            for event in events.drain() {
                if case .shutdown = event { return }
                handle(event)
            }
            tickAudio()
            if !ctsOff, input.isEmpty, fds[1].revents & Int16(POLLIN) != 0 {
                let n = read(pty.masterFD, &buffer, buffer.count)
                if n > 0 { input.append(contentsOf: buffer[..<n]) }
            }
            feedInput()
            flushOutput()
        }
    }

    /// Hands what the DTE wrote to the modem as a UART would (T31Glue.feed).
    private func feedInput() {
        T31Glue.feed(&input, to: t31, ctsOff: { ctsOff })
    }

    private func tickAudio() {
        guard let link else { return }
        if !T31Glue.tick(t31, link: link) { self.link = nil }
    }

    private func handle(_ event: LineEvent) {
        switch event {
        case .incomingCall(let caller):
            if let atState {
                at_reset_call_info(atState)
                let date = DateFormatter()
                date.dateFormat = "MMdd"
                let time = DateFormatter()
                time.dateFormat = "HHmm"
                at_set_call_info(atState, "DATE", date.string(from: caller.date))
                at_set_call_info(atState, "TIME", time.string(from: caller.date))
                at_set_call_info(atState, "NMBR", caller.number.isEmpty ? "P" : caller.number)
                at_set_call_info(atState, "NAME", caller.name.isEmpty ? "O" : caller.name)
            }
        case .ring(let count):
            T31Glue.deliver(event, to: t31, atState: atState, link: &link, inCall: &inCall)
            if count == 1, let atState { at_display_call_info(atState) }  // caller ID between the first and second RING
        default:
            T31Glue.deliver(event, to: t31, atState: atState, link: &link, inCall: &inCall)
        }
    }

    /// The modem asks the "telephone" to do something (spandsp's AT_MODEM_CONTROL_*).
    private func modemControl(op: Int, argument: UnsafePointer<CChar>?) -> Int32 {
        switch op {
        case Int(AT_MODEM_CONTROL_CALL.rawValue):
            inCall = true
            exchange.dial(from: self, number: argument.map { String(cString: $0) } ?? "")
        case Int(AT_MODEM_CONTROL_ANSWER.rawValue):
            inCall = true
            exchange.answer(self)
        case Int(AT_MODEM_CONTROL_HANGUP.rawValue):
            if inCall || link != nil {
                exchange.hangUp(self)
            }
            inCall = false
            link = nil
        case Int(AT_MODEM_CONTROL_CTS.rawValue):
            // The modem's buffer is full (nil) or has room again: stop or resume reading the DTE.
            // A pty has no CTS wire, so a client that asked for software flow control (IXON)
            // also gets XOFF/XON, as a real modem in AT&K4 sends them; otherwise the pty's own
            // buffer holds the client back once we stop reading.
            let off = argument == nil
            if off != ctsOff, pty.clientUsesSoftwareFlowControl {
                pendingOutput.insert(off ? 0x13 : 0x11, at: 0)
                flushOutput()
            }
            ctsOff = off
        default:
            break
        }
        return 0
    }

    // MARK: output to the DTE

    private func modemOutput(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard !suppressOutput else { return }
        pendingOutput.append(contentsOf: bytes)
        if pendingOutput.count > maxPendingOutput {
            // Nobody is reading the device: keep the newest output only.
            pendingOutput.removeFirst(pendingOutput.count - maxPendingOutput)
        }
        flushOutput()
    }

    private func flushOutput() {
        pty.write(&pendingOutput)
    }
}

extension VirtualExchange {
    /// Adds a virtual Class 1 modem whose device appears at `path` (a symlink to its pty); nil
    /// leaves it at the pty's own /dev/pts name (see `devicePath`).
    public func addModem(number: String, name: String = "", path: String?, profile: LineProfile = LineProfile()) throws -> VirtualModemLine {
        let line = try VirtualModemLine(exchange: self, number: number, name: name, profile: profile, linkPath: path)
        register(line)
        line.start()
        return line
    }
}
