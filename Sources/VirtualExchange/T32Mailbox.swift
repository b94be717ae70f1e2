// T32Mailbox: what passes between the virtual Class 2 modem's two threads during a call — the
// DTE side (pty, AT commands, page data) and the line side (spandsp's T.30 and fax modems on the
// exchange's audio clock). The line side holds T.30 while it waits for the DTE; it looks here once
// per 20 ms block. It answers the DTE through `DTEAction`s, which the DTE side carries out in order.

import Foundation

/// What the line side asks the DTE side to say or do.
enum DTEAction: Sendable {
    /// Information lines and/or a final result code (e.g. ["+FCON"], ["+FPS:1", "OK"]).
    case respond([String], final: Bool)
    /// CONNECT for +FDT: the DTE's page data follows (Class 2 also gets an XON to start it).
    case connectForPage
    /// Class 2: the page that ended in DLE ETX has gone out; OK, and +FET may follow.
    case pageSent
    /// CONNECT for +FDR: once the DTE sends DC2 (or XON), this page, DLE ETX, then `trailer`.
    case sendPage([UInt8], trailer: [String])
    /// The session the DCS settled on, for +FCS? (the +FCS report itself is a `respond`).
    case negotiated(T32Parameters)
    /// The call is over: report the hang-up status (and end a pending command with OK).
    case callEnded(status: Int)
}

final class T32Mailbox: @unchecked Sendable {
    private let lock = NSLock()
    private var _transmitRequested = false
    private var _page: (bytes: [UInt8], ppm: Int?)?
    private var _fet: Int?
    private var _receiveRequested = false
    private var _pageDelivered = false
    private var _aborted = false
    private var _session = T32Parameters()
    private var _actions: [DTEAction] = []
    /// Wakes the DTE side's poll loop when an action is posted.
    let wake: @Sendable () -> Void

    init(session: T32Parameters, wake: @escaping @Sendable () -> Void) {
        _session = session
        self.wake = wake
    }

    private func locked<T>(_ body: () -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body()
    }

    // MARK: DTE side → line side

    /// +FDT arrived.
    var transmitRequested: Bool {
        get { locked { _transmitRequested } }
        set { locked { _transmitRequested = newValue } }
    }
    /// A page's coded data (LSB first) and the post-page message the DTE chose with it (0 MPS,
    /// 1 EOM, 2 EOP; nil after DLE ETX: +FET will tell).
    var page: (bytes: [UInt8], ppm: Int?)? {
        get { locked { _page } }
        set { locked { _page = newValue } }
    }
    /// Class 2: the +FET that followed the page's OK.
    var fet: Int? {
        get { locked { _fet } }
        set { locked { _fet = newValue } }
    }
    /// +FDR arrived.
    var receiveRequested: Bool {
        get { locked { _receiveRequested } }
        set { locked { _receiveRequested = newValue } }
    }
    /// The page handed over with `sendPage` has gone to the DTE.
    var pageDelivered: Bool {
        get { locked { _pageDelivered } }
        set { locked { _pageDelivered = newValue } }
    }
    /// The DTE hung up (ATH, +FKS, ATZ).
    var aborted: Bool {
        get { locked { _aborted } }
        set { locked { _aborted = newValue } }
    }
    /// The DTE's current session parameters (+FIS).
    var session: T32Parameters {
        get { locked { _session } }
        set { locked { _session = newValue } }
    }

    /// Takes the page, if one has arrived.
    func takePage() -> (bytes: [UInt8], ppm: Int?)? {
        locked {
            let page = _page
            _page = nil
            return page
        }
    }

    // MARK: line side → DTE side

    func post(_ action: DTEAction) {
        locked { _actions.append(action) }
        wake()
    }

    func takeActions() -> [DTEAction] {
        locked {
            let actions = _actions
            _actions.removeAll()
            return actions
        }
    }
}
